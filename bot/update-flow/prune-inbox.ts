import type { PrismaClient } from '../../core/db/client.ts';
import { pruneHandledUpdates } from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';

/**
 * Handled updates are kept only while Telegram could still redeliver them (it gives up after a day).
 * Keeping them longer would also be wrong: after a week without updates Telegram may restart
 * update ids from a random value, and an old id must not make a new update look like a replay.
 */
export const KEEP_HANDLED_UPDATES_MS = 2 * 24 * 3600 * 1000;
const PRUNE_EVERY_MS = 3600 * 1000;

export function schedulePruning(prisma: PrismaClient, logger: Logger): NodeJS.Timeout {
  const prune = () =>
    pruneHandledUpdates(prisma, new Date(Date.now() - KEEP_HANDLED_UPDATES_MS)).then(
      (count) => count > 0 && logger.info({ count }, 'pruned handled updates'),
      (error: unknown) => logger.warn({ err: error }, 'could not prune handled updates'),
    );
  void prune();
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return timer;
}
