import { useEffect, useRef } from 'preact/hooks';
import type { ButtonNotice } from '../../shared/wire.ts';
import type { Labels } from './labels.ts';

const TOAST_MS = 3_500;

/**
 * What the bot answered a button press with, as Telegram shows it: a toast over the chat that fades
 * by itself, or, for `show_alert`, an alert that stays until OK is pressed.
 */
export function Notice(props: { notice: ButtonNotice; t: Labels; onClose: () => void }) {
  const { notice, onClose } = props;
  const close = useRef(onClose);
  close.current = onClose;
  // Per notice, not per render: the page re-renders on every live event.
  useEffect(() => {
    if (notice.showAlert) return;
    const timer = setTimeout(() => close.current(), TOAST_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  if (!notice.showAlert) {
    return (
      <div class="toast" role="status" data-testid="button-notice">
        {notice.text}
      </div>
    );
  }
  return (
    <div class="dialog-backdrop">
      <div class="dialog alert" role="alertdialog" aria-modal="true" aria-label={props.t('notice')}>
        <p data-testid="button-notice">{notice.text}</p>
        <div class="actions">
          <button type="button" class="primary" onClick={onClose}>
            {props.t('ok')}
          </button>
        </div>
      </div>
    </div>
  );
}
