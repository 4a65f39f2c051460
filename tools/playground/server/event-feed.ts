import type { EmulatorEvent, RecordedCall } from '../../bot-api-emulator/index.ts';
import type { FeedEvent } from '../shared/wire.ts';
import { toApiCall } from './message-view.ts';

/** Methods whose success changes what a chat shows. */
const CHANGES_A_CHAT = /^(send(?!ChatAction)|edit|delete|copyMessage|forwardMessage)/i;
const ADDS_A_MESSAGE = /^(send|copyMessage|forwardMessage)/i;

/** Who pressed the button a callback query came from (the emulator remembers every query it made). */
export type PressedBy = (callbackQueryId: string) => number | undefined;

/**
 * The emulator's events as the page needs them: which chat to redraw, the bot's calls for the Bot
 * API panel, and the words a button press was answered with, for the person who pressed. Only the
 * demo bot's calls count (a test may use other tokens on the same emulator).
 */
export function toFeedEvents(event: EmulatorEvent, botToken: string, pressedBy: PressedBy): FeedEvent[] {
  if (event.type === 'call') return [...fromCall(event.call, botToken), ...noticeOf(event.call, pressedBy)];
  if (event.type === 'update') {
    const chatId = event.update.message?.chat.id ?? event.update.edited_message?.chat.id;
    return chatId === undefined ? [] : [{ type: 'chat', chatId, byBot: false, isNew: true }];
  }
  return [];
}

function fromCall(call: RecordedCall, botToken: string): FeedEvent[] {
  if (call.token !== botToken) return [];
  const events: FeedEvent[] = [{ type: 'call', call: toApiCall(call) }];
  if (call.ok && call.chatId !== undefined && CHANGES_A_CHAT.test(call.method)) {
    events.push({ type: 'chat', chatId: call.chatId, byBot: true, isNew: ADDS_A_MESSAGE.test(call.method) });
  }
  return events;
}

/** A successful answerCallbackQuery with text, as the notice Telegram shows the person who pressed. */
function noticeOf(call: RecordedCall, pressedBy: PressedBy): FeedEvent[] {
  if (!call.ok || call.method.toLowerCase() !== 'answercallbackquery') return [];
  const text = typeof call.params.text === 'string' ? call.params.text : '';
  const queryId = call.params.callback_query_id;
  const personaId = typeof queryId === 'string' ? pressedBy(queryId) : undefined;
  if (!text || personaId === undefined || call.chatId === undefined) return [];
  const showAlert = call.params.show_alert === true || call.params.show_alert === 'true';
  return [{ type: 'notice', personaId, chatId: call.chatId, text, showAlert }];
}
