import { DelayedError, UnrecoverableError } from 'bullmq';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { claimTimer, postponeTimer } from '../../core/schedule/timers.ts';
import { Owed } from '../owed.ts';
import { type JobProducer, TIMERS, type TimerName, timerPayloadSchema } from '../queues.ts';
import type { TimerReport, TimerWork, TimerWorkRegistry } from '../timers/timer-work.ts';

/**
 * Runs one ScheduledTimer row when its `timer` job fires. In one transaction: claim the row (PENDING
 * → FIRED; only one claim can win), run the timer kind's work, write what it owes through the outbox,
 * commit; then hand what it owes to BullMQ at once (the relay would, later). A timer fired twice, or
 * one cancelled before it fired, finds its row no longer PENDING and does nothing. A failure anywhere
 * before the commit rolls the claim back too, and the job's retry runs the timer afresh.
 */

/** Timer work is a few queries; this leaves room for a slow database without holding a connection forever. */
const TIMER_TRANSACTION_TIMEOUT_MS = 15_000;

export interface TimerDeps {
  prisma: PrismaClient;
  /** Where what the timer owes is handed after the commit. */
  jobs: JobProducer;
  logger: Logger;
  work: TimerWorkRegistry;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/** The part of a BullMQ job the handler uses. */
export interface TimerJob {
  id?: string | undefined;
  data: unknown;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export type TimerResult = TimerReport | { outcome: 'gone' };

interface Fired {
  outcome: 'done';
  report: TimerReport;
  kind: TimerName;
}

/** Thrown inside the transaction to roll the claim back when the work says "not yet". */
class NotYet extends Error {
  constructor(readonly until: Date) {
    super('timer not yet due');
  }
}

function isTimerName(name: string): name is TimerName {
  return Object.hasOwn(TIMERS, name);
}

export async function handleTimer(
  job: TimerJob,
  deps: TimerDeps,
  token: string | undefined,
): Promise<TimerResult> {
  const parsed = timerPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid timer payload: ${parsed.error.message}`);
  const id = BigInt(parsed.data.timerId);
  const now = deps.now?.() ?? new Date();
  const log = deps.logger.child({ job_id: job.id, timer_id: parsed.data.timerId });
  const owed = new Owed();

  let outcome: { outcome: 'early'; dueAt: Date } | { outcome: 'gone' } | Fired;
  try {
    outcome = await deps.prisma.$transaction(
      async (tx) => {
        const claim = await claimTimer(tx, id, now);
        if (claim.outcome !== 'fire') return claim;
        // An unknown kind or a payload its schema refuses cannot get better by retrying; the job fails
        // for good (and stays visible among the failed jobs) and the row stays PENDING.
        if (!isTimerName(claim.job)) throw new UnrecoverableError(`no timer kind is named ${claim.job}`);
        const kind = claim.job;
        const payload = TIMERS[kind].safeParse(claim.payload);
        if (!payload.success) {
          throw new UnrecoverableError(`invalid ${kind} timer payload: ${payload.error.message}`);
        }
        const work = deps.work[kind] as TimerWork<TimerName>;
        const result = await work(tx, owed, payload.data as never, { now, logger: log });
        if (result.outcome === 'wait') throw new NotYet(result.until);
        return { outcome: 'done', report: result, kind } satisfies Fired;
      },
      { timeout: TIMER_TRANSACTION_TIMEOUT_MS },
    );
  } catch (error) {
    if (!(error instanceof NotYet)) throw error;
    // Core knows better than the row when this is due (the reminder's lead, clocks that disagree).
    log.info({ until: error.until.toISOString() }, 'timer fired before its work is due; waiting');
    await postponeTimer(deps.prisma, id, error.until);
    await job.moveToDelayed(error.until.getTime(), token);
    throw new DelayedError();
  }

  if (outcome.outcome === 'gone') {
    log.debug('timer already fired or cancelled');
    return { outcome: 'gone' };
  }
  if (outcome.outcome === 'early') {
    log.info({ due_at: outcome.dueAt.toISOString() }, 'timer job ran before its due time; waiting');
    await job.moveToDelayed(outcome.dueAt.getTime(), token);
    throw new DelayedError();
  }
  await owed.deliver({ prisma: deps.prisma, jobs: deps.jobs, logger: log });
  log.info({ timer: outcome.kind, ...outcome.report }, 'timer fired');
  return outcome.report;
}
