import type { Db, SqlReader } from '../db/client.ts';
import { readRows } from '../db/read-rows.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { type PointsPeriod, periodStart } from './points-period.ts';
import { cutTopList, type RankedMember, TOP_PLACES, type TopList } from './top-list.ts';

/*
 * Who is ranked: active members with more than 0 points in the period (net of deductions). Members
 * with nothing to show are left out rather than listed last: the list praises, it never shames.
 * Each statement returns the top places (ties included) and the asker's own row, already ranked.
 */
const RANKED = `
  ranked AS (
    SELECT m.id AS "memberId", m.number, m."realName", t.points,
           rank() OVER (ORDER BY t.points DESC)::int AS rank
    FROM totals t
    JOIN "Member" m ON m."villageId" = $1::int AND m.id = t."memberId"
    WHERE t.points > 0 AND m.status = 'ACTIVE'
  )
  SELECT "memberId", number, "realName", points, rank FROM ranked
  WHERE rank <= $3::int OR "memberId" = $2::int
  ORDER BY rank, number`;

// All time: the running totals the ledger's trigger keeps, one row per member.
const ALL_TIME_SQL = `
  WITH totals AS (
    SELECT "memberId", balance AS points FROM "MemberPoints" WHERE "villageId" = $1::int
  ), ${RANKED}`;

// A period: only its entries, read from the (villageId, createdAt, memberId, amount) index.
const SINCE_SQL = `
  WITH totals AS (
    SELECT "memberId", sum(amount)::int AS points FROM "LedgerEntry"
    WHERE "villageId" = $1::int AND "createdAt" >= ($4::timestamptz AT TIME ZONE 'UTC')
    GROUP BY "memberId"
  ), ${RANKED}`;

/** /top: the village's top earners in the period, ties handled, and where the asker stands. */
export async function listTopEarners(
  source: Db | SqlReader,
  input: { actor: Membership | undefined; period: PointsPeriod; now?: Date },
): Promise<TopList & { period: PointsPeriod }> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const since = periodStart(input.period, input.now ?? new Date(), actor.timezone);
  const params = [actor.villageId, actor.memberId, TOP_PLACES];
  const ranking = since
    ? await readRows<RankedMember>(source, SINCE_SQL, [...params, since.toISOString()])
    : await readRows<RankedMember>(source, ALL_TIME_SQL, params);
  return { period: input.period, ...cutTopList(ranking, actor.memberId) };
}
