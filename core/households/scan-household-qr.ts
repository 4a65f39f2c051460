import type { Db, SqlReader } from '../db/client.ts';
import { readRows } from '../db/read-rows.ts';
import { formatEntryDate } from '../points/points-period.ts';
import { type StarLevel, starLevel } from '../points/star-level.ts';
import { hasValidSignature, parseHouseholdQr } from './household-qr.ts';

/** How many of the household's latest ledger entries a scan shows. */
export const HOUSEHOLD_RECENT_ENTRIES = 5;

export interface HouseholdCard {
  village: string;
  household: string;
  /** Active members' names, by member number. */
  members: string[];
  total: number;
  /** Competition rank of the household's total among the households with active members. */
  rank: number;
  rankedAmong: number;
  /** The /points bands, applied to the household among households. */
  stars: StarLevel;
  /** Newest first. */
  recent: { amount: number; reason: string; date: string }[];
}

export type HouseholdScan =
  /** Not a sign the bot made: a bad signature, a truncated code, an unknown household. */
  | { outcome: 'forged' }
  /** A sign the bot made, since replaced by a newer one (/qr revoke). */
  | { outcome: 'revoked' }
  /** A real sign seen by someone who is not an active member of its village: the village's name only. */
  | { outcome: 'outsider'; village: string }
  | { outcome: 'member'; card: HouseholdCard };

interface HouseholdRow {
  villageId: number;
  name: string;
  qrVersion: number;
  village: string;
  timezone: string;
}

const HOUSEHOLD_SQL = `
  SELECT h."villageId", h.name, h."qrVersion", v.name AS village, v.timezone
  FROM "Household" h JOIN "Village" v ON v.id = h."villageId"
  WHERE h.id = $1::int`;

const VIEWER_SQL = `
  SELECT m.id FROM "Member" m
  WHERE m."userId" = $1::bigint AND m."villageId" = $2::int AND m.status = 'ACTIVE'`;

const MEMBERS_SQL = `
  SELECT COALESCE(m."realName", '#' || m.number) AS name
  FROM "Member" m
  WHERE m."villageId" = $1::int AND m."householdId" = $2::int AND m.status = 'ACTIVE'
  ORDER BY m.number`;

/* The same ranking as /points (core/points/member-points.ts): households with active members, from the totals the ledger's trigger keeps. */
const STANDING_SQL = `
  WITH households AS (
    SELECT DISTINCT m."householdId" AS id FROM "Member" m
    WHERE m."villageId" = $1::int AND m.status = 'ACTIVE' AND m."householdId" IS NOT NULL
  ), totals AS (
    SELECT COALESCE(hp.total, 0) AS total
    FROM households h
    LEFT JOIN "HouseholdPoints" hp ON hp."villageId" = $1::int AND hp."householdId" = h.id
  ), mine AS (
    SELECT COALESCE((SELECT total FROM "HouseholdPoints" WHERE "villageId" = $1::int AND "householdId" = $2::int), 0) AS total
  )
  SELECT mine.total,
         (SELECT count(*)::int + 1 FROM totals t WHERE t.total > mine.total) AS rank,
         (SELECT count(*)::int FROM totals) AS "rankedAmong"
  FROM mine`;

// AT TIME ZONE 'UTC': the stored UTC time as a timestamptz, the same instant through both drivers.
const RECENT_SQL = `
  SELECT amount, reason, "createdAt" AT TIME ZONE 'UTC' AS "createdAt"
  FROM "LedgerEntry"
  WHERE "villageId" = $1::int AND "householdId" = $2::int
  ORDER BY sequence DESC
  LIMIT ${HOUSEHOLD_RECENT_ENTRIES}`;

/**
 * `/start h_…`: what a scanned door sign shows to whoever scanned it. The signature is checked against
 * the household's own village before anything else is read, and a forged code and an unknown
 * household get the same answer, so a scan tells nothing about which ids exist. Only an active member
 * of the household's village sees the household; anyone else learns the village's name.
 */
export async function scanHouseholdQr(
  source: Db | SqlReader,
  input: {
    /** QR_SECRET first, then QR_SECRET_PREVIOUS while signs are being reprinted after a change. */
    secrets: readonly string[];
    payload: string;
    viewerUserId: bigint;
    now?: Date;
  },
): Promise<HouseholdScan> {
  const parsed = parseHouseholdQr(input.payload);
  if (!parsed) return { outcome: 'forged' };
  const [household] = await readRows<HouseholdRow>(source, HOUSEHOLD_SQL, [parsed.householdId]);
  const signed =
    household !== undefined &&
    input.secrets.some((secret) => hasValidSignature(secret, parsed, household.villageId));
  if (!household || !signed) return { outcome: 'forged' };
  if (parsed.version < household.qrVersion) return { outcome: 'revoked' };
  // A newer version than the household's was never signed by this bot (only with a leaked secret).
  if (parsed.version > household.qrVersion) return { outcome: 'forged' };
  const { villageId } = household;
  const viewer = await readRows<{ id: number }>(source, VIEWER_SQL, [
    input.viewerUserId.toString(),
    villageId,
  ]);
  if (viewer.length === 0) return { outcome: 'outsider', village: household.village };
  const params = [villageId, parsed.householdId];
  const [members, standings, recent] = await Promise.all([
    readRows<{ name: string }>(source, MEMBERS_SQL, params),
    readRows<{ total: number; rank: number; rankedAmong: number }>(source, STANDING_SQL, params),
    readRows<{ amount: number; reason: string; createdAt: Date }>(source, RECENT_SQL, params),
  ]);
  const standing = standings[0] ?? { total: 0, rank: 1, rankedAmong: 0 };
  // A household with no active member left is not among the ranked: it still stands somewhere.
  const rankedAmong = Math.max(standing.rankedAmong, standing.rank);
  const now = input.now ?? new Date();
  return {
    outcome: 'member',
    card: {
      village: household.village,
      household: household.name,
      members: members.map((m) => m.name),
      total: standing.total,
      rank: standing.rank,
      rankedAmong,
      stars: starLevel({ balance: standing.total, rank: standing.rank, rankedAmong }),
      recent: recent.map((entry) => ({
        amount: entry.amount,
        reason: entry.reason,
        date: formatEntryDate(new Date(entry.createdAt), household.timezone, now),
      })),
    },
  };
}
