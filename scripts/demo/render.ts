import type { InlineKeyboardButton, InlineKeyboardMarkup, Message } from 'grammy/types';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';

/** ANSI styles, or none when the output is not a terminal (or NO_COLOR is set). */
export interface Styles {
  dim(text: string): string;
  bold(text: string): string;
  accent(text: string): string;
  warn(text: string): string;
}

export function stylesFor(useColor: boolean): Styles {
  const wrap = (open: number, close: number) => (text: string) =>
    useColor ? `\x1b[${open}m${text}\x1b[${close}m` : text;
  return { dim: wrap(2, 22), bold: wrap(1, 22), accent: wrap(36, 39), warn: wrap(33, 39) };
}

/** Calls that are the bot's plumbing, not something a person would see in Telegram. */
const QUIET_METHODS = new Set([
  'getupdates',
  'getme',
  'deletewebhook',
  'setwebhook',
  'getwebhookinfo',
  'setmycommands',
  'getmycommands',
  'deletemycommands',
  'sendchataction',
  'getchat',
  'getfile',
]);

export function isPlumbing(call: RecordedCall): boolean {
  return QUIET_METHODS.has(call.method.toLowerCase());
}

/**
 * What a person would see of one Bot API call, as terminal lines: the bot's messages with their
 * buttons numbered, edits, pop-ups, and refused calls (429s) as dim notes. Nothing for plumbing.
 */
export function describeCall(call: RecordedCall, chatName: string, styles: Styles): string[] {
  const method = call.method.toLowerCase();
  if (!call.ok) return [styles.dim(`  · ${refusal(call, chatName)}`)];
  if (isPlumbing(call)) return [];
  const to = styles.accent(`bot → ${chatName}`);
  const message = isMessage(call.result) ? call.result : undefined;

  if (method === 'answercallbackquery') {
    const text = stringParam(call, 'text');
    return text ? [`${to} ${styles.dim('(pop-up)')}: ${text}`] : [];
  }
  if (method === 'deletemessage')
    return [`${to} ${styles.dim(`(deleted message ${call.params.message_id})`)}`];
  if (method.startsWith('editmessage')) {
    const body = message
      ? bodyOf(message)
      : (stringParam(call, 'text') ?? stringParam(call, 'caption') ?? '');
    const what = method === 'editmessagereplymarkup' ? '(edited buttons)' : '(edited)';
    return [
      ...block(`${to} ${styles.dim(what)}`, method === 'editmessagereplymarkup' ? '' : body),
      ...buttons(message),
    ];
  }
  if (method.startsWith('send')) {
    const body = message ? bodyOf(message) : (stringParam(call, 'text') ?? '');
    return [...block(to, body), ...buttons(message)];
  }
  return [styles.dim(`  · ${call.method} ${chatName}`)];
}

/** `sendMessage to 书记: 429 Too Many Requests: retry after 2 (…)`. */
function refusal(call: RecordedCall, chatName: string): string {
  const where = call.chatId === undefined ? '' : ` to ${chatName}`;
  const base = `${call.method}${where}: ${call.errorCode ?? '?'} ${call.description ?? ''}`.trimEnd();
  if (call.errorCode === 429) {
    const window = call.inPenaltyWindow ? ', asked again inside the penalty window' : '';
    return `${base} (Telegram's flood limit${window}; the bot waits ${call.retryAfter ?? '?'} s and retries)`;
  }
  return base;
}

/** The one-line summary `:calls` prints. */
export function summarizeCall(call: RecordedCall, chatName: string): string {
  const where = call.chatId === undefined ? '' : ` → ${chatName}`;
  const outcome = call.ok
    ? 'ok'
    : call.errorCode === 429
      ? `429 retry_after=${call.retryAfter ?? '?'}${call.inPenaltyWindow ? ' (penalty window)' : ''}`
      : `${call.errorCode ?? '?'} ${call.description ?? ''}`;
  return `#${call.seq} ${call.method}${where}: ${outcome}`;
}

/** The buttons of an inline keyboard, numbered in reading order as `:press` counts them. */
export function inlineButtons(markup: unknown): InlineKeyboardButton[] {
  const rows = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard;
  return Array.isArray(rows) ? rows.flat() : [];
}

function buttons(message: Message | undefined): string[] {
  const list = inlineButtons(message?.reply_markup);
  if (list.length === 0) return [];
  const shown = list.map((button, i) => `[${i + 1} ${button.text}${'url' in button ? ' ↗' : ''}]`);
  return [`    ${shown.join(' ')}`];
}

function block(header: string, body: string): string[] {
  const [first = '', ...rest] = body.split('\n');
  return [`${header}: ${first}`, ...rest.map((line) => (line ? `    ${line}` : ''))];
}

function bodyOf(message: Message): string {
  if (message.text !== undefined) return message.text;
  const caption = message.caption ? ` ${message.caption}` : '';
  if (message.photo) return `(photo)${caption}`;
  if (message.document) return `(document ${message.document.file_name ?? ''})${caption}`;
  return '(message)';
}

function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && 'message_id' in value;
}

function stringParam(call: RecordedCall, name: string): string | undefined {
  const value = call.params[name];
  return typeof value === 'string' ? value : undefined;
}
