import type { Db } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import { markOutboxQueued, releaseOutboxLease, writeJobs } from '../core/outbox/outbox.ts';
import { cancelTimers, type DueTimer, setTimers, timerRowKey } from '../core/schedule/timers.ts';
import type { Prisma } from '../prisma/generated/client.ts';
import {
  JOBS,
  type JobName,
  type JobPayload,
  type JobProducer,
  TIMERS,
  type TimerName,
  type TimerPayloadOf,
} from './queues.ts';

/** How long the writer holds the rows it wrote before the relay may take them (a crash between commit and hand-off). */
export const DEFAULT_WRITER_LEASE_MS = 30_000;

/** After a row is handed to BullMQ, when the relay looks again (in case Redis lost the job). */
export const QUEUED_RECHECK_MS = 10 * 60_000;

export const outboxJobKey = (name: JobName, dedupeKey: string) => `job:${name}:${dedupeKey}`;
export const timerKey = (name: TimerName, dedupeKey: string) => timerRowKey(name, dedupeKey);

/**
 * What one transaction owes in jobs and timers: written through it (validated against the job and
 * timer registries), and remembered so that the writer can hand them to BullMQ the moment it commits.
 * The bot keeps one per update, the worker one per job that owes something.
 */
export class Owed {
  readonly #jobs: { id: bigint; name: JobName; payload: unknown }[] = [];
  readonly #timers: DueTimer[] = [];
  readonly #cancelled: bigint[] = [];

  constructor(private readonly leaseMs = DEFAULT_WRITER_LEASE_MS) {}

  /** Owes one job per payload; an intent already owed (same name and dedupeKey) is written once. */
  async jobs<N extends JobName>(db: Db, name: N, payloads: readonly JobPayload<N>[]): Promise<void> {
    if (payloads.length === 0) return;
    const parsed = payloads.map((payload) => JOBS[name].payload.parse(payload) as JobPayload<N>);
    const rows = parsed.map((payload) => ({
      key: outboxJobKey(name, payload.dedupeKey),
      name,
      payload: payload as unknown as Prisma.InputJsonObject,
    }));
    const byKey = new Map(rows.map((row, i) => [row.key, parsed[i]]));
    // An intent already owed (by an earlier update) is not written again, and not handed on again here.
    for (const row of await writeJobs(db, rows, this.leaseMs)) {
      this.#jobs.push({ id: row.id, name, payload: byKey.get(row.key) });
    }
  }

  async job<N extends JobName>(db: Db, name: N, payload: JobPayload<N>): Promise<void> {
    await this.jobs(db, name, [payload]);
  }

  /** Sets a timer that runs `name` at `dueAt`; the same intent set twice keeps the first. */
  async timer<N extends TimerName>(db: Db, name: N, payload: TimerPayloadOf<N>, dueAt: Date): Promise<void> {
    const parsed = TIMERS[name].parse(payload);
    const set = await setTimers(db, [
      { key: timerKey(name, parsed.dedupeKey), job: name, payload: parsed as Prisma.InputJsonObject, dueAt },
    ]);
    this.#timers.push(...set);
  }

  /** Cancels a pending timer set with this name and dedupeKey. */
  async cancelTimer(db: Db, name: TimerName, dedupeKey: string): Promise<void> {
    this.#cancelled.push(...(await cancelTimers(db, [timerKey(name, dedupeKey)])));
  }

  get isEmpty(): boolean {
    return this.#jobs.length === 0 && this.#timers.length === 0 && this.#cancelled.length === 0;
  }

  /**
   * After the commit: hands the jobs and timers to BullMQ at once. Whatever fails here (Redis down) is
   * left to the relay and the reconciler, which find it in PostgreSQL; nothing is lost, only later.
   */
  async deliver(deps: { prisma: Db; jobs: JobProducer; logger: Logger }): Promise<void> {
    const jobs = this.#jobs.splice(0);
    const timers = this.#timers.splice(0);
    const cancelled = this.#cancelled.splice(0);
    if (jobs.length > 0) {
      const ids = jobs.map((job) => job.id);
      try {
        await deps.jobs.addOutboxRows(jobs.map((job) => ({ ...job, kind: 'JOB' as const })));
        await markOutboxQueued(deps.prisma, ids, QUEUED_RECHECK_MS);
      } catch (error) {
        deps.logger.warn({ err: error, count: ids.length }, 'could not hand jobs to BullMQ; the relay will');
        await releaseOutboxLease(deps.prisma, ids).catch(() => undefined);
      }
    }
    if (timers.length > 0) {
      await deps.jobs
        .addTimers(timers)
        .catch((error: unknown) =>
          deps.logger.warn({ err: error }, 'could not enqueue timers; the reconciler will'),
        );
    }
    if (cancelled.length > 0) await deps.jobs.removeTimers(cancelled).catch(() => undefined);
  }
}
