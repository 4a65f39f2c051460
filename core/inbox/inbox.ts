import type { Prisma } from '../../prisma/generated/client.ts';
import type { Db, PrismaClient } from '../db/client.ts';
import { chatKeyOf } from './chat-key.ts';

export interface InboxUpdate {
  update_id: number;
  [key: string]: unknown;
}

/**
 * Stores updates durably before Telegram is told they were received.
 * A redelivered update (polling replay, webhook retry) conflicts on its id and is dropped here.
 * Returns the updates that were new, ready to be handled.
 */
export async function storeUpdates(db: Db, updates: readonly InboxUpdate[]): Promise<PendingUpdate[]> {
  if (updates.length === 0) return [];
  const rows = updates.map((update) => ({
    updateId: BigInt(update.update_id),
    chatKey: chatKeyOf(update),
    payload: update as Prisma.InputJsonValue,
  }));
  const inserted = await db.inboundUpdate.createManyAndReturn({
    data: rows,
    skipDuplicates: true,
    select: { updateId: true },
  });
  const isNew = new Set(inserted.map((row) => row.updateId));
  return updates
    .filter((update) => isNew.has(BigInt(update.update_id)))
    .map((payload) => ({
      updateId: BigInt(payload.update_id),
      chatKey: chatKeyOf(payload),
      attempts: 0,
      payload,
    }));
}

export interface PendingUpdate {
  updateId: bigint;
  chatKey: string;
  attempts: number;
  /** Present when the receiver hands the update over; read from the inbox otherwise. */
  payload?: InboxUpdate;
}

/** The oldest unhandled updates, in update order (per chat order follows from it). */
export async function listPendingUpdates(db: PrismaClient, limit: number): Promise<PendingUpdate[]> {
  const rows = await db.inboundUpdate.findMany({
    where: { handledAt: null },
    orderBy: { updateId: 'asc' },
    take: limit,
    select: { updateId: true, chatKey: true, attempts: true },
  });
  return rows;
}

/**
 * Claims an update inside the transaction that carries its effects and returns its payload (undefined
 * when it was handled already). The row lock makes a second processor wait and then find it handled,
 * so an update's effects commit exactly once. The payload comes back here, not with the listing,
 * so the dispatcher's frequent listings stay cheap.
 */
export async function claimUpdate(db: Db, updateId: bigint): Promise<InboxUpdate | undefined> {
  const rows = await db.$queryRaw<{ payload: InboxUpdate }[]>`
    UPDATE "InboundUpdate" SET "handledAt" = now()
    WHERE "updateId" = ${updateId} AND "handledAt" IS NULL RETURNING payload`;
  return rows[0]?.payload;
}

/** The payload of an update not handled yet; undefined once it is. */
export async function loadPendingPayload(db: Db, updateId: bigint): Promise<InboxUpdate | undefined> {
  const row = await db.inboundUpdate.findFirst({
    where: { updateId, handledAt: null },
    select: { payload: true },
  });
  return row ? (row.payload as unknown as InboxUpdate) : undefined;
}

/**
 * Marks updates handled that changed nothing in the database (a /me, a /help), many at a time.
 * Their effect is only a reply, which is what a crash before this runs could repeat.
 */
export async function markUpdatesHandled(
  db: Db,
  updateIds: readonly bigint[],
  error?: string,
): Promise<void> {
  if (updateIds.length === 0) return;
  await db.inboundUpdate.updateMany({
    where: { updateId: { in: [...updateIds] }, handledAt: null },
    data: { handledAt: new Date(), ...(error ? { lastError: error } : {}) },
  });
}

/** Records a failed attempt; after `maxAttempts` the update is set aside as handled-with-error. */
export async function recordFailedAttempt(
  db: PrismaClient,
  updateId: bigint,
  error: string,
  maxAttempts: number,
): Promise<{ givenUp: boolean; attempts: number }> {
  const row = await db.inboundUpdate.update({
    where: { updateId },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 2000) },
    select: { attempts: true },
  });
  const givenUp = row.attempts >= maxAttempts;
  if (givenUp) await db.inboundUpdate.update({ where: { updateId }, data: { handledAt: new Date() } });
  return { givenUp, attempts: row.attempts };
}

/** Keeps the inbox small: handled updates are only needed while Telegram could still redeliver them. */
export async function pruneHandledUpdates(db: PrismaClient, olderThan: Date): Promise<number> {
  const result = await db.inboundUpdate.deleteMany({ where: { handledAt: { lt: olderThan } } });
  return result.count;
}
