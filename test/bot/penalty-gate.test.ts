import type { ApiResponse } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { createPenaltyGate } from '../../bot/api/penalty-gate.ts';

/** A fake clock the gate's sleeps advance, so no test waits in real time. */
function harness(answers: Array<(chat: number, at: number) => ApiResponse<unknown>>) {
  let now = 0;
  const clock = { now: () => now };
  const requests: Array<{ chat: number; at: number }> = [];
  const gate = createPenaltyGate(clock);
  const realSetTimeout = globalThis.setTimeout;
  // The gate sleeps with setTimeout: jump the clock instead of waiting.
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    now += ms;
    return realSetTimeout(fn, 0);
  }) as typeof setTimeout;
  const send = (chat: number) =>
    gate(
      async (_method, payload) => {
        const chatId = (payload as { chat_id: number }).chat_id;
        requests.push({ chat: chatId, at: now });
        const answer = answers.shift() ?? (() => ({ ok: true as const, result: true }));
        return answer(chatId, now) as never;
      },
      'sendMessage',
      { chat_id: chat, text: 'hi' } as never,
    );
  const restore = () => {
    globalThis.setTimeout = realSetTimeout;
  };
  return { send, requests, restore, advance: (ms: number) => (now += ms) };
}

const tooMany = (retry_after: number) => () =>
  ({
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retry_after}`,
    parameters: { retry_after },
  }) as const;

describe('penalty gate', () => {
  it('keeps the refused chat closed until retry_after has passed', async () => {
    const h = harness([tooMany(3)]);
    try {
      await h.send(1);
      await h.send(1);
      expect(h.requests).toEqual([
        { chat: 1, at: 0 },
        { chat: 1, at: 3000 },
      ]);
    } finally {
      h.restore();
    }
  });

  it('lets other chats through after a single chat is refused', async () => {
    const h = harness([tooMany(5)]);
    try {
      await h.send(1);
      await h.send(2);
      expect(h.requests.at(-1)).toEqual({ chat: 2, at: 0 });
    } finally {
      h.restore();
    }
  });

  it('closes every chat once a second chat is refused during a penalty (a bot-wide limit)', async () => {
    const h = harness([tooMany(5), tooMany(6)]);
    try {
      await h.send(1);
      await h.send(2);
      await h.send(3);
      expect(h.requests.map((r) => r.at)).toEqual([0, 0, 6000]);
    } finally {
      h.restore();
    }
  });

  it('passes other methods straight through', async () => {
    const h = harness([tooMany(5)]);
    try {
      await h.send(1);
      const gate = createPenaltyGate({ now: () => 0 });
      const result = await gate(async () => ({ ok: true, result: [] }) as never, 'getUpdates', {} as never);
      expect(result).toEqual({ ok: true, result: [] });
    } finally {
      h.restore();
    }
  });
});
