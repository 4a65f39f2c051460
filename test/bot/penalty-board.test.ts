import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createPenaltyBoard, type PenaltyBoard } from '../../bot/api/penalty-board.ts';
import { createPenaltyGate } from '../../bot/api/penalty-gate.ts';
import { createLogger } from '../../core/logger.ts';

const logger = createLogger('silent', 'test');
const boards: PenaltyBoard[] = [];
afterEach(async () => {
  await Promise.all(boards.splice(0).map((board) => board.quit()));
});

function board(options: { now?: () => number; redisUrl?: string; prefix?: string } = {}): PenaltyBoard {
  const made = createPenaltyBoard({
    redisUrl: options.redisUrl ?? String(process.env.REDIS_URL),
    prefix: options.prefix ?? freshPrefix(),
    logger,
    ...(options.now && { now: options.now }),
  });
  boards.push(made);
  return made;
}

function freshPrefix(): string {
  return `${process.env.REDIS_PREFIX}-board-${randomBytes(3).toString('hex')}`;
}

/** Polls until the board knows of a window on the chat (pub/sub is asynchronous). */
async function windowSeen(seer: PenaltyBoard, chat: number): Promise<number> {
  const deadline = Date.now() + 2_000;
  while (seer.remainingMs(chat) === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return seer.remainingMs(chat);
}

describe('the penalty board (real Redis)', () => {
  it('keeps the later of two windows on a chat, and only on that chat', async () => {
    let now = 1_000_000;
    const shared = board({ now: () => now });
    await shared.ready();
    await shared.close(42, 5_000);
    await shared.close(42, 2_000); // a shorter window met later does not shorten it
    expect(shared.remainingMs(42)).toBe(5_000);
    expect(shared.remainingMs(43)).toBe(0);
    now += 4_000;
    expect(shared.remainingMs(42)).toBe(1_000);
    now += 1_000;
    expect(shared.remainingMs(42)).toBe(0);
  });

  it('holds every chat while a bot-wide window is open', async () => {
    let now = 2_000_000;
    const shared = board({ now: () => now });
    await shared.ready();
    await shared.close(42, 1_000);
    await shared.close(42, 3_000, { botWide: true });
    expect(shared.remainingMs(42)).toBe(3_000);
    expect(shared.remainingMs(99)).toBe(3_000);
    now += 3_000;
    expect(shared.remainingMs(99)).toBe(0);
  });

  it('tells the other processes of a window as it is posted, and only the later of two', async () => {
    const prefix = freshPrefix();
    const bot = board({ prefix });
    const worker = board({ prefix });
    await Promise.all([bot.ready(), worker.ready()]);
    await worker.close(42, 60_000);
    expect(await windowSeen(bot, 42)).toBeGreaterThan(59_000);
    expect(bot.remainingMs(43)).toBe(0);
    // The bot meets a shorter window on the same chat: what both know stays the longer one.
    await bot.close(42, 10_000);
    await worker.close(7, 30_000, { botWide: true });
    expect(await windowSeen(bot, 8)).toBeGreaterThan(29_000);
    expect(worker.remainingMs(42)).toBeGreaterThan(50_000);
    expect(bot.remainingMs(42)).toBeGreaterThan(50_000);

    // Redis keeps the windows in one key that lives as long as the last of them.
    const admin = new Redis(String(process.env.REDIS_URL));
    try {
      const ttl = await admin.pttl(`${prefix}:tg-penalties`);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      expect(await admin.zcard(`${prefix}:tg-penalties`)).toBe(2); // chat 42 and the bot-wide one
    } finally {
      admin.disconnect();
    }
  });

  it('reads the windows posted before it started, and those posted while its connection was down', async () => {
    const prefix = freshPrefix();
    const worker = board({ prefix });
    await worker.ready();
    await worker.close(42, 60_000);
    const late = board({ prefix });
    await late.ready();
    expect(late.remainingMs(42)).toBeGreaterThan(59_000);

    // The boards' listening connections are cut; a window is posted before they are back (the push is lost).
    const admin = new Redis(String(process.env.REDIS_URL));
    try {
      const clients = await admin.client('LIST');
      const ids = String(clients)
        .split('\n')
        .filter((line) => line.includes(`name=${prefix}:penalty-board`) && line.includes('cmd=subscribe'))
        .map((line) => /id=(\d+)/.exec(line)?.[1]);
      expect(ids.length).toBe(2);
      for (const id of ids) await admin.client('KILL', 'ID', String(id));
      await worker.close(78, 60_000);
      expect(await windowSeen(late, 78)).toBeGreaterThan(59_000);
    } finally {
      admin.disconnect();
    }
  });

  it('answers from memory when Redis cannot be reached, and keeps the windows it met itself', async () => {
    const away = board({ redisUrl: 'redis://127.0.0.1:1' });
    const started = Date.now();
    await away.ready();
    expect(away.remainingMs(42)).toBe(0);
    await away.close(42, 5_000);
    expect(away.remainingMs(42)).toBeGreaterThan(4_000);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});

describe('the bot’s gate with a board', () => {
  it('does not send into a window another process posted, and posts the windows it meets', async () => {
    const windows = new Map<string, number>();
    const fake: PenaltyBoard = {
      remainingMs: (chat) => windows.get(String(chat)) ?? 0,
      close: async (chat, ms) => {
        windows.set(String(chat), ms);
      },
      ready: async () => {},
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
