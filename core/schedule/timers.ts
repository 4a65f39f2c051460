import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db } from '../db/client.ts';

/**
 * PostgreSQL is the schedule. A timer is a row written in the transaction that makes it due and
 * cancelled in the transaction that makes it moot; BullMQ's delayed jobs only make it punctual. When
 * it fires, the row is claimed (PENDING → FIRED) in the transaction that does its work, so a timer run
 * twice does its work once, and a cancelled one does nothing.
 */

/** A timer row's key: its kind and its intent, so the same intent is one row. */
export const timerRowKey = (job: string, dedupeKey: string) => `${job}:${dedupeKey}`;

export interface TimerSpec {
  key: string;
  job: string;
  payload: Prisma.InputJsonObject;
  dueAt: Date;
}

export interface DueTimer {
  id: bigint;
  dueAt: Date;
}

/** Sets a timer; a key that exists already (the same intent, set twice) keeps the first. */
export async function setTimers(db: Db, timers: readonly TimerSpec[]): Promise<DueTimer[]> {
  if (timers.length === 0) return [];
  return db.scheduledTimer.createManyAndReturn({
    data: timers.map((timer) => ({ ...timer })),
    skipDuplicates: true,
    select: { id: true, dueAt: true },
  });
}

/** Cancels pending timers by key; returns the ids cancelled (to remove their jobs, a courtesy). */
export async function cancelTimers(db: Db, keys: readonly string[]): Promise<bigint[]> {
  if (keys.length === 0) return [];
  const rows = await db.scheduledTimer.updateManyAndReturn({
    where: { key: { in: [...keys] }, status: 'PENDING' },
    data: { status: 'CANCELLED' },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

export type TimerClaim =
  | { outcome: 'fire'; key: string; job: string; payload: Prisma.JsonValue; dueAt: Date }
  | { outcome: 'early'; dueAt: Date }
  | { outcome: 'gone' };

/**
 * Claims a due timer inside the transaction that will do its work: only one claim can win, and a
 * rollback puts it back. A timer not yet due (a clock ahead of the database's) says when it is.
 */
export async function claimTimer(db: Db, id: bigint, now: Date): Promise<TimerClaim> {
  const fired = await db.$queryRaw<{ key: string; job: string; payload: Prisma.JsonValue; dueAt: Date }[]>`
    UPDATE "ScheduledTimer" SET status = 'FIRED', "firedAt" = ${now}
    WHERE id = ${id} AND status = 'PENDING' AND "dueAt" <= ${now}
    RETURNING key, job, payload, "dueAt"`;
  const row = fired[0];
  if (row) return { outcome: 'fire', ...row };
  const pending = await db.scheduledTimer.findFirst({
    where: { id, status: 'PENDING' },
    select: { dueAt: true },
  });
  return pending ? { outcome: 'early', dueAt: pending.dueAt } : { outcome: 'gone' };
}

/**
 * A timer that fired early and whose work said "not yet" waits until `dueAt`: the row says so too,
 * so the reconciler does not keep handing an overdue-looking timer to BullMQ.
 */
export async function postponeTimer(db: Db, id: bigint, dueAt: Date): Promise<void> {
  await db.scheduledTimer.updateMany({ where: { id, status: 'PENDING' }, data: { dueAt } });
}

/** Pending timers due before `horizon` (overdue ones included): what the reconciler makes sure Redis holds. */
export async function listTimersDueBefore(db: Db, horizon: Date, limit: number): Promise<DueTimer[]> {
  return db.scheduledTimer.findMany({
    where: { status: 'PENDING', dueAt: { lt: horizon } },
    orderBy: { dueAt: 'asc' },
    take: limit,
    select: { id: true, dueAt: true },
  });
}

/** Timers that fired or were cancelled are a record for a while, then go. */
export async function pruneTimers(db: Db, olderThan: Date): Promise<number> {
  const result = await db.scheduledTimer.deleteMany({
    where: { status: { in: ['FIRED', 'CANCELLED'] }, createdAt: { lt: olderThan } },
  });
  return result.count;
}
