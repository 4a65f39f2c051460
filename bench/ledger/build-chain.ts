/**
 * A valid chain of many entries for one village, written fast: hashes computed here in order with
 * the ledger's own `hashEntry`, rows inserted through pg in large `unnest` statements (two in flight,
 * so hashing the next batch overlaps inserting this one), and the village's `LedgerHead` set to the
 * chain's end. The tally trigger keeps MemberPoints and HouseholdPoints as it does for every insert.
 */
import type pg from 'pg';
import { GENESIS_HASH, hashEntry } from '../../core/points/ledger-hash.ts';
import { entryTime, plannedEntry, utcTimestampLiteral } from './entry-plan.ts';
import type { LedgerVillage } from './seed-village.ts';

const INSERT_SQL = `
  INSERT INTO "LedgerEntry"
    ("villageId", "sequence", "memberId", "householdId", "amount", "reason", "ruleCode", "prevHash", "hash", "createdAt")
  SELECT $1::int, * FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[],
                                $8::text[], $9::text[], $10::timestamp(3)[])`;

export interface ChainSpec {
  entries: number;
  /** The chain's entries are spread evenly over this span, ending at `to`. */
  from: Date;
  to: Date;
  /** Rows per INSERT statement. */
  batch: number;
}

export interface BuiltChain {
  entries: number;
  headHash: string;
}

export async function buildChain(
  pool: pg.Pool,
  village: LedgerVillage,
  spec: ChainSpec,
): Promise<BuiltChain> {
  const { villageId, members } = village;
  let prevHash = GENESIS_HASH;
  const inFlight: Promise<unknown>[] = [];
  for (let first = 0; first < spec.entries; first += spec.batch) {
    const count = Math.min(spec.batch, spec.entries - first);
    const columns = {
      sequence: new Array<number>(count),
      memberId: new Array<number>(count),
      householdId: new Array<number>(count),
      amount: new Array<number>(count),
      reason: new Array<string>(count),
      ruleCode: new Array<string>(count),
      prevHash: new Array<string>(count),
      hash: new Array<string>(count),
      createdAt: new Array<string>(count),
    };
    for (let i = 0; i < count; i++) {
      const index = first + i;
      const plan = plannedEntry(index, members.length);
      const member = members[plan.memberIndex];
      if (!member) throw new Error(`no member ${plan.memberIndex}`);
      const createdAt = entryTime(index, spec.entries, spec.from, spec.to);
      const hash = hashEntry({
        villageId,
        sequence: index + 1,
        memberId: member.id,
        householdId: member.householdId,
        amount: plan.amount,
        reason: plan.reason,
        ruleCode: plan.ruleCode,
        awardId: null,
        redemptionId: null,
        reversesId: null,
        createdAt,
        prevHash,
      });
      columns.sequence[i] = index + 1;
      columns.memberId[i] = member.id;
      columns.householdId[i] = member.householdId;
      columns.amount[i] = plan.amount;
      columns.reason[i] = plan.reason;
      columns.ruleCode[i] = plan.ruleCode;
      columns.prevHash[i] = prevHash;
      columns.hash[i] = hash;
      columns.createdAt[i] = utcTimestampLiteral(createdAt);
      prevHash = hash;
    }
    if (inFlight.length >= 2) await inFlight.shift();
    const inserted = pool.query(INSERT_SQL, [
      villageId,
      columns.sequence,
      columns.memberId,
      columns.householdId,
      columns.amount,
      columns.reason,
      columns.ruleCode,
      columns.prevHash,
      columns.hash,
      columns.createdAt,
    ]);
    // Awaited below; until then a failure must not count as unhandled.
    inserted.catch(() => {});
    inFlight.push(inserted);
  }
  await Promise.all(inFlight);
  await pool.query(
    `INSERT INTO "LedgerHead" ("villageId", "nextSequence", "lastHash") VALUES ($1, $2, $3)
     ON CONFLICT ("villageId") DO UPDATE SET "nextSequence" = EXCLUDED."nextSequence", "lastHash" = EXCLUDED."lastHash"`,
    [villageId, spec.entries + 1, prevHash],
  );
  // Building in statements of 20,000 rows makes the tally trigger rewrite every member's total once a
  // statement: 50 dead versions a row, a MemberPoints table 50 times its size, which every /points and
  // /top scans (a live village appends a few entries at a time and autovacuum keeps the totals
  // compact). So compact them, and vacuum the insert-only ledger as autovacuum would.
  await pool.query('VACUUM (FULL, ANALYZE) "MemberPoints", "HouseholdPoints"');
  await pool.query('VACUUM (ANALYZE) "LedgerEntry", "Member", "Household", "User", "RoleGrant"');
  return { entries: spec.entries, headHash: prevHash };
}
