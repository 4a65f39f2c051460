import type { InlineKeyboardMarkup } from 'grammy/types';
import { badRequest, ERRORS } from './api-error.ts';
import type { ParamReader } from './params.ts';

const BUTTON_ACTIONS = [
  'url',
  'callback_data',
  'web_app',
  'login_url',
  'switch_inline_query',
  'switch_inline_query_current_chat',
  'switch_inline_query_chosen_chat',
  'copy_text',
  'callback_game',
  'pay',
] as const;

/**
 * Reads and validates reply_markup. Inline keyboards are checked the way Telegram checks
 * them (callback_data must be 1–64 bytes, every button needs exactly one action); reply
 * keyboards, remove_keyboard and force_reply are accepted as sent.
 */
export function readReplyMarkup(params: ParamReader): Record<string, unknown> | undefined {
  const markup = params.json<unknown>('reply_markup', "can't parse reply keyboard markup JSON object");
  if (markup === undefined) return undefined;
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) {
    throw badRequest('object expected as reply markup');
  }
  const record = markup as Record<string, unknown>;
  if ('inline_keyboard' in record) validateInlineKeyboard(record.inline_keyboard);
  return record;
}

function validateInlineKeyboard(rows: unknown): void {
  if (!Array.isArray(rows))
    throw badRequest('can\'t parse inline keyboard: field "inline_keyboard" must be an Array');
  for (const row of rows) {
    if (!Array.isArray(row))
      throw badRequest('can\'t parse inline keyboard: field "inline_keyboard" must be an Array of Arrays');
    for (const button of row) {
      if (typeof button !== 'object' || button === null) {
        throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must be an Object");
      }
      const fields = button as Record<string, unknown>;
      if (typeof fields.text !== 'string')
        throw badRequest('can\'t parse inline keyboard button: Field "text" must be of type String');
      if (fields.text === '') throw badRequest('BUTTON_TEXT_EMPTY');
      const actions = BUTTON_ACTIONS.filter((action) => fields[action] !== undefined);
      if (actions.length === 0) {
        throw badRequest(
          "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
        );
      }
      if (fields.callback_data !== undefined) {
        const data = fields.callback_data;
        const bytes = typeof data === 'string' ? Buffer.byteLength(data) : 0;
        if (bytes < 1 || bytes > 64) throw badRequest(ERRORS.buttonDataInvalid);
      }
      if (
        fields.url !== undefined &&
        (typeof fields.url !== 'string' || !/^(https?|tg):\/\/\S+$/i.test(fields.url))
      ) {
        throw badRequest('BUTTON_URL_INVALID');
      }
    }
  }
}

/** All callback_data values on a message's inline keyboard. */
export function callbackDataOf(markup: unknown): string[] {
  const rows = (markup as InlineKeyboardMarkup | undefined)?.inline_keyboard;
  if (!Array.isArray(rows)) return [];
  return rows.flat().flatMap((button) => ('callback_data' in button ? [button.callback_data] : []));
}

/** Whether a message carries an inline keyboard (only those show up in `message.reply_markup`). */
export function isInlineKeyboard(markup: unknown): markup is InlineKeyboardMarkup {
  return typeof markup === 'object' && markup !== null && 'inline_keyboard' in markup;
}
