import type { MessageEntity } from 'grammy/types';
import { badRequest } from './api-error.ts';

const SUPPORTED_TAGS = new Set([
  'a',
  'b',
  'strong',
  'i',
  'em',
  'u',
  'ins',
  's',
  'strike',
  'del',
  'span',
  'tg-spoiler',
  'tg-emoji',
  'code',
  'pre',
  'blockquote',
]);

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

interface OpenTag {
  name: string;
  offset: number;
  attributes: Map<string, string>;
}

/**
 * Parses Telegram's HTML parse mode loosely (the tags and entities Telegram documents),
 * failing with Telegram's own `can't parse entities: ...` texts on unknown, unmatched or
 * unclosed tags.
 */
export function parseHtml(input: string): { text: string; entities: MessageEntity[] } {
  let text = '';
  const entities: MessageEntity[] = [];
  const open: OpenTag[] = [];
  const fail = (reason: string) => badRequest(`can't parse entities: ${reason}`);
  const byteOffset = (index: number) => Buffer.byteLength(input.slice(0, index));

  let i = 0;
  while (i < input.length) {
    const char = input[i] as string;
    if (char === '&') {
      const match = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(input.slice(i, i + 12));
      const decoded = match ? decodeEntity(match[1] as string) : undefined;
      if (match && decoded !== undefined) {
        text += decoded;
        i += match[0].length;
      } else {
        text += char;
        i++;
      }
      continue;
    }
    if (char !== '<') {
      text += char;
      i++;
      continue;
    }

    const begin = i;
    const close = input.indexOf('>', i);
    if (input[i + 1] === '/') {
      if (open.length === 0) throw fail(`Unexpected end tag at byte offset ${byteOffset(begin)}`);
      if (close < 0) throw fail(`Unclosed end tag at byte offset ${byteOffset(begin)}`);
      const endName = input
        .slice(i + 2, close)
        .trim()
        .toLowerCase();
      const top = open.pop() as OpenTag;
      if (endName !== '' && endName !== top.name) {
        throw fail(
          `Unmatched end tag at byte offset ${byteOffset(begin)}, expected "</${top.name}>", found "</${endName}>"`,
        );
      }
      const entity = entityFor(top, text.length - top.offset);
      if (entity) entities.push(entity);
      i = close + 1;
      continue;
    }

    if (close < 0) throw fail(`Unclosed start tag at byte offset ${byteOffset(begin)}`);
    const inside = input.slice(i + 1, close);
    const name = (/^[^\s/>]*/.exec(inside)?.[0] ?? '').toLowerCase();
    if (!SUPPORTED_TAGS.has(name))
      throw fail(`Unsupported start tag "${name}" at byte offset ${byteOffset(begin)}`);
    const attributes = parseAttributes(inside.slice(name.length));
    if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
      throw fail(`Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(begin)}`);
    }
    open.push({ name, offset: text.length, attributes });
    i = close + 1;
  }
  const unclosed = open.pop();
  if (unclosed) throw fail(`Can't find end tag corresponding to start tag "${unclosed.name}"`);
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

function decodeEntity(body: string): string | undefined {
  if (body.startsWith('#x') || body.startsWith('#X'))
    return safeCodePoint(Number.parseInt(body.slice(2), 16));
  if (body.startsWith('#')) return safeCodePoint(Number.parseInt(body.slice(1), 10));
  return NAMED_ENTITIES[body.toLowerCase()];
}

function safeCodePoint(code: number): string | undefined {
  return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/gi;
  for (const match of source.matchAll(pattern)) {
    const key = (match[1] as string).toLowerCase();
    attributes.set(key, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

function entityFor(tag: OpenTag, length: number): MessageEntity | undefined {
  if (length <= 0) return undefined;
  const base = { offset: tag.offset, length };
  switch (tag.name) {
    case 'b':
    case 'strong':
      return { ...base, type: 'bold' };
    case 'i':
    case 'em':
      return { ...base, type: 'italic' };
    case 'u':
    case 'ins':
      return { ...base, type: 'underline' };
    case 's':
    case 'strike':
    case 'del':
      return { ...base, type: 'strikethrough' };
    case 'span':
    case 'tg-spoiler':
      return { ...base, type: 'spoiler' };
    case 'code':
      return { ...base, type: 'code' };
    case 'pre': {
      const language = tag.attributes.get('class')?.replace(/^language-/, '');
      return language ? { ...base, type: 'pre', language } : { ...base, type: 'pre' };
    }
    case 'blockquote':
      return { ...base, type: tag.attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote' };
    case 'a': {
      const url = tag.attributes.get('href');
      return url ? { ...base, type: 'text_link', url } : undefined;
    }
    case 'tg-emoji':
      return { ...base, type: 'custom_emoji', custom_emoji_id: tag.attributes.get('emoji-id') ?? '' };
    default:
      return undefined;
  }
}
