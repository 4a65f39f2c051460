import { DelayedError, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import type { TimerDecision, TimerMessage } from '../../core/talk/task-reminders.ts';
import type { JobProducer, NotifyPayload } from '../queues.ts';

/**
 * What the talk timers share. A timer job is three steps, each safe to repeat: load and decide in
 * core, then enqueue one `notify` job per recipient with a key derived from the timer and the
 * recipient. A retry, or the same timer fired twice, enqueues the same keys again, and the outbound
 * records make each message arrive once. No step is recorded in the job: repeating them is harmless.
 */

export interface TalkTimerDeps {
  prisma: PrismaClient;
  /** Enqueues the `notify` jobs on the outbound queue. */
  jobs: Pick<JobProducer, 'enqueueMany'>;
  logger: Logger;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/** The part of a BullMQ Job a timer handler uses. */
export interface TalkTimerJob {
  id?: string | undefined;
  name: string;
  data: unknown;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export type TalkTimerResult =
  | { outcome: 'sent'; notified: number[] }
  | { outcome: 'skipped'; reason: string };

export function parsePayload<S extends z.ZodType>(schema: S, job: TalkTimerJob): z.infer<S> {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Carries out core's decision. `wait` puts the job back among the delayed ones under the same id (so
 * cancelling still finds it) until core says it is due; BullMQ then does not count an attempt.
 */
export async function carryOut(
  decision: TimerDecision,
  ctx: {
    job: TalkTimerJob;
    token: string | undefined;
    deps: TalkTimerDeps;
    notifyKey: (message: TimerMessage) => string;
  },
): Promise<TalkTimerResult> {
  const { job, token, deps } = ctx;
  const log = deps.logger.child({ job_id: job.id, job: job.name });
  if (decision.outcome === 'wait') {
    log.info({ until: decision.until.toISOString() }, 'timer fired early; waiting until it is due');
    await job.moveToDelayed(decision.until.getTime(), token);
    throw new DelayedError();
  }
  if (decision.outcome === 'skip') {
    log.info({ reason: decision.reason }, 'timer has nothing to do');
    return { outcome: 'skipped', reason: decision.reason };
  }
  const payloads: NotifyPayload[] = decision.messages.map((message) => ({
    dedupeKey: ctx.notifyKey(message),
    memberId: message.memberId,
    message: { key: message.key, params: message.params },
  }));
  await deps.jobs.enqueueMany('notify', payloads);
  log.info({ recipients: payloads.length }, 'timer messages enqueued');
  return { outcome: 'sent', notified: decision.messages.map((m) => m.memberId) };
}
