import { type Db, isSqlReader, type PrismaClient, type SqlReader } from '../db/client.ts';
import { chatKeyOf } from './chat-key.ts';

export interface InboxUpdate {
  update_id: number;
  [key: string]: unknown;
}

// One statement: the count reads the snapshot from before this INSERT, so it sees only updates
// stored earlier, by any process, and not the others of this batch (handed over in order anyway).
const STORE_SQL = `
  WITH incoming AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(u bigint, c text, p jsonb)),
  inserted AS (
    INSERT INTO "InboundUpdate" ("updateId", "chatKey", payload)
    SELECT u, c, p FROM incoming
    ON CONFLICT ("updateId") DO NOTHING
    RETURNING "updateId", "chatKey")
  SELECT i."updateId", (
    SELECT count(*)::int FROM "InboundUpdate" o
    WHERE o."handledAt" IS NULL AND o."chatKey" = i."chatKey" AND o."updateId" < i."updateId"
  ) AS "earlierPending"
  FROM inserted i`;

/**
 * Stores updates durably before Telegram is told they were received.
 * A redelivered update (polling replay, webhook retry) conflicts on its id and is dropped here.
 * Returns the updates that were new, ready to be handled, each with how many older updates of its chat
 * were still waiting when it was stored: when that is more than its dispatcher knows of, another
 * process received some, and whoever handles the chat reads the chat's queue from the inbox to keep
 * its order. Runs through Prisma or, on the bot's receiving path, the plain SQL reader, which spares
 * Prisma's own overhead on every batch received (`npm run bench`).
 */
export async function storeUpdates(
  source: Db | SqlReader,
  updates: readonly InboxUpdate[],
): Promise<PendingUpdate[]> {
  if (updates.length === 0) return [];
  const rows = JSON.stringify(
    updates.map((update) => ({ u: update.update_id, c: chatKeyOf(update), p: update })),
  );
  // pg returns int8 as a string, Prisma as a bigint.
  const stored = (
    isSqlReader(source)
      ? (await source.query(STORE_SQL, [rows])).rows
      : await source.$queryRawUnsafe<unknown[]>(STORE_SQL, rows)
  ) as { updateId: bigint | string; earlierPending: number }[];
  const isNew = new Map(stored.map((row) => [BigInt(row.updateId), row.earlierPending]));
  return updates
    .filter((update) => isNew.has(BigInt(update.update_id)))
    .map((payload) => ({
      updateId: BigInt(payload.update_id),
      chatKey: chatKeyOf(payload),
      attempts: 0,
      payload,
      earlierPending: isNew.get(BigInt(payload.update_id)) ?? 0,
    }));
}

export interface PendingUpdate {
  updateId: bigint;
  chatKey: string;
  attempts: number;
  /** Present when the receiver hands the update over; read from the inbox otherwise. */
  payload?: InboxUpdate;
  /** Set by storeUpdates: how many older updates of the chat were waiting when this one was stored. */
  earlierPending?: number;
}

/**
 * The oldest unhandled updates, in update order (per chat order follows from it). `receivedBefore`
 * leaves out fresh ones, which their receiver has just handed to its dispatcher.
 */
export async function listPendingUpdates(
  db: PrismaClient,
  limit: number,
  receivedBefore?: Date,
): Promise<PendingUpdate[]> {
  return db.inboundUpdate.findMany({
    where: { handledAt: null, ...(receivedBefore && { receivedAt: { lt: receivedBefore } }) },
    orderBy: { updateId: 'asc' },
    take: limit,
    select: { updateId: true, chatKey: true, attempts: true },
  });
}

/** One chat's unhandled updates, in order: what the holder of its lease reads to keep the order. */
export async function listPendingUpdatesOfChat(db: PrismaClient, chatKey: string): Promise<PendingUpdate[]> {
  return db.inboundUpdate.findMany({
    where: { handledAt: null, chatKey },
    orderBy: { updateId: 'asc' },
    take: 1000,
    select: { updateId: true, chatKey: true, attempts: true },
  });
}

/**
 * Claims an update inside the transaction that carries its effects and returns its payload (undefined
 * when it was handled already). The row lock makes a second processor wait and then find it handled,
 * so an update's effects commit exactly once. The payload comes back here, not with the listing,
 * so the dispatcher's frequent listings stay cheap.
 */
export async function claimUpdate(
  db: Db,
  updateId: bigint,
  /**
   * With several bot processes, the claim holds only while this holder still has the chat's lease:
   * a process stalled past its lease must not run an update that another now owns (the order of the
   * chat's updates would break). No round trip of its own: it is part of the claim.
   */
  leaseHolder?: string,
): Promise<InboxUpdate | undefined> {
  const holder = leaseHolder ?? null;
  const rows = await db.$queryRaw<{ payload: InboxUpdate }[]>`
    UPDATE "InboundUpdate" AS u SET "handledAt" = now()
    WHERE u."updateId" = ${updateId} AND u."handledAt" IS NULL
      AND (${holder}::text IS NULL OR EXISTS (
        SELECT 1 FROM "ChatLease" l
        WHERE l."chatKey" = u."chatKey" AND l.holder = ${holder}::text AND l."expiresAt" > now()))
    RETURNING payload`;
  return rows[0]?.payload;
}

/** After a failed claim: whether the update was handled already (else the lease was not held). */
export async function isUpdateHandled(db: Db, updateId: bigint): Promise<boolean> {
  const row = await db.inboundUpdate.findUnique({ where: { updateId }, select: { handledAt: true } });
  return row === null || row.handledAt !== null;
}

/** The payload of an update not handled yet; undefined once it is. */
export async function loadPendingPayload(db: Db, updateId: bigint): Promise<InboxUpdate | undefined> {
  const row = await db.inboundUpdate.findFirst({
    where: { updateId, handledAt: null },
    select: { payload: true },
  });
  return row ? (row.payload as unknown as InboxUpdate) : undefined;
}

// handledAt is a timestamp without time zone holding UTC, as Prisma writes it: an ISO string's "Z" is
// ignored by the cast, so the session's time zone plays no part.
const MARK_HANDLED_SQL = `
  UPDATE "InboundUpdate" SET "handledAt" = $2::timestamp(3), "lastError" = COALESCE($3::text, "lastError")
  WHERE "updateId" = ANY($1::bigint[]) AND "handledAt" IS NULL`;

/**
 * Marks updates handled that changed nothing in the database (a /me, a /help), many at a time.
 * Their effect is only a reply, which is what a crash before this runs could repeat. Through Prisma
 * or, from the dispatcher, the plain SQL reader (it runs every few milliseconds under load).
 */
export async function markUpdatesHandled(
  source: Db | SqlReader,
  updateIds: readonly bigint[],
  error?: string,
): Promise<void> {
  if (updateIds.length === 0) return;
  if (isSqlReader(source)) {
    const ids = updateIds.map((id) => id.toString());
    await source.query(MARK_HANDLED_SQL, [ids, new Date().toISOString(), error ? error : null]);
    return;
  }
  await source.inboundUpdate.updateMany({
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
