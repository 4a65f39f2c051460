import type { Db } from '../db/client.ts';
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
  id: bigint;
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

/**
 * Recomputes a village's chain from its first entry and checks it against every checkpoint published
 * for it and against its head. A row changed behind the application's back (its stored hash kept, or
 * recomputed) breaks either its own hash, the next entry's link, or a published checkpoint: the
 * verdict names the first sequence that does not hold. Reads in batches, so a long chain needs no
 * more memory than a short one.
 */
export async function verifyLedger(db: Db, villageId: number): Promise<LedgerVerdict> {
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
  for (;;) {
    // A model query, not raw SQL: it runs through the bot's read-only unit of work too (/verify).
    const rows: Row[] = await db.ledgerEntry.findMany({
      where: { villageId, sequence: { gte: expectedSequence } },
      orderBy: { sequence: 'asc' },
      take: BATCH,
      select: {
        id: true,
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
    for (const row of rows) {
      if (row.sequence !== expectedSequence) return { ok: false, sequence: expectedSequence, reason: 'gap' };
      if (row.prevHash !== prevHash) return { ok: false, sequence: row.sequence, reason: 'broken-link' };
      const computed = hashEntry({ ...row, villageId });
      if (computed !== row.hash) return { ok: false, sequence: row.sequence, reason: 'hash-mismatch' };
      const published = checkpoints.get(row.sequence);
      if (published !== undefined && published !== computed)
        return { ok: false, sequence: row.sequence, reason: 'checkpoint-mismatch' };
      prevHash = computed;
      expectedSequence++;
    }
    if (rows.length < BATCH) break;
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
