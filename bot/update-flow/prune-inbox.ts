import type { PrismaClient } from '../../core/db/client.ts';
import { pruneHandledUpdates } from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';
import { pruneOutbox } from '../../core/outbox/outbox.ts';
import { pruneTimers } from '../../core/schedule/timers.ts';

/**
 * Delivery bookkeeping is pruned hourly. Handled updates are kept only while Telegram could still redeliver them (it gives up after a day).
 * Keeping them longer would also be wrong: after a week without updates Telegram may restart
 * update ids from a random value, and an old id must not make a new update look like a replay.
 */
export const KEEP_HANDLED_UPDATES_MS = 2 * 24 * 3600 * 1000;
/** What was sent and which timers fired stay a week, for whoever asks what happened. */
export const KEEP_DELIVERY_RECORDS_MS = 7 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

export function schedulePruning(prisma: PrismaClient, logger: Logger): NodeJS.Timeout {
  const ago = (ms: number) => new Date(Date.now() - ms);
  const prune = () =>
    Promise.all([
      pruneHandledUpdates(prisma, ago(KEEP_HANDLED_UPDATES_MS)),
      pruneOutbox(prisma, ago(KEEP_DELIVERY_RECORDS_MS)),
      pruneTimers(prisma, ago(KEEP_DELIVERY_RECORDS_MS)),
    ]).then(
      ([updates, outbox, timers]) =>
        updates + outbox + timers > 0 && logger.info({ updates, outbox, timers }, 'pruned delivery records'),
      (error: unknown) => logger.warn({ err: error }, 'could not prune delivery records'),
    );
  void prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}
