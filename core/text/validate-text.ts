import { DomainError, type DomainErrorCode } from '../errors.ts';

/** Telegram's own limits, named where a refusal quotes them. */
export const TELEGRAM_TEXT_LIMIT = 4096;
export const TELEGRAM_CAPTION_LIMIT = 1024;

// Control characters other than newline and tab have no place in names or comments.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Trims and checks a text of several lines (a comment, a reply): like validateShortText, but line
 * breaks stay (spaces within a line are collapsed, and at most one blank line is kept in a row).
 */
export function validateLongText(raw: string, options: { max: number; error: DomainErrorCode }): string {
  const text = raw
    .replace(/\r\n?/g, '\n')
    .replace(CONTROL, '')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (text.length === 0 || text.startsWith('/')) throw new DomainError(options.error);
  const length = [...text].length;
  if (length > options.max) throw new DomainError('text-too-long', { max: options.max, length });
  return text;
}

/**
 * Trims and checks a one-line text (a name, a household): not empty, not a command, within `max`
 * characters (counted as people count them, not UTF-16 units). Throws `error` or `text-too-long`.
 */
export function validateShortText(raw: string, options: { max: number; error: DomainErrorCode }): string {
  const text = raw.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  if (text.length === 0 || text.startsWith('/')) throw new DomainError(options.error);
  const length = [...text].length;
  if (length > options.max) throw new DomainError('text-too-long', { max: options.max, length });
  return text;
}
