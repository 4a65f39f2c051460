import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/client.ts';

/**
 * The transactional outbox. A change writes what it owes (a reply, a notice, a group post) as rows in
 * its own transaction, so they exist exactly when the change does. Delivery comes after the commit:
 * the writer delivers its own rows at once, and the worker's relay delivers whatever a crash or a
 * Redis outage left behind.
 *
 * A row is delivered only by whoever holds its lease. The writer takes the lease in the writing
 * transaction; the relay takes rows whose lease ran out with `FOR UPDATE SKIP LOCKED`, so two relays
 * never take the same row. A lease held too long (a process frozen past it) is the one way a row can
 * be delivered twice; Telegram offers no idempotency key to close it.
 */

/** A Bot API call owed by a committed change. */
export interface OwedSend {
  key: string;
  method: string;
  payload: Prisma.InputJsonObject;
  chatId: bigint | null;
}

/** A BullMQ job owed by a committed change; `payload` has been validated by worker/queues.ts. */
export interface OwedJob {
  key: string;
  name: string;
  payload: Prisma.InputJsonObject;
}

export interface OutboxRow {
  id: bigint;
  kind: 'SEND' | 'JOB';
  name: string;
  payload: Prisma.JsonValue;
  chatId: bigint | null;
  status: 'PENDING' | 'QUEUED' | 'DONE' | 'FAILED';
  attempts: number;
}

/** Writes owed sends, leased to the writer for `leaseMs`. Returns the rows written (an existing key is kept, not rewritten). */
export async function writeSends(
  db: Db,
  sends: readonly OwedSend[],
  leaseMs: number,
): Promise<{ id: bigint; key: string }[]> {
  if (sends.length === 0) return [];
  const leaseUntil = new Date(Date.now() + leaseMs);
  return db.outboxEntry.createManyAndReturn({
    data: sends.map((send) => ({
      key: send.key,
      kind: 'SEND' as const,
      name: send.method,
      payload: send.payload,
      chatId: send.chatId,
      leaseUntil,
    })),
    skipDuplicates: true,
    select: { id: true, key: true },
  });
}

/** Writes owed jobs, leased to the writer for `leaseMs`. Returns the rows written (an intent already owed is dropped). */
export async function writeJobs(
  db: Db,
  jobs: readonly OwedJob[],
  leaseMs: number,
): Promise<{ id: bigint; key: string }[]> {
  if (jobs.length === 0) return [];
  const leaseUntil = new Date(Date.now() + leaseMs);
  return db.outboxEntry.createManyAndReturn({
    data: jobs.map((job) => ({
      key: job.key,
      kind: 'JOB' as const,
      name: job.name,
      payload: job.payload,
      leaseUntil,
    })),
    skipDuplicates: true,
    select: { id: true, key: true },
  });
}

/** Delivered (a send) or finished (a job's handler ran to the end). */
export async function markOutboxDone(db: Db, ids: readonly bigint[]): Promise<void> {
  if (ids.length === 0) return;
  await db.outboxEntry.updateMany({
    where: { id: { in: [...ids] }, status: { in: ['PENDING', 'QUEUED'] } },
    data: { status: 'DONE', doneAt: new Date(), leaseUntil: null },
  });
}

/**
 * Handed to BullMQ. `recheckMs` later the relay looks again: a job lost with Redis is enqueued anew
 * (its job id makes a second copy of a job still in Redis a no-op). A QUEUED row handed over again by
 * the relay gets its re-check time pushed back too; otherwise the relay's short claim lease would make
 * it due again within seconds. Marked by whoever handed the rows over, while its lease still holds
 * them; a hand-over slower than that lease could mark a row a sender has meanwhile claimed: the one
 * known window, besides a crash, for a SEND row to go out twice.
 */
export async function markOutboxQueued(db: Db, ids: readonly bigint[], recheckMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.outboxEntry.updateMany({
    where: { id: { in: [...ids] }, status: { in: ['PENDING', 'QUEUED'] } },
    data: { status: 'QUEUED', leaseUntil: new Date(Date.now() + recheckMs) },
  });
}

/** Refused for good: never tried again. */
export async function markOutboxFailed(db: Db, id: bigint, error: string): Promise<void> {
  await db.outboxEntry.updateMany({
    where: { id, status: { in: ['PENDING', 'QUEUED'] } },
    data: { status: 'FAILED', lastError: error.slice(0, 2000), leaseUntil: null },
  });
}

/** The holder gives up its lease (it could not deliver now): the relay takes the rows on its next pass. */
export async function releaseOutboxLease(db: Db, ids: readonly bigint[], error?: string): Promise<void> {
  if (ids.length === 0) return;
  await db.outboxEntry.updateMany({
    where: { id: { in: [...ids] }, status: 'PENDING' },
    data: { leaseUntil: null, ...(error ? { lastError: error.slice(0, 2000) } : {}) },
  });
}

/**
 * The relay's claim: rows nobody holds (pending with no lease or a lapsed one; queued whose re-check
 * time came, or every queued row when `allQueued`, as after a worker start, when Redis may have lost
 * them). Claimed rows are leased to the caller for `leaseMs` and counted as an attempt.
 */
export async function claimOutboxForRelay(
  db: Db,
  options: { limit: number; leaseMs: number; allQueued?: boolean; afterId?: bigint },
): Promise<OutboxRow[]> {
  const allQueued = options.allQueued === true;
  // `allQueued` takes QUEUED rows whatever their re-check time, so the rows of one batch would be taken
  // again by the next: a pass over all of them pages by id instead.
  const afterId = options.afterId ?? 0n;
  return db.$queryRaw<OutboxRow[]>`
    UPDATE "OutboxEntry" AS e
    SET "leaseUntil" = now() + ${options.leaseMs} * interval '1 millisecond', attempts = e.attempts + 1
    WHERE e.id IN (
      SELECT id FROM "OutboxEntry"
      WHERE id > ${afterId}
        AND ((status = 'PENDING' AND ("leaseUntil" IS NULL OR "leaseUntil" < now()))
          OR (status = 'QUEUED' AND (${allQueued} OR "leaseUntil" < now())))
      ORDER BY id
      LIMIT ${options.limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING e.id, e.kind::text AS kind, e.name, e.payload, e."chatId", e.status::text AS status, e.attempts`;
}

/**
 * Whoever performs a SEND row (the `outbox-send` job) takes it here first: a row already delivered,
 * failed, or held by someone delivering it right now is not taken, so it is not sent twice. Taking it
 * makes it PENDING again under the taker's lease, so a second taker waits, and a taker that dies
 * leaves it to the relay once the lease lapses.
 */
export async function claimSend(db: Db, id: bigint, leaseMs: number): Promise<OutboxRow | undefined> {
  const rows = await db.$queryRaw<OutboxRow[]>`
    UPDATE "OutboxEntry" AS e
    SET status = 'PENDING', "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond',
        attempts = e.attempts + 1
    WHERE e.id = ${id} AND e.kind = 'SEND'
      AND (e.status = 'QUEUED' OR (e.status = 'PENDING' AND (e."leaseUntil" IS NULL OR e."leaseUntil" < now())))
    RETURNING e.id, e.kind::text AS kind, e.name, e.payload, e."chatId", e.status::text AS status, e.attempts`;
  return rows[0];
}

/** Delivered or refused rows are a record for a while (what was sent, and when), then go. */
export async function pruneOutbox(db: Db, olderThan: Date): Promise<number> {
  const result = await db.outboxEntry.deleteMany({
    where: { status: { in: ['DONE', 'FAILED'] }, createdAt: { lt: olderThan } },
  });
  return result.count;
}
