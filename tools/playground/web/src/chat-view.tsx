import { useEffect, useRef } from 'preact/hooks';
import type { ChatMessage } from '../../shared/wire.ts';
import { api } from './api.ts';
import type { Labels } from './labels.ts';
import { MessageText } from './message-text.tsx';

export interface ChatViewProps {
  messages: ChatMessage[];
  /** The persona looking: their own messages sit on the right. */
  viewerId: number;
  isGroup: boolean;
  /** Messages of the chat are still being fetched. */
  isLoading: boolean;
  t: Labels;
  onPress: (message: ChatMessage, data: string) => void;
  onReply: (message: ChatMessage) => void;
  onLink: (url: string, event: MouseEvent) => void;
}

/** A chat as Telegram draws it: bubbles, the newest at the bottom. */
export function ChatView(props: ChatViewProps) {
  const list = useRef<HTMLDivElement>(null);
  const last = props.messages.at(-1);
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [last?.id, last?.text, props.messages.length]);

  return (
    <div class="messages" ref={list} role="log" aria-live="polite" aria-busy={props.isLoading}>
      {!props.isLoading && props.messages.length === 0 && <p class="empty">{props.t('empty')}</p>}
      {props.messages.map((message) => (
        <Bubble key={message.id} message={message} {...props} />
      ))}
    </div>
  );
}

function Bubble(props: ChatViewProps & { message: ChatMessage }) {
  const { message, t } = props;
  const isOwn = !message.fromBot && message.from.id === props.viewerId;
  const time = new Date(message.date * 1000).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  return (
    <div
      class={`bubble ${isOwn ? 'own' : 'other'}`}
      data-message-id={message.id}
      data-from-bot={message.fromBot ? 'true' : 'false'}
    >
      {props.isGroup && !isOwn && <div class="sender">{message.from.name}</div>}
      {message.replyTo && (
        <div class="quote">
          <b>{message.replyTo.name}</b>
          <span>{message.replyTo.text}</span>
        </div>
      )}
      <Content {...props} />
      <div class="meta">
        {message.edited && <span class="edited">{t('edited')}</span>}
        <time>{time}</time>
        <button
          type="button"
          class="reply-button"
          aria-label={t('reply')}
          onClick={() => props.onReply(message)}
        >
          ↩
        </button>
      </div>
      {message.keyboard && (
        <div class="keyboard">
          {message.keyboard.map((row, r) => (
            <div class="row" key={r}>
              {row.map((button) => (
                <button
                  type="button"
                  key={button.text}
                  onClick={(event) =>
                    button.data !== undefined
                      ? props.onPress(message, button.data)
                      : button.url && props.onLink(button.url, event)
                  }
                >
                  {button.text}
                </button>
              ))}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function Content({ message, onLink }: ChatViewProps & { message: ChatMessage }) {
  const caption = message.caption && (
    <MessageText text={message.caption} entities={message.entities} onLink={onLink} />
  );
  if (message.photo) {
    const { width, height } = message.photo;
    return (
      <>
        <img
          class="photo"
          src={api.fileUrl(message.photo.fileId)}
          width={width}
          height={height}
          style={{ aspectRatio: `${width} / ${height}` }}
          loading="lazy"
          alt=""
        />
        {caption}
      </>
    );
  }
  if (message.document) {
    const url = api.fileUrl(message.document.fileId);
    const isImage = message.document.mimeType?.startsWith('image/');
    return (
      <>
        {isImage ? (
          <img class="photo" src={url} loading="lazy" alt={message.document.fileName} />
        ) : (
          <a class="document" href={url} download={message.document.fileName}>
            📄 {message.document.fileName}
          </a>
        )}
        {caption}
      </>
    );
  }
  if (message.voice) {
    const { duration } = message.voice;
    const seconds = `${Math.floor(duration / 60)}:${String(duration % 60).padStart(2, '0')}`;
    // The bot posts a voice item with its card as the caption: show both.
    return (
      <>
        {message.voice.hasBytes ? (
          <span class="voice">
            🎤{' '}
            <audio controls preload="none" src={api.fileUrl(message.voice.fileId)}>
              {/* A villager's voice message has no captions to offer. */}
              <track kind="captions" />
            </audio>{' '}
            {seconds}
          </span>
        ) : (
          <span class="voice">🎤 {seconds}</span>
        )}
        {caption}
      </>
    );
  }
  if (message.location) {
    const { latitude, longitude } = message.location;
    return (
      <span class="location">
        📍 {latitude.toFixed(4)}, {longitude.toFixed(4)}
      </span>
    );
  }
  if (message.sticker) return <span class="sticker">{message.sticker.emoji}</span>;
  return <MessageText text={message.text ?? ''} entities={message.entities} onLink={onLink} />;
}
