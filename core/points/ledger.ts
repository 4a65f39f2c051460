import type { Db } from '../db/client.ts';
import { startCheckpoints } from './checkpoints.ts';
import { GENESIS_HASH, type HashedEntry, hashEntry } from './ledger-hash.ts';
import { startWeeklyStars } from './weekly-stars.ts';

/**
 * A village's first entry starts what a ledger owes its village on a schedule: the evening
 * checkpoint and the Monday stars. Their timers then carry themselves on, each firing setting the next.
 */
async function startLedgerTimers(db: Db, villageId: number, now: Date): Promise<void> {
  const village = await db.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { timezone: true },
  });
  await startCheckpoints(db, villageId, village.timezone, now);
  await startWeeklyStars(db, villageId, village.timezone, now);
}

/** An entry as its caller knows it; sequence, time and hashes are the chain's to give. */
export interface NewLedgerEntry {
  memberId: number;
  householdId?: number | null;
  amount: number;
  reason: string;
  ruleCode?: string | null;
  awardId?: number | null;
  redemptionId?: number | null;
  /** A compensating entry: the id of the entry it reverses. */
  reversesId?: bigint | null;
}

export interface AppendedEntry {
  sequence: number;
  hash: string;
  awardId: number | null;
}

/**
 * Appends entries to a village's chain, in the caller's transaction. The village's head row is
 * created if missing and then locked by the UPDATE that takes the sequences, so appends of one
 * village queue behind each other until commit and the chain never forks; other villages do not
 * wait. Run it inside the transaction that also records why (an award applied, a redemption), so
 * the entry exists exactly when its cause does: a unique award or redemption refuses a second entry.
 * Many entries at once cost one lock and one insert (a batch of approved awards).
 */
export async function appendLedgerEntries(
  db: Db,
  villageId: number,
  entries: readonly NewLedgerEntry[],
  now: Date = new Date(),
): Promise<AppendedEntry[]> {
  if (entries.length === 0) return [];
  const started = await db.$executeRaw`
    INSERT INTO "LedgerHead" ("villageId", "nextSequence", "lastHash")
    VALUES (${villageId}, 1, ${GENESIS_HASH})
    ON CONFLICT ("villageId") DO NOTHING`;
  if (started > 0) await startLedgerTimers(db, villageId, now);
  const [head] = await db.$queryRaw<{ first: number; lastHash: string }[]>`
    UPDATE "LedgerHead" SET "nextSequence" = "nextSequence" + ${entries.length}
    WHERE "villageId" = ${villageId}
    RETURNING "nextSequence" - ${entries.length} AS first, "lastHash"`;
  if (!head) throw new Error(`no ledger head for village ${villageId}`);
  // Milliseconds only: what the database keeps is what the hash covered.
  const createdAt = new Date(Math.floor(now.getTime()));
  let prevHash = head.lastHash;
  const rows = entries.map((entry, i) => {
    const hashed: HashedEntry = {
      villageId,
      sequence: head.first + i,
      memberId: entry.memberId,
      householdId: entry.householdId ?? null,
      amount: entry.amount,
      reason: entry.reason,
      ruleCode: entry.ruleCode ?? null,
      awardId: entry.awardId ?? null,
      redemptionId: entry.redemptionId ?? null,
      reversesId: entry.reversesId ?? null,
      createdAt,
      prevHash,
    };
    const hash = hashEntry(hashed);
    prevHash = hash;
    return { ...hashed, hash };
  });
  await db.ledgerEntry.createMany({ data: rows });
  await db.$executeRaw`UPDATE "LedgerHead" SET "lastHash" = ${prevHash} WHERE "villageId" = ${villageId}`;
  return rows.map((row) => ({ sequence: row.sequence, hash: row.hash, awardId: row.awardId }));
}
