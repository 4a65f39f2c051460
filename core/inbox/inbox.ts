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
 * Returns how many were new.
 */
export async function storeUpdates(db: Db, updates: readonly InboxUpdate[]): Promise<number> {
  if (updates.length === 0) return 0;
  const result = await db.inboundUpdate.createMany({
    data: updates.map((update) => ({
      updateId: BigInt(update.update_id),
      chatKey: chatKeyOf(update),
      payload: update as Prisma.InputJsonValue,
    })),
    skipDuplicates: true,
  });
  return result.count;
}

export interface PendingUpdate {
  updateId: bigint;
  chatKey: string;
  attempts: number;
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

/** Records a failed attempt; after `maxAttempts` the update is set aside as handled-with-error. */
export async function recordFailedAttempt(
  db: PrismaClient,
  updateId: bigint,
  error: string,
  maxAttempts: number,
): Promise<{ givenUp: boolean }> {
  const row = await db.inboundUpdate.update({
    where: { updateId },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 2000) },
    select: { attempts: true },
  });
  const givenUp = row.attempts >= maxAttempts;
  if (givenUp) await db.inboundUpdate.update({ where: { updateId }, data: { handledAt: new Date() } });
  return { givenUp };
}

/** Keeps the inbox small: handled updates are only needed while Telegram could still redeliver them. */
export async function pruneHandledUpdates(db: PrismaClient, olderThan: Date): Promise<number> {
  const result = await db.inboundUpdate.deleteMany({ where: { handledAt: { lt: olderThan } } });
  return result.count;
}
