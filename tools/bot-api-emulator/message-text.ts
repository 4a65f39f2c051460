import type { MessageEntity } from 'grammy/types';
import { ApiError, badRequest } from './api-error.ts';
import { parseHtml } from './html-entities.ts';

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

/**
 * Turns text + parse_mode/entities into what Telegram stores: HTML parsed into entities,
 * surrounding whitespace trimmed (entities shifted), then the length checked.
 * MarkdownV2/Markdown are accepted but not parsed (stored as sent).
 */
export function formatText(
  raw: string,
  parseMode: string | undefined,
  explicitEntities: unknown,
  limits: { maxLength: number; tooLong: string },
): FormattedText {
  let parsed: FormattedText;
  const mode = (parseMode ?? '').toLowerCase();
  if (mode === 'html') {
    parsed = parseHtml(raw);
  } else if (mode === '' || mode === 'markdown' || mode === 'markdownv2') {
    parsed = {
      text: raw,
      entities: Array.isArray(explicitEntities) ? (explicitEntities as MessageEntity[]) : [],
    };
  } else {
    throw badRequest('unsupported parse_mode');
  }
  const trimmed = trimWithEntities(parsed);
  if (trimmed.text.length > limits.maxLength) throw new ApiError(400, `Bad Request: ${limits.tooLong}`);
  return trimmed;
}

function trimWithEntities({ text, entities }: FormattedText): FormattedText {
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const shifted: MessageEntity[] = [];
  for (const entity of entities) {
    const from = Math.max(0, entity.offset - start);
    const to = Math.min(trimmed.length, entity.offset + entity.length - start);
    if (to > from) shifted.push({ ...entity, offset: from, length: to - from });
  }
  return { text: trimmed, entities: shifted };
}
