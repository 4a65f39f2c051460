import type { ComponentChildren } from 'preact';
import type { TextEntity } from '../../shared/wire.ts';

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Telegram's formatting entities (offsets in UTF-16 units, as JS strings count) and bare links. */
export function MessageText(props: {
  text: string;
  entities?: TextEntity[] | undefined;
  onLink: (url: string, event: MouseEvent) => void;
}) {
  const { text, onLink } = props;
  const entities = [...(props.entities ?? [])]
    .filter((e) => ['bold', 'italic', 'code', 'pre', 'text_link', 'url', 'underline'].includes(e.type))
    .sort((a, b) => a.offset - b.offset);
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const entity of entities) {
    if (entity.offset < at) continue; // nested entities: the outer one wins
    if (entity.offset > at) parts.push(...linkify(text.slice(at, entity.offset), onLink));
    const inner = text.slice(entity.offset, entity.offset + entity.length);
    parts.push(styled(entity, inner, onLink));
    at = entity.offset + entity.length;
  }
  parts.push(...linkify(text.slice(at), onLink));
  return <span class="text">{parts}</span>;
}

function styled(entity: TextEntity, inner: string, onLink: (url: string, e: MouseEvent) => void) {
  switch (entity.type) {
    case 'bold':
      return <b>{inner}</b>;
    case 'italic':
      return <i>{inner}</i>;
    case 'underline':
      return <u>{inner}</u>;
    case 'code':
      return <code>{inner}</code>;
    case 'pre':
      return <pre>{inner}</pre>;
    default:
      return link(entity.url ?? inner, inner, onLink);
  }
}

function linkify(text: string, onLink: (url: string, e: MouseEvent) => void): ComponentChildren[] {
  const parts: ComponentChildren[] = [];
  let at = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    if (index > at) parts.push(text.slice(at, index));
    parts.push(link(match[0], match[0], onLink));
    at = index + match[0].length;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}

function link(url: string, label: string, onLink: (url: string, e: MouseEvent) => void) {
  return (
    <a href={url} target="_blank" rel="noreferrer" onClick={(event) => onLink(url, event)}>
      {label}
    </a>
  );
}
