import { Redis } from 'ioredis';
import type { Logger } from '../../core/logger.ts';

/**
 * Telegram's 429 penalty windows per chat, shared by every process that sends (bots and workers).
 * Telegram extends a window for each request made inside it: two processes that each learn of a
 * window only from their own 429 keep sending into the other's, and the window never closes (a
 * killed bot's replies relayed by the worker while the new bot answers the same chats did exactly
 * that). So whoever gets a 429 posts the window here, and everyone checks before sending to a chat.
 *
 * Checking costs nothing: each process keeps a copy of the open windows, which Redis pushes to it
 * as they are posted (pub/sub) and which it reads whole whenever its connection (re)opens. A Redis
 * round trip per send was a tenth of the bot's CPU per reply (`npm run bench`). Redis only makes
 * this punctual: while it is unreachable each process keeps what it knew and what it met itself,
 * and every window ends by its own clock.
 */
export interface PenaltyBoard {
  /**
   * Milliseconds before anything may be sent to the chat: the longer of its own window and a
   * bot-wide one; 0 when none is known. From memory, no round trip.
   */
  remainingMs(chatId: string | number | bigint): number;
  /**
   * Records a window of `ms` from now on the chat, or on every chat when the limit met is evidently
   * the bot's (`botWide`); a longer one already posted is kept. Known here at once, to the other
   * processes as soon as Redis passes it on.
   */
  close(chatId: string | number | bigint, ms: number, options?: { botWide?: boolean }): Promise<void>;
  /** Resolves once the posted windows were read (or Redis could not be reached in time). */
  ready(): Promise<void>;
  quit(): Promise<void>;
}

/** How long posting a window may take before the sender goes on without it. */
const COMMAND_TIMEOUT_MS = 200;
/** How long a starting process waits to read the posted windows before it goes on without them. */
const READY_TIMEOUT_MS = 1_000;
/** The key naming a window on every chat. */
const BOT_WIDE = 'bot';

// One sorted set holds the open windows (member: the chat, or BOT_WIDE; score: when its window
// ends), so a process (re)connecting reads them all in one command. The script keeps the later of
// two windows on a chat, drops ended ones, lets the key expire with its last window, and tells every
// process the window now in force.
const CLOSE_SCRIPT = `
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
  local ends = tonumber(ARGV[1])
  local current = tonumber(redis.call('ZSCORE', KEYS[1], ARGV[3]) or '0')
  if current < ends then redis.call('ZADD', KEYS[1], ends, ARGV[3]) else ends = current end
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], last[2])
  redis.call('PUBLISH', ARGV[4], ARGV[3] .. ' ' .. ends)
  return ends`;

export function createPenaltyBoard(options: {
  redisUrl: string;
  prefix: string;
  logger: Logger;
  now?: () => number;
}): PenaltyBoard {
  const now = options.now ?? Date.now;
  const log = options.logger.child({ component: 'penalty-board' });
  const key = `${options.prefix}:tg-penalties`;
  const channel = `${options.prefix}:tg-penalty`;
  /** Chat id (or BOT_WIDE) → the end of its window, ms since the epoch. */
  const windows = new Map<string, number>();

  const note = (chat: string, until: number) => {
    if (!(until > now())) return;
    if ((windows.get(chat) ?? 0) < until) windows.set(chat, until);
  };

  // Named, so CLIENT LIST tells whose connections these are.
  const connectionName = `${options.prefix}:penalty-board`;
  const redis = new Redis(options.redisUrl, {
    commandTimeout: COMMAND_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    connectionName,
  });
  // A connection of its own: one that subscribes may issue no other commands.
  const listener = new Redis(options.redisUrl, { maxRetriesPerRequest: 0, connectionName });
  for (const connection of [redis, listener]) {
    connection.on('error', (error) => log.debug({ err: error }, 'penalty board: Redis error'));
  }
  listener.on('message', (_channel: string, message: string) => {
    const [chat, until] = message.split(' ');
    if (chat && until) note(chat, Number(until));
  });

  /** Subscribes, then reads what was posted before (or while this process was away). */
  const load = async () => {
    await listener.subscribe(channel);
    const open = await redis.zrangebyscore(key, now(), '+inf', 'WITHSCORES');
    for (let i = 0; i + 1 < open.length; i += 2) note(open[i] as string, Number(open[i + 1]));
  };
  // Read when both connections are up (whichever comes back last), so a slow command connection at
  // start, or one that drops on its own, never leaves the copy unread.
  let firstRead: () => void = () => {};
  const firstLoad = new Promise<void>((resolve) => {
    firstRead = resolve;
    setTimeout(resolve, READY_TIMEOUT_MS).unref();
  });
  const loadWhenBothReady = () => {
    if (redis.status !== 'ready' || listener.status !== 'ready') return;
    load()
      .catch((error: unknown) => log.debug({ err: error }, 'penalty board: windows not read'))
      .finally(firstRead);
  };
  redis.on('ready', loadWhenBothReady);
  listener.on('ready', loadWhenBothReady);
  for (const connection of [redis, listener]) connection.once('end', firstRead);

  const reachable = () =>
    redis.status === 'ready' || redis.status === 'connecting' || redis.status === 'connect';
  /** What is left of a window; an ended one is forgotten, so the copy holds only open windows. */
  const remaining = (chat: string) => {
    const until = windows.get(chat);
    if (until === undefined) return 0;
    const left = until - now();
    if (left <= 0) windows.delete(chat);
    return left;
  };

  return {
    remainingMs(chatId) {
      return Math.max(0, remaining(String(chatId)), remaining(BOT_WIDE));
    },
    async close(chatId, ms, closeOptions) {
      if (ms <= 0) return;
      const chat = closeOptions?.botWide ? BOT_WIDE : String(chatId);
      // Whole milliseconds: the script makes the window's end the key's PEXPIREAT.
      const until = Math.ceil(now() + ms);
      note(chat, until);
      if (!reachable()) return;
      try {
        await redis.eval(CLOSE_SCRIPT, 1, key, String(until), String(now()), chat, channel);
      } catch (error) {
        log.debug({ err: error }, 'penalty board: window not posted');
      }
    },
    ready: () => firstLoad,
    async quit() {
      await Promise.all(
        [redis, listener].map((connection) => connection.quit().catch(() => connection.disconnect())),
      );
    },
  };
}
