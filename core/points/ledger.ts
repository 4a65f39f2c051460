import { asModelUniqueViolation, type Db } from '../db/client.ts';
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
  // One INSERT of column arrays: Prisma's createMany spent about 0.4 ms per row building and binding
  // its multi-row statement (12 parameters a row), ten times the database's own cost
  // (`npm run bench -- --only=ledger`); this binds 12 arrays whatever the batch size. createdAt goes
  // as its UTC wall time: the column is timestamp(3) without time zone and holds UTC.
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  // A second entry for an award or redemption fails on its unique index: P2002, as from createMany.
  await db.$executeRaw`
    INSERT INTO "LedgerEntry" ("villageId", "sequence", "memberId", "householdId", "amount", "reason",
      "ruleCode", "awardId", "redemptionId", "reversesId", "createdAt", "prevHash", "hash")
    SELECT ${villageId}::int, * FROM unnest(
      ${column((row) => row.sequence)}::int[], ${column((row) => row.memberId)}::int[],
      ${column((row) => row.householdId)}::int[], ${column((row) => row.amount)}::int[],
      ${column((row) => row.reason)}::text[], ${column((row) => row.ruleCode)}::text[],
      ${column((row) => row.awardId)}::int[], ${column((row) => row.redemptionId)}::int[],
      ${column((row) => (row.reversesId === null ? null : row.reversesId.toString()))}::bigint[],
      ${column(() => createdAt.toISOString().replace('T', ' ').replace('Z', ''))}::timestamp(3)[],
      ${column((row) => row.prevHash)}::text[], ${column((row) => row.hash)}::text[])`.catch(
    (error: unknown) => {
      throw asModelUniqueViolation(error);
    },
  );
  await db.$executeRaw`UPDATE "LedgerHead" SET "lastHash" = ${prevHash} WHERE "villageId" = ${villageId}`;
  return rows.map((row) => ({ sequence: row.sequence, hash: row.hash, awardId: row.awardId }));
}
