import { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.ts';

/**
 * Telegram's 429 penalty windows per chat, shared by every process that sends (bots and workers).
 * Telegram extends a window for each request made inside it: two processes that each learn of a
 * window only from their own 429 keep sending into the other's, and the window never closes (a
 * killed bot's replies relayed by the worker while the new bot answers the same chats did exactly
 * that). So whoever gets a 429 posts the window here, and everyone asks before sending to a chat.
 *
 * Redis only makes this punctual: when it is unreachable the board answers "no window" at once and
 * each process falls back on what it learned itself.
 */
export interface PenaltyBoard {
  /**
   * Milliseconds before anything may be sent to the chat: the longer of its own window and a
   * bot-wide one; 0 when none (or the board cannot tell). One round trip.
   */
  remainingMs(chatId: string | number | bigint): Promise<number>;
  /**
   * Records a window of `ms` from now on the chat, or on every chat when the limit met is evidently
   * the bot's (`botWide`); a longer one already posted is kept.
   */
  close(chatId: string | number | bigint, ms: number, options?: { botWide?: boolean }): Promise<void>;
  quit(): Promise<void>;
}

/** How long a board lookup may take before the sender goes on without it. */
const LOOKUP_TIMEOUT_MS = 200;

// Keeps the later of the two windows; the key expires with its window.
const CLOSE_SCRIPT = `
  local current = tonumber(redis.call('GET', KEYS[1]) or '0')
  if current < tonumber(ARGV[1]) then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
  return 1`;

export function createPenaltyBoard(options: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  now?: () => number;
}): PenaltyBoard {
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: 'penalty-board' });
  // A send never waits long for the board: a command times out quickly, and while Redis is known to
  // be away (reconnecting) none is even asked.
  // Auto-pipelining: the lookups of sends in flight at once (one per reply) share one write to Redis.
  const redis = new Redis(options.redisUrl, {
    commandTimeout: LOOKUP_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    enableAutoPipelining: true,
  });
  redis.on('error', (error) => log.debug({ err: error }, 'penalty board: Redis error'));
  const reachable = () =>
    redis.status === 'ready' || redis.status === 'connecting' || redis.status === 'connect';
  const keyOf = (chatId: string | number | bigint) => `${options.prefix}:tg-penalty:${chatId}`;
  const botKey = `${options.prefix}:tg-penalty:bot`;

  return {
    async remainingMs(chatId) {
      if (!reachable()) return 0;
      try {
        const untils = (await redis.mget(keyOf(chatId), botKey)).map(Number).filter(Number.isFinite);
        return Math.max(0, ...untils.map((until) => until - now()));
      } catch {
        return 0;
      }
    },
    async close(chatId, ms, closeOptions) {
      if (ms <= 0 || !reachable()) return;
      const key = closeOptions?.botWide ? botKey : keyOf(chatId);
      try {
        await redis.eval(CLOSE_SCRIPT, 1, key, String(now() + ms), String(Math.ceil(ms)));
      } catch (error) {
        log.debug({ err: error }, 'penalty board: window not posted');
      }
    },
    async quit() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
