import type { Db, SqlReader } from '../db/client.ts';
import { readRows } from '../db/read-rows.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import type { StarLevel } from '../points/star-level.ts';
import { type CreditFacts, type CreditScore, creditScore, creditStars } from './credit-score.ts';
import {
  type LoanTable,
  loanDiscountHundredths,
  type RankedHousehold,
  rankCreditLine,
} from './loan-terms.ts';

/*
 * Reads only, through core/db/read-rows.ts (the bot's plain SQL pool, or Prisma in the worker and
 * tests), like /points. A star level is a place in the village, so every active member's facts are
 * read in one statement (one row each, each count an index-backed subquery) and scored here; the
 * times are the database's clock in UTC, the way timestamp(3) columns hold them.
 */
const FACTS_SQL = `
  WITH clock AS (
    SELECT statement_timestamp() AT TIME ZONE 'UTC' AS now,
           (statement_timestamp() AT TIME ZONE 'UTC') - interval '12 months' AS since
  )
  SELECT m.id AS "memberId", m.number, m."realName", m."householdId",
    (m."realName" IS NOT NULL) AS "hasRealName",
    (m."householdId" IS NOT NULL) AS "hasHousehold",
    floor(extract(epoch FROM (c.now - m."joinedAt")) / 86400)::int AS "daysInVillage",
    (SELECT count(*)::int FROM "TalkItem" t
      WHERE t."villageId" = m."villageId" AND t."raiserId" = m.id AND t."createdAt" > c.since) AS "talkItems",
    (SELECT count(*)::int FROM "TalkComment" x JOIN "TalkItem" t ON t.id = x."itemId"
      WHERE t."villageId" = m."villageId" AND x."authorId" = m.id AND x."createdAt" > c.since) AS comments,
    (SELECT count(*)::int FROM "VoteParticipation" v
      WHERE v."villageId" = m."villageId" AND v."castById" = m.id AND v."firstCastAt" > c.since) AS "votesCast",
    (SELECT count(*)::int FROM "SignUp" s
      WHERE s."villageId" = m."villageId" AND s."memberId" = m.id AND s."checkInAt" IS NOT NULL
        AND s."startsAt" > c.since) AS "shiftsAttended",
    (SELECT count(*)::int FROM "SignUp" s
      WHERE s."villageId" = m."villageId" AND s."memberId" = m.id AND s.status = 'CONFIRMED'
        AND s."endsAt" <= c.now AND s."startsAt" > c.since) AS "shiftsPromised",
    (SELECT count(*)::int FROM "SignUp" s
      WHERE s."villageId" = m."villageId" AND s."memberId" = m.id AND s."noShow"
        AND s."startsAt" > c.since) AS "noShows",
    (SELECT count(*)::int FROM "TalkTask" k
      WHERE k."assigneeId" = m.id AND (k.status = 'DONE' OR (k.status <> 'CANCELLED' AND k."dueAt" <= c.now))
        AND k."createdAt" > c.since) AS "tasksPromised",
    (SELECT count(*)::int FROM "TalkTask" k
      WHERE k."assigneeId" = m.id AND k.status = 'DONE' AND k."doneAt" <= k."dueAt"
        AND k."createdAt" > c.since) AS "tasksOnTime",
    (SELECT COALESCE(-sum(l.amount), 0)::int FROM "LedgerEntry" l
      WHERE l."villageId" = m."villageId" AND l."memberId" = m.id AND l.amount < 0
        AND l."createdAt" > c.since) AS "pointsDeducted",
    (SELECT count(*)::int FROM "ShiftReport" r
      WHERE r."villageId" = m."villageId" AND r."memberId" = m.id AND r.status = 'UPHELD'
        AND r."createdAt" > c.since) AS "reportsUpheld",
    (SELECT COALESCE(sum(s.score), 0)::int FROM "SignUp" s
      WHERE s."villageId" = m."villageId" AND s."memberId" = m.id AND s.score IS NOT NULL)
    + (SELECT COALESCE(sum(g.stars), 0)::int FROM "TalkRating" g
      JOIN "TalkTask" k ON k."itemId" = g."itemId" AND k.round = g.round
      WHERE k."assigneeId" = m.id) AS "ratingsSum",
    (SELECT count(*)::int FROM "SignUp" s
      WHERE s."villageId" = m."villageId" AND s."memberId" = m.id AND s.score IS NOT NULL)
    + (SELECT count(*)::int FROM "TalkRating" g
      JOIN "TalkTask" k ON k."itemId" = g."itemId" AND k.round = g.round
      WHERE k."assigneeId" = m.id) AS "ratingsCount",
    (SELECT COALESCE(sum(n.points), 0)::int FROM "NegativeListEntry" n
      WHERE n."villageId" = m."villageId" AND n."memberId" = m.id AND n."removedAt" IS NULL) AS "negativePoints"
  FROM "Member" m CROSS JOIN clock c
  WHERE m."villageId" = $1::int AND m.status = 'ACTIVE'
  ORDER BY m.number`;

interface FactsRow extends CreditFacts {
  memberId: number;
  number: number;
  realName: string | null;
  householdId: number | null;
}

/** Households with an active member, their points (0 without entries), names and members' names. */
const HOUSEHOLDS_SQL = `
  SELECT h.id AS "householdId", h.number, h.name, COALESCE(hp.total, 0)::int AS total,
         string_agg(COALESCE(m."realName", ''), '、' ORDER BY m.number) AS members
  FROM "Household" h
  JOIN "Member" m ON m."villageId" = h."villageId" AND m."householdId" = h.id AND m.status = 'ACTIVE'
  LEFT JOIN "HouseholdPoints" hp ON hp."villageId" = h."villageId" AND hp."householdId" = h.id
  WHERE h."villageId" = $1::int
  GROUP BY h.id, h.number, h.name, hp.total`;

const TABLE_SQL = `
  SELECT "loanStepPoints" AS "stepPoints", "loanStepHundredths" AS "stepHundredths",
         "loanCapHundredths" AS "capHundredths", "creditLineTopPercent" AS "topPercent"
  FROM "Village" WHERE id = $1::int`;

const NEGATIVES_SQL = `
  SELECT id, points, reason, "createdAt" AT TIME ZONE 'UTC' AS "createdAt"
  FROM "NegativeListEntry"
  WHERE "villageId" = $1::int AND "memberId" = $2::int AND "removedAt" IS NULL
  ORDER BY id`;

export interface CreditHousehold extends RankedHousehold {
  number: number;
  name: string;
  /** Active members' names, in member-number order. */
  members: string;
  discountHundredths: number;
}

export interface CreditLine {
  table: LoanTable;
  /** Every household with an active member, best first. */
  households: CreditHousehold[];
}

export interface MemberCredit {
  memberId: number;
  number: number;
  realName: string | null;
  /** What the score was computed from: /credit explains each dimension with these. */
  facts: CreditFacts;
  score: CreditScore;
  stars: StarLevel;
  rank: number;
  rankedAmong: number;
  /** The negative list's entries in force, oldest first. */
  negatives: { id: number; points: number; reason: string; createdAt: Date }[];
  household: CreditHousehold | undefined;
  householdsRanked: number;
  table: LoanTable;
}

/** The village's loan table and its households ranked for the credit line, with their discounts. */
export async function loadCreditLine(source: Db | SqlReader, villageId: number): Promise<CreditLine> {
  const [tables, rows] = await Promise.all([
    readRows<LoanTable>(source, TABLE_SQL, [villageId]),
    readRows<{ householdId: number; number: number; name: string; total: number; members: string }>(
      source,
      HOUSEHOLDS_SQL,
      [villageId],
    ),
  ]);
  const table = tables[0];
  if (!table) throw new Error(`village ${villageId} not found`);
  const byId = new Map(rows.map((row) => [row.householdId, row]));
  const households = rankCreditLine(rows, table.topPercent).map((ranked) => {
    const row = byId.get(ranked.householdId);
    return {
      ...ranked,
      number: row?.number ?? 0,
      name: row?.name ?? '',
      members: row?.members ?? '',
      discountHundredths: loanDiscountHundredths(ranked.total, table),
    };
  });
  return { table, households };
}

/**
 * /credit: a member's score dimension by dimension, their star level in the village, the negative
 * list's entries in force with reasons, and their household's loan discount and credit-line
 * eligibility. Anyone sees their own; `memberNumber` (another member) is the secretary's.
 */
export async function loadMemberCredit(
  source: Db | SqlReader,
  input: { actor: Membership | undefined; memberNumber?: number },
): Promise<MemberCredit> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const asksAboutOther = input.memberNumber !== undefined && input.memberNumber !== actor.number;
  if (asksAboutOther) requireAllowed(actor, 'credit.view-others');
  const number = input.memberNumber ?? actor.number;
  const [facts, line] = await Promise.all([
    readRows<FactsRow>(source, FACTS_SQL, [actor.villageId]),
    loadCreditLine(source, actor.villageId),
  ]);
  const scores = facts.map((row) => ({ row, score: creditScore(row) }));
  const mine = scores.find((entry) => entry.row.number === number);
  if (!mine) throw new DomainError('member-not-found', { number });
  const { stars, rank } = creditStars(
    mine.score.total,
    scores.map((entry) => entry.score.total),
  );
  const negatives = await readRows<{ id: number; points: number; reason: string; createdAt: Date }>(
    source,
    NEGATIVES_SQL,
    [actor.villageId, mine.row.memberId],
  );
  return {
    memberId: mine.row.memberId,
    number: mine.row.number,
    realName: mine.row.realName,
    facts: mine.row,
    score: mine.score,
    stars,
    rank,
    rankedAmong: scores.length,
    negatives: negatives.map((entry) => ({ ...entry, createdAt: new Date(entry.createdAt) })),
    household: line.households.find((household) => household.householdId === mine.row.householdId),
    householdsRanked: line.households.length,
    table: line.table,
  };
}

/** The village's scores, best first (integration tests and the demo). */
export async function loadVillageScores(
  source: Db | SqlReader,
  villageId: number,
): Promise<{ memberId: number; number: number; score: CreditScore }[]> {
  const facts = await readRows<FactsRow>(source, FACTS_SQL, [villageId]);
  return facts
    .map((row) => ({ memberId: row.memberId, number: row.number, score: creditScore(row) }))
    .sort((a, b) => b.score.total - a.score.total || a.number - b.number);
}
