import { useRef, useState } from 'preact/hooks';
import type { BotCommandItem, ChatMessage, OutgoingContent } from '../../shared/wire.ts';
import { currentLocation, photoOf, sampleClip, startRecording } from './attachments.ts';
import type { Labels } from './labels.ts';

export interface ComposerProps {
  t: Labels;
  commands: BotCommandItem[];
  replyTo: ChatMessage | undefined;
  /** A deep link's payload waiting for START, or '' for a bot chat never started. */
  startPayload: string | undefined;
  onCancelReply: () => void;
  onSend: (content: OutgoingContent) => Promise<void>;
}

/** Telegram's input bar: text, the commands menu, attachments, and START for a new chat. */
export function Composer(props: ComposerProps) {
  const { t } = props;
  const [text, setText] = useState('');
  const [menu, setMenu] = useState<'commands' | 'attach' | undefined>();
  const [recording, setRecording] = useState<{ stop: () => Promise<OutgoingContent> } | undefined>();
  const [problem, setProblem] = useState('');
  const photoInput = useRef<HTMLInputElement>(null);

  const send = async (content: OutgoingContent | Promise<OutgoingContent>) => {
    setMenu(undefined);
    setProblem('');
    try {
      await props.onSend(await content);
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    }
  };

  if (props.startPayload !== undefined) {
    const command = props.startPayload ? `/start ${props.startPayload}` : '/start';
    return (
      <div class="composer start">
        <button type="button" class="start-button" onClick={() => void send({ text: command })}>
          {t('start')}
        </button>
      </div>
    );
  }

  const submit = (event: Event) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (!trimmed) return;
    setText('');
    void send({ text: trimmed });
  };

  const record = async () => {
    if (recording) {
      setRecording(undefined);
      return send(recording.stop());
    }
    try {
      setRecording(await startRecording());
      setMenu(undefined);
    } catch {
      await send(sampleClip()); // no microphone (or no permission): a villager's sample clip instead
    }
  };

  return (
    <div class="composer-wrap">
      {props.replyTo && (
        <div class="reply-bar">
          <span>
            ↩ <b>{props.replyTo.from.name}</b> {props.replyTo.text ?? props.replyTo.caption ?? ''}
          </span>
          <button type="button" aria-label={t('cancel')} onClick={props.onCancelReply}>
            ✕
          </button>
        </div>
      )}
      {menu === 'commands' && (
        <ul class="menu commands" aria-label={t('commands')}>
          {props.commands.map((command) => (
            <li key={command.command}>
              <button type="button" onClick={() => void send({ text: `/${command.command}` })}>
                <b>/{command.command}</b> <span>{command.description}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {menu === 'attach' && (
        <ul class="menu attach" aria-label={t('attach')}>
          <li>
            <button type="button" onClick={() => photoInput.current?.click()}>
              🖼 {t('photo')}
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void send(currentLocation())}>
              📍 {t('location')}
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void record()}>
              🎤 {t('voice')}
            </button>
          </li>
          <li>
            <button type="button" onClick={() => void send(sampleClip())}>
              🔊 {t('sampleClip')}
            </button>
          </li>
        </ul>
      )}
      {problem && <p class="problem">{problem}</p>}
      <form class="composer" onSubmit={submit}>
        <button
          type="button"
          class="icon"
          aria-label={t('commands')}
          onClick={() => setMenu(menu === 'commands' ? undefined : 'commands')}
        >
          ☰
        </button>
        <input
          type="text"
          value={text}
          placeholder={t('message')}
          aria-label={t('message')}
          onInput={(event) => setText((event.target as HTMLInputElement).value)}
        />
        <button
          type="button"
          class="icon"
          aria-label={t('attach')}
          onClick={() => setMenu(menu === 'attach' ? undefined : 'attach')}
        >
          <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path
              d="M16.5 6.5v9.8a4.5 4.5 0 0 1-9 0V5.8a3 3 0 0 1 6 0v9.7a1.5 1.5 0 0 1-3 0V6.5"
              fill="none"
              stroke="currentColor"
              stroke-width="1.6"
              stroke-linecap="round"
            />
          </svg>
        </button>
        {recording ? (
          <button
            type="button"
            class="icon recording"
            aria-label={t('stopVoice')}
            onClick={() => void record()}
          >
            ⏺
          </button>
        ) : (
          <button type="submit" class="icon send" aria-label={t('send')}>
            ➤
          </button>
        )}
        <input
          ref={photoInput}
          type="file"
          accept="image/*"
          hidden
          data-testid="photo-input"
          onChange={(event) => {
            const input = event.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) void send(photoOf(file));
          }}
        />
      </form>
    </div>
  );
}
