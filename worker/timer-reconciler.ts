import type { Db } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import { listTimersDueBefore } from '../core/schedule/timers.ts';
import type { JobProducer } from './queues.ts';

/**
 * PostgreSQL is the schedule; this makes Redis hold it. At start and every minute it hands every
 * pending timer due within the next few minutes (overdue ones included) to BullMQ as a delayed
 * `timer` job. Its job id (`timer-<id>`) makes that a no-op for a timer Redis still holds, so the
 * only timers it really adds are those Redis lost (flushed, failed over without persistence), those
 * whose writer could not reach Redis, and those set further ahead than BullMQ was ever told.
 *
 * Why an interval in each worker process rather than a BullMQ job scheduler: a scheduler lives in
 * Redis, so the one failure this exists for (Redis losing its data) would take the scheduler with it,
 * and nothing would run it again until a worker restarted and registered it anew. A plain interval
 * needs only PostgreSQL and a reachable Redis, and heals a Redis flushed under a running worker within
 * a minute. Running it in every worker is safe: adding a timer job that exists changes nothing.
 */

export interface TimerReconcilerOptions {
  prisma: Db;
  jobs: Pick<JobProducer, 'addTimers'>;
  logger: Logger;
  /** Between passes. Default one minute. */
  intervalMs?: number;
  /** How far ahead timers are handed over; longer than the interval, so none is ever handed over late. */
  horizonMs?: number;
  /** At most this many timers per pass (the earliest first); the rest follow as these fire. */
  limit?: number;
}

export interface TimerReconciler {
  /** One pass now; resolves to the timers handed over (the no-ops included). */
  runOnce(): Promise<number>;
  close(): Promise<void>;
}

export const RECONCILE_INTERVAL_MS = 60_000;
export const RECONCILE_HORIZON_MS = 5 * 60_000;
export const RECONCILE_LIMIT = 5_000;

export function startTimerReconciler(options: TimerReconcilerOptions): TimerReconciler {
  const log = options.logger.child({ component: 'timer-reconciler' });
  const intervalMs = options.intervalMs ?? RECONCILE_INTERVAL_MS;
  const horizonMs = Math.max(options.horizonMs ?? RECONCILE_HORIZON_MS, intervalMs * 2);
  const limit = options.limit ?? RECONCILE_LIMIT;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let chain: Promise<unknown> = Promise.resolve();

  function pass(): Promise<number> {
    const run = chain.then(async () => {
      const due = await listTimersDueBefore(options.prisma, new Date(Date.now() + horizonMs), limit);
      if (due.length > 0) await options.jobs.addTimers(due);
      log.debug({ timers: due.length }, 'timers reconciled');
      return due.length;
    });
    chain = run.catch(() => undefined);
    return run;
  }

  function loop(delayMs: number): void {
    if (closed) return;
    timer = setTimeout(async () => {
      timer = undefined;
      try {
        await pass();
      } catch (error) {
        // The next pass retries; the timers wait in PostgreSQL meanwhile.
        log.warn({ err: error }, 'could not reconcile timers with Redis');
      }
      loop(intervalMs);
    }, delayMs);
  }

  loop(0);
  return {
    runOnce: pass,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
    },
  };
}
