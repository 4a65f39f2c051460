import type { Config } from '../core/config.ts';
import { createDatabase } from '../core/db/client.ts';
import type { PendingUpdate } from '../core/inbox/inbox.ts';
import type { Logger } from '../core/logger.ts';
import { createJobProducer } from '../worker/queues.ts';
import { createPenaltyBoard } from './api/penalty-board.ts';
import { createBot } from './create-bot.ts';
import { createI18n } from './i18n.ts';
import { decorateBot } from './set-commands.ts';
import { ChatLeases } from './update-flow/chat-leases.ts';
import { UpdateDispatcher } from './update-flow/dispatcher.ts';
import { PollingLeader } from './update-flow/polling-leader.ts';
import { PollingReceiver } from './update-flow/polling-receiver.ts';
import { schedulePruning } from './update-flow/prune-inbox.ts';
import { startWebhookServer } from './update-flow/webhook-server.ts';

/**
 * Starts the whole bot process: receiver (polling or webhook) → inbox → dispatcher → features.
 * Returns a stop function that shuts down in the reverse order, once.
 */
export async function runBot(config: Config, logger: Logger): Promise<() => Promise<void>> {
  const { prisma, sql } = createDatabase(config.DATABASE_URL, { maxConnections: config.BOT_CONCURRENCY + 4 });
  const jobs = createJobProducer({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  const penalties = createPenaltyBoard({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  const bot = createBot(config.BOT_TOKEN, { config, logger, prisma, sql, jobs, penalties });
  await bot.init();
  // Windows other processes met before this one started: no reply is sent into them.
  await penalties.ready();
  logger.info({ username: bot.botInfo.username, mode: config.BOT_MODE }, 'bot starting');
  // In the background: a Bot API server that refuses the command menus must not keep the bot down.
  const decoration = new AbortController();
  const decorated = decorateBot({
    token: config.BOT_TOKEN,
    apiRoot: config.TELEGRAM_API_ROOT,
    i18n: createI18n(config.DEFAULT_LOCALE),
    defaultLocale: config.DEFAULT_LOCALE,
    logger,
    signal: decoration.signal,
  });

  // With several bot processes a chat's updates run in one of them at a time, in order (chat-leases.ts).
  const leases = new ChatLeases({ sql, databaseUrl: config.DATABASE_URL, logger });
  const dispatcher = new UpdateDispatcher({
    leases,
    prisma,
    sql,
    bot,
    jobs,
    logger,
    concurrency: config.BOT_CONCURRENCY,
    outboxLeaseMs: config.OUTBOX_LEASE_SECONDS * 1000,
    holdAfterCommitMs: config.TEST_HOLD_AFTER_COMMIT_MS,
  });
  await leases.onNudge((chatKey) => dispatcher.nudged(chatKey));
  // Updates stored before a crash are handled first.
  dispatcher.start();
  const onStored = (updates: PendingUpdate[]) => dispatcher.offer(updates);

  let stopReceiver: () => Promise<void>;
  if (config.BOT_MODE === 'webhook' && config.WEBHOOK_URL && config.WEBHOOK_SECRET) {
    const server = await startWebhookServer({
      api: bot.api,
      prisma,
      sql,
      logger,
      url: config.WEBHOOK_URL,
      secret: config.WEBHOOK_SECRET,
      host: config.WEBHOOK_HOST,
      port: config.WEBHOOK_PORT,
      onStored,
    });
    stopReceiver = server.close;
  } else {
    // With several bot processes one polls (Telegram allows one getUpdates at a time); all dispatch.
    const leader = new PollingLeader({ databaseUrl: config.DATABASE_URL, botId: bot.botInfo.id, logger });
    leader.start();
    const receiver = new PollingReceiver({ api: bot.api, prisma, sql, logger, onStored, leader });
    await receiver.start();
    stopReceiver = async () => {
      // Polling stops (and confirms its offset) before the lock is given up, so the next poller's
      // first getUpdates never overlaps this one's last.
      await receiver.stop();
      await leader.stop();
    };
  }
  const pruning = schedulePruning(prisma, logger);
  logger.info('bot running');

  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      clearInterval(pruning);
      decoration.abort();
      await decorated;
      await stopReceiver();
      await dispatcher.stop();
      // After the dispatcher: the chats it held are handed over, and those with updates waiting nudged.
      await leases.close();
      await jobs.close();
      await penalties.quit();
      await prisma.$disconnect();
      logger.info('bot stopped');
    })();
    return stopping;
  };
}
