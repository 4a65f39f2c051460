import type { Db, SqlReader } from '../db/client.ts';
import { readRows } from '../db/read-rows.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { shortHash } from './ledger-hash.ts';
import { formatEntryDate } from './points-period.ts';
import { type StarLevel, starLevel } from './star-level.ts';

export interface LedgerLine {
  sequence: number;
  amount: number;
  reason: string;
  /** The entry's day in the village's time zone ("11-28"). */
  date: string;
  /** The first 8 hex digits of the entry's hash: what the member can check the ledger against. */
  hash: string;
}

export interface MemberPoints {
  balance: number;
  /** Points held by the member's points-shop reservations: part of the balance, not available to spend. */
  reserved: number;
  /** How many ledger entries the member has; 0 means they have never had points. */
  entries: number;
  /** Competition rank by balance among the village's active members (ties share a rank). */
  rank: number;
  rankedAmong: number;
  stars: StarLevel;
  /** The member's household: the entries recorded to it, ranked among households with active members. */
  household: { name: string; total: number; rank: number; rankedAmong: number } | undefined;
  /** Newest first, at most RECENT_ENTRIES. */
  recent: LedgerLine[];
}

export const RECENT_ENTRIES = 10;

interface SummaryRow {
  balance: number;
  reserved: number;
  entries: number;
  rank: number;
  rankedAmong: number;
  householdName: string | null;
  householdTotal: number | null;
  householdRank: number | null;
  householdsRanked: number;
}

/*
 * Totals come from MemberPoints and HouseholdPoints, which a trigger keeps as the ledger's sums, so
 * this reads one row per member of the village instead of every entry. Members and households
 * without entries count with 0. A rank is 1 + how many are strictly ahead: the competition rank
 * without ranking the whole village.
 */
const SUMMARY_SQL = `
  WITH active AS (
    SELECT m.id, m."householdId", COALESCE(p.balance, 0) AS balance
    FROM "Member" m
    LEFT JOIN "MemberPoints" p ON p."villageId" = m."villageId" AND p."memberId" = m.id
    WHERE m."villageId" = $1::int AND m.status = 'ACTIVE'
  ), households AS (
    SELECT h.id, COALESCE(hp.total, 0) AS total
    FROM (SELECT DISTINCT "householdId" AS id FROM active WHERE "householdId" IS NOT NULL) h
    LEFT JOIN "HouseholdPoints" hp ON hp."villageId" = $1::int AND hp."householdId" = h.id
  ), me AS (
    SELECT m."householdId", h.name AS "householdName",
           COALESCE(p.balance, 0) AS balance, COALESCE(p.entries, 0) AS entries,
           COALESCE(p.reserved, 0) AS reserved
    FROM "Member" m
    LEFT JOIN "MemberPoints" p ON p."villageId" = m."villageId" AND p."memberId" = m.id
    LEFT JOIN "Household" h ON h."villageId" = m."villageId" AND h.id = m."householdId"
    WHERE m."villageId" = $1::int AND m.id = $2::int
  )
  SELECT me.balance, me.reserved, me.entries, me."householdName",
         (SELECT count(*)::int + 1 FROM active a WHERE a.balance > me.balance) AS rank,
         (SELECT count(*)::int FROM active) AS "rankedAmong",
         hh.total AS "householdTotal",
         (SELECT count(*)::int + 1 FROM households x WHERE x.total > hh.total) AS "householdRank",
         (SELECT count(*)::int FROM households) AS "householdsRanked"
  FROM me LEFT JOIN households hh ON hh.id = me."householdId"`;

// AT TIME ZONE 'UTC' makes the stored UTC time a timestamptz, which both drivers read as the same instant.
const RECENT_SQL = `
  SELECT sequence, amount, reason, hash, "createdAt" AT TIME ZONE 'UTC' AS "createdAt"
  FROM "LedgerEntry"
  WHERE "villageId" = $1::int AND "memberId" = $2::int
  ORDER BY sequence DESC
  LIMIT ${RECENT_ENTRIES}`;

/** /points: the asker's balance, rank, stars, household and latest entries, in their current village. */
export async function showMemberPoints(
  source: Db | SqlReader,
  input: { actor: Membership | undefined; now?: Date },
): Promise<MemberPoints> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const now = input.now ?? new Date();
  const params = [actor.villageId, actor.memberId];
  const [summaries, recent] = await Promise.all([
    readRows<SummaryRow>(source, SUMMARY_SQL, params),
    readRows<{ sequence: number; amount: number; reason: string; hash: string; createdAt: Date }>(
      source,
      RECENT_SQL,
      params,
    ),
  ]);
  const summary = summaries[0];
  if (!summary) throw new Error(`member ${actor.memberId} not in village ${actor.villageId}`);
  const rank = summary.rank;
  return {
    balance: summary.balance,
    reserved: summary.reserved,
    entries: summary.entries,
    rank,
    rankedAmong: summary.rankedAmong,
    stars: starLevel({ balance: summary.balance, rank, rankedAmong: summary.rankedAmong }),
    household:
      summary.householdName !== null && summary.householdTotal !== null && summary.householdRank !== null
        ? {
            name: summary.householdName,
            total: summary.householdTotal,
            rank: summary.householdRank,
            rankedAmong: summary.householdsRanked,
          }
        : undefined,
    recent: recent.map((entry) => ({
      sequence: entry.sequence,
      amount: entry.amount,
      reason: entry.reason,
      date: formatEntryDate(new Date(entry.createdAt), actor.timezone, now),
      hash: shortHash(entry.hash),
    })),
  };
}
