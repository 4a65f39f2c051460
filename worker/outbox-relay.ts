import type { Db } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import {
  claimOutboxForRelay,
  markOutboxFailed,
  markOutboxQueued,
  type OutboxRow,
  releaseOutboxLease,
} from '../core/outbox/outbox.ts';
import { QUEUED_RECHECK_MS } from './owed.ts';
import { JOBS, type JobName, type JobProducer } from './queues.ts';

/**
 * The outbox's safety net, one loop in every worker process. A change's writer delivers what it owes
 * right after its commit; the relay delivers what the writer could not: rows left by a crash between
 * commit and hand-off (their writer's lease lapsed), rows whose hand-off failed (Redis was down), and
 * queued rows whose job Redis may have lost (their re-check time came, or the worker just started).
 *
 * Several relays (one per worker process) never take the same row: the claim is `FOR UPDATE SKIP
 * LOCKED` and leases what it takes. Handing a row over twice is harmless anyway: the job id
 * (`outbox-<id>`) makes a second add of a job still in Redis a no-op, and the handlers are idempotent.
 */

export interface OutboxRelayOptions {
  prisma: Db;
  jobs: Pick<JobProducer, 'addOutboxRows'>;
  logger: Logger;
  /** Between passes. Default 1 s: the relay is the slow path, the writer's own hand-off the fast one. */
  intervalMs?: number;
  /** Rows claimed per batch. */
  batchSize?: number;
  /** How long a claim holds the rows: enough to hand a batch to Redis and mark it. */
  leaseMs?: number;
  /** The longest wait between passes while Redis (or PostgreSQL) keeps failing. */
  maxBackoffMs?: number;
  /**
   * True when Redis has lost its data since this was last asked (a marker key is gone): the pass then
   * re-hands every QUEUED row at once, so a Redis flushed under a running worker heals within a pass
   * rather than at each row's re-check time.
   */
  redisWiped?: () => Promise<boolean>;
}

export interface OutboxRelay {
  /** Runs one pass now (and waits for a pass already running); resolves to the rows handed over. */
  runOnce(options?: { allQueued?: boolean }): Promise<number>;
  /** Stops the loop and waits for the pass in flight. */
  close(): Promise<void>;
}

export const RELAY_INTERVAL_MS = 1_000;
export const RELAY_BATCH_SIZE = 500;
export const RELAY_LEASE_MS = 30_000;
export const RELAY_MAX_BACKOFF_MS = 30_000;
/** One pass hands over at most this many batches, so a backlog never starves close() or the event loop. */
const MAX_BATCHES_PER_PASS = 20;

/**
 * Starts the loop. Its first pass re-hands every QUEUED row (`allQueued`): a worker that starts may
 * be starting because Redis was lost, and re-adding a job still there costs nothing.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const log = options.logger.child({ component: 'outbox-relay' });
  const intervalMs = options.intervalMs ?? RELAY_INTERVAL_MS;
  const maxBackoffMs = options.maxBackoffMs ?? RELAY_MAX_BACKOFF_MS;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let failures = 0;
  // Until a start-up pass succeeds, every pass is one (Redis may be down exactly when we start).
  let needsFullPass = true;
  // One pass at a time per process: a second would only contend with the first for the same rows.
  let chain: Promise<unknown> = Promise.resolve();

  function pass(allQueued: boolean): Promise<number> {
    const run = chain.then(async () => {
      const wiped = (await options.redisWiped?.()) === true;
      if (wiped && !needsFullPass)
        log.warn('Redis lost its data; handing every queued outbox row over again');
      const full = allQueued || needsFullPass || wiped;
      const handed = await relayOutbox(options, log, { allQueued: full });
      if (full) needsFullPass = false;
      return handed;
    });
    chain = run.catch(() => undefined);
    return run;
  }

  function loop(delayMs: number): void {
    if (closed) return;
    timer = setTimeout(async () => {
      timer = undefined;
      try {
        await pass(false);
        failures = 0;
        loop(intervalMs);
      } catch (error) {
        failures += 1;
        const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** failures);
        log.warn({ err: error, retry_in_ms: backoff }, 'outbox relay pass failed; backing off');
        loop(backoff);
      }
    }, delayMs);
  }

  loop(0);
  return {
    runOnce(runOptions = {}) {
      return pass(runOptions.allQueued === true);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await chain;
    },
  };
}

/**
 * One pass: claim a batch, hand it to BullMQ, mark it queued; until a batch comes back short. On a
 * failure to reach Redis the batch's lease is released (so the next pass, or another worker, takes
 * it at once) and the error is thrown for the loop to back off.
 */
export async function relayOutbox(
  options: OutboxRelayOptions,
  log: Logger,
  pass: { allQueued?: boolean } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? RELAY_BATCH_SIZE;
  const leaseMs = options.leaseMs ?? RELAY_LEASE_MS;
  let handed = 0;
  let afterId: bigint | undefined;
  for (let batch = 0; batch < MAX_BATCHES_PER_PASS; batch++) {
    const rows = await claimOutboxForRelay(options.prisma, {
      limit: batchSize,
      leaseMs,
      ...(pass.allQueued === true && { allQueued: true }),
      ...(afterId !== undefined && { afterId }),
    });
    if (rows.length === 0) break;
    // RETURNING keeps no order: the page ends at the largest id taken (ids are bigint: no Math.max).
    let last = afterId ?? 0n;
    for (const row of rows) if (row.id > last) last = row.id;
    afterId = last;
    const deliverable = await setAsideUndeliverable(options.prisma, rows, log);
    try {
      await options.jobs.addOutboxRows(deliverable);
    } catch (error) {
      await releaseOutboxLease(
        options.prisma,
        deliverable.map((row) => row.id),
      ).catch(() => undefined);
      throw error;
    }
    await markOutboxQueued(
      options.prisma,
      deliverable.map((row) => row.id),
      QUEUED_RECHECK_MS,
    );
    handed += deliverable.length;
    if (rows.length < batchSize) break;
  }
  if (handed > 0)
    log.info({ rows: handed, all_queued: pass.allQueued === true }, 'outbox rows handed to BullMQ');
  return handed;
}

/**
 * A row no job can take (a job since renamed or removed, a payload its schema now refuses) would fail
 * its whole batch's hand-off again on every pass: it is marked failed, with why, and left out.
 */
async function setAsideUndeliverable(db: Db, rows: readonly OutboxRow[], log: Logger): Promise<OutboxRow[]> {
  const deliverable: OutboxRow[] = [];
  for (const row of rows) {
    const problem = problemWith(row);
    if (problem === undefined) {
      deliverable.push(row);
      continue;
    }
    log.error({ outbox_id: row.id.toString(), name: row.name, problem }, 'outbox row cannot be delivered');
    await markOutboxFailed(db, row.id, problem);
  }
  return deliverable;
}

function problemWith(row: OutboxRow): string | undefined {
  if (row.kind === 'SEND') return undefined;
  if (!Object.hasOwn(JOBS, row.name)) return `no job is named ${row.name}`;
  const parsed = JOBS[row.name as JobName].payload.safeParse(row.payload);
  return parsed.success ? undefined : `payload refused by ${row.name}: ${parsed.error.message}`;
}
