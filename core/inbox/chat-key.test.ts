import { describe, expect, it } from 'vitest';
import { chatKeyOf } from './chat-key.ts';

describe('chatKeyOf', () => {
  it('keys messages by chat', () => {
    expect(chatKeyOf({ update_id: 1, message: { chat: { id: -100 }, from: { id: 5 } } })).toBe('chat:-100');
  });
  it('keys button presses by the chat of the pressed message', () => {
    expect(
      chatKeyOf({ update_id: 2, callback_query: { from: { id: 5 }, message: { chat: { id: 5 } } } }),
    ).toBe('chat:5');
  });
  it('falls back to the sender for chatless updates', () => {
    expect(chatKeyOf({ update_id: 3, inline_query: { from: { id: 9 } } })).toBe('user:9');
  });
});
