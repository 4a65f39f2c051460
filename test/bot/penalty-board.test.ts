import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createPenaltyBoard, type PenaltyBoard } from '../../bot/api/penalty-board.ts';
import { createPenaltyGate } from '../../bot/api/penalty-gate.ts';
import { createLogger } from '../../core/logger.ts';

const logger = createLogger('silent', 'test');
const boards: PenaltyBoard[] = [];
afterEach(async () => {
  await Promise.all(boards.splice(0).map((board) => board.quit()));
});

function board(options: { now?: () => number; redisUrl?: string } = {}): PenaltyBoard {
  const made = createPenaltyBoard({
    redisUrl: options.redisUrl ?? String(process.env.REDIS_URL),
    prefix: `${process.env.REDIS_PREFIX}-board-${randomBytes(3).toString('hex')}`,
    logger,
    ...(options.now && { now: options.now }),
  });
  boards.push(made);
  return made;
}

describe('the penalty board (real Redis)', () => {
  it('keeps the later of two windows on a chat, and only on that chat', async () => {
    let now = 1_000_000;
    const shared = board({ now: () => now });
    await shared.close(42, 5_000);
    await shared.close(42, 2_000); // a shorter window met later does not shorten it
    expect(await shared.remainingMs(42)).toBe(5_000);
    expect(await shared.remainingMs(43)).toBe(0);
    now += 4_000;
    expect(await shared.remainingMs(42)).toBe(1_000);
    now += 1_000;
    expect(await shared.remainingMs(42)).toBe(0);
  });

  it('holds every chat while a bot-wide window is open', async () => {
    let now = 2_000_000;
    const shared = board({ now: () => now });
    await shared.close(42, 1_000);
    await shared.close(42, 3_000, { botWide: true });
    expect(await shared.remainingMs(42)).toBe(3_000);
    expect(await shared.remainingMs(99)).toBe(3_000);
    now += 3_000;
    expect(await shared.remainingMs(99)).toBe(0);
  });

  it('says "no window" at once when Redis cannot be reached', async () => {
    const away = board({ redisUrl: 'redis://127.0.0.1:1' });
    const started = Date.now();
    expect(await away.remainingMs(42)).toBe(0);
    await away.close(42, 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('the bot’s gate with a board', () => {
  it('does not send into a window another process posted, and posts the windows it meets', async () => {
    const windows = new Map<string, number>();
    const fake: PenaltyBoard = {
      remainingMs: async (chat) => windows.get(String(chat)) ?? 0,
      close: async (chat, ms) => {
        windows.set(String(chat), ms);
      },
      quit: async () => {},
    };
    const sent: number[] = [];
    const gate = createPenaltyGate(Date, fake);
    const send = (chat: number, answer: () => unknown) =>
      gate(
        async () => {
          sent.push(chat);
          return answer() as never;
        },
        'sendMessage',
        { chat_id: chat, text: 'hi' } as never,
      );

    // The worker met a 1 s window on chat 7: the bot's send waits it out before asking.
    windows.set('7', 300);
    const startedAt = Date.now();
    const waiting = send(7, () => ({ ok: true, result: true }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toEqual([]);
    windows.delete('7');
    await waiting;
    expect(sent).toEqual([7]);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);

    // The bot's own 429 on chat 8 is posted for the worker.
    await send(8, () => ({
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 2',
      parameters: { retry_after: 2 },
    }));
    expect(windows.get('8')).toBe(2_000);
  });
});
