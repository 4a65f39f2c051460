import type { Db, SqlReader } from '../db/client.ts';
import { GENESIS_HASH, hashEntry } from './ledger-hash.ts';

export type LedgerVerdict =
  | { ok: true; entries: number; headHash: string; checkpoints: number }
  | {
      ok: false;
      /** The first sequence whose row does not hold: altered, missing, or out of its chain. */
      sequence: number;
      reason: 'hash-mismatch' | 'broken-link' | 'gap' | 'checkpoint-mismatch' | 'head-mismatch';
    };

const BATCH = 20_000;

interface Row {
  sequence: number;
  memberId: number;
  householdId: number | null;
  amount: number;
  reason: string;
  ruleCode: string | null;
  awardId: number | null;
  redemptionId: number | null;
  reversesId: bigint | null;
  createdAt: Date;
  prevHash: string;
  hash: string;
}

type ReadBatch = (afterSequence: number) => Promise<Row[]>;

// A model query, not raw SQL: it runs through the bot's read-only unit of work too (/verify).
const readBatchModel =
  (db: Db, villageId: number): ReadBatch =>
  (afterSequence) =>
    db.ledgerEntry.findMany({
      where: { villageId, sequence: { gt: afterSequence } },
      orderBy: { sequence: 'asc' },
      take: BATCH,
      select: {
        sequence: true,
        memberId: true,
        householdId: true,
        amount: true,
        reason: true,
        ruleCode: true,
        awardId: true,
        redemptionId: true,
        reversesId: true,
        createdAt: true,
        prevHash: true,
        hash: true,
      },
    });

/*
 * The same rows through plain SQL. createdAt is timestamp(3) without time zone holding UTC:
 * AT TIME ZONE 'UTC' makes it the timestamptz of that instant, which pg reads as the same Date
 * Prisma returns, milliseconds included. reversesId comes as text (pg reads int8 as a string).
 */
const BATCH_SQL = `
  SELECT sequence, "memberId", "householdId", amount, reason, "ruleCode", "awardId", "redemptionId",
         "reversesId"::text AS "reversesId", "createdAt" AT TIME ZONE 'UTC' AS "createdAt", "prevHash", hash
  FROM "LedgerEntry"
  WHERE "villageId" = $1::int AND sequence > $2::int
  ORDER BY sequence
  LIMIT ${BATCH}`;

const readBatchSql =
  (reader: SqlReader, villageId: number): ReadBatch =>
  async (afterSequence) => {
    const { rows } = await reader.query(BATCH_SQL, [villageId, afterSequence]);
    return (rows as (Omit<Row, 'reversesId'> & { reversesId: string | null })[]).map((row) => ({
      ...row,
      reversesId: row.reversesId === null ? null : BigInt(row.reversesId),
    }));
  };

/**
 * Recomputes a village's chain from its first entry and checks it against every checkpoint published
 * for it and against its head. A row changed behind the application's back (its stored hash kept, or
 * recomputed) breaks either its own hash, the next entry's link, or a published checkpoint: the
 * verdict names the first sequence that does not hold. Reads in batches, so a long chain needs no
 * more memory than a short one.
 *
 * `reader` (the plain pg pool, core/db/client.ts) reads the entries faster than Prisma (a
 * million entries: see README's bench paragraph); only outside a transaction, so for a command-line
 * check or the bench, not for the bot's read-only unit of work, which refuses raw SQL.
 */
export async function verifyLedger(
  db: Db,
  villageId: number,
  options: { reader?: SqlReader } = {},
): Promise<LedgerVerdict> {
  const checkpoints = new Map(
    (
      await db.ledgerCheckpoint.findMany({
        where: { villageId },
        select: { sequence: true, hash: true },
      })
    ).map((checkpoint) => [checkpoint.sequence, checkpoint.hash]),
  );
  let expectedSequence = 1;
  let prevHash = GENESIS_HASH;
  const read = options.reader ? readBatchSql(options.reader, villageId) : readBatchModel(db, villageId);
  // The next batch is read while this one is hashed: its first sequence is known from this one's last.
  let next: Promise<Row[]> | undefined = read(0);
  try {
    while (next) {
      const rows: Row[] = await next;
      const last = rows.at(-1);
      next = rows.length === BATCH && last ? read(last.sequence) : undefined;
      for (const row of rows) {
        if (row.sequence !== expectedSequence)
          return { ok: false, sequence: expectedSequence, reason: 'gap' };
        if (row.prevHash !== prevHash) return { ok: false, sequence: row.sequence, reason: 'broken-link' };
        const computed = hashEntry({ ...row, villageId });
        if (computed !== row.hash) return { ok: false, sequence: row.sequence, reason: 'hash-mismatch' };
        const published = checkpoints.get(row.sequence);
        if (published !== undefined && published !== computed)
          return { ok: false, sequence: row.sequence, reason: 'checkpoint-mismatch' };
        prevHash = computed;
        expectedSequence++;
      }
    }
  } finally {
    // A verdict found mid-batch: the read ahead must finish before the caller's transaction ends.
    await next?.catch(() => undefined);
  }
  const entries = expectedSequence - 1;
  // A checkpoint beyond the chain's end: entries were removed since it was published.
  for (const sequence of checkpoints.keys())
    if (sequence > entries) return { ok: false, sequence: entries + 1, reason: 'gap' };
  const head = await db.ledgerHead.findUnique({ where: { villageId } });
  if (head && (head.nextSequence !== entries + 1 || head.lastHash !== prevHash))
    return { ok: false, sequence: entries + 1, reason: 'head-mismatch' };
  return { ok: true, entries, headHash: prevHash, checkpoints: checkpoints.size };
}
