import type { ApiCall, Persona } from '../../shared/wire.ts';
import type { Labels } from './labels.ts';

const SHOWN = 200;
/** Long polls say nothing about what the bot did; they would bury the calls that do. */
const isShown = (call: ApiCall) => call.method !== 'getUpdates';

/** The bot's Bot API calls, newest first, with Telegram's 429s and their retry_after. */
export function ApiPanel(props: {
  calls: ApiCall[];
  open: boolean;
  personas: Persona[];
  group: { id: number; title: string };
  t: Labels;
  onToggle: () => void;
}) {
  const { t } = props;
  const calls = props.calls.filter(isShown);
  const limited = calls.filter((call) => call.errorCode === 429).length;
  const chatName = (chatId: number | undefined) => {
    if (chatId === undefined) return '';
    if (chatId === props.group.id) return props.group.title;
    return props.personas.find((p) => p.id === chatId)?.name ?? String(chatId);
  };
  return (
    <aside class={`api-panel ${props.open ? 'open' : ''}`}>
      <button type="button" class="api-toggle" aria-expanded={props.open} onClick={props.onToggle}>
        {t('botApi')} · {calls.length} {t('calls')}
        {limited > 0 && <span class="limited"> · 429 × {limited}</span>}
      </button>
      {props.open && (
        <ol class="calls" aria-label={t('botApi')}>
          {calls
            .slice(-SHOWN)
            .reverse()
            .map((call) => (
              <li key={call.seq} class={call.ok ? 'ok' : 'failed'} data-method={call.method}>
                <time>{new Date(call.time).toLocaleTimeString([], { hour12: false })}</time>
                <b>{call.method}</b>
                <span class="chat-name">{chatName(call.chatId)}</span>
                <span class="outcome">
                  {call.ok
                    ? 'ok'
                    : call.retryAfter !== undefined
                      ? `429 · ${t('retryAfter', call.retryAfter)}`
                      : `${call.errorCode ?? ''} ${call.description ?? ''}`}
                  {call.inPenaltyWindow && ` · ${t('penalty')}`}
                </span>
              </li>
            ))}
        </ol>
      )}
    </aside>
  );
}
