import type { EmulatorEvent, RecordedCall } from '../../bot-api-emulator/index.ts';
import type { FeedEvent } from '../shared/wire.ts';
import { toApiCall } from './message-view.ts';

/** Methods whose success changes what a chat shows. */
const CHANGES_A_CHAT = /^(send(?!ChatAction)|edit|delete|copyMessage|forwardMessage)/i;
const ADDS_A_MESSAGE = /^(send|copyMessage|forwardMessage)/i;

/**
 * The emulator's events as the page needs them: which chat to redraw, and the bot's calls for the
 * Bot API panel. Only the demo bot's calls count (a test may use other tokens on the same emulator).
 */
export function toFeedEvents(event: EmulatorEvent, botToken: string): FeedEvent[] {
  if (event.type === 'call') return fromCall(event.call, botToken);
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
