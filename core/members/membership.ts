import type { MemberStatus, Role } from '../../prisma/generated/enums.ts';
import { type Db, isSqlReader, type SqlReader } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Action, can } from '../roles/permissions.ts';

/** A member as the rest of the app sees them: who, where, and with which roles. */
export interface Membership {
  memberId: number;
  villageId: number;
  villageName: string;
  timezone: string;
  number: number;
  realName: string | null;
  householdName: string | null;
  status: MemberStatus;
  roles: Role[];
}

/**
 * The sender's membership: in `villageId` when the update is tied to one (a button, a village group),
 * else in their current village, else their latest active one (so a join given up or a village left
 * never leaves someone a stranger while they belong elsewhere).
 * One SQL statement rather than Prisma's five: it runs on every update (see `npm run bench`).
 */
export async function findMembership(
  db: Db,
  userId: bigint,
  villageId?: number,
): Promise<Membership | undefined> {
  return (await findUserWithMembership(db, userId, villageId))?.membership;
}

export interface StoredUser {
  id: bigint;
  firstName: string;
  username: string | null;
  locale: string | null;
  languageCode: string | null;
}

type SenderRow = Omit<Membership, 'roles' | 'memberId'> & {
  memberId: number | null;
  roles: Role[] | null;
  userId: bigint | string;
  firstName: string;
  username: string | null;
  locale: string | null;
  languageCode: string | null;
};

const SENDER_SQL = `
  SELECT u.id AS "userId", u."firstName", u.username, u.locale, u."languageCode",
         m.id AS "memberId", m."villageId", v.name AS "villageName", v.timezone, m.number, m."realName",
         h.name AS "householdName", m.status::text AS status,
         (SELECT array_agg(r.role::text) FROM "RoleGrant" r WHERE r."memberId" = m.id) AS roles
  FROM "User" u
  LEFT JOIN LATERAL (
    SELECT * FROM "Member" mm
    WHERE mm."userId" = u.id AND mm.status <> 'LEFT'
      AND ($2::int IS NULL OR mm."villageId" = $2::int)
    ORDER BY (mm."villageId" = u."currentVillageId") IS TRUE DESC, (mm.status = 'ACTIVE') DESC,
             mm."joinedAt" DESC
    LIMIT 1
  ) m ON true
  LEFT JOIN "Village" v ON v.id = m."villageId"
  LEFT JOIN "Household" h ON h.id = m."householdId"
  WHERE u.id = $1::bigint`;

/**
 * A Telegram user's row and their membership (see findMembership), in one statement; undefined for a
 * stranger.
 * Reads through Prisma (inside a transaction, say) or through plain SQL (the per-update hot path).
 */
export async function findUserWithMembership(
  source: Db | SqlReader,
  userId: bigint,
  /** The village the update is tied to; without it, the current one. */
  villageId?: number,
): Promise<{ user: StoredUser; membership: Membership | undefined } | undefined> {
  const params = [userId.toString(), villageId ?? null] as const;
  const rows = isSqlReader(source)
    ? (await source.query(SENDER_SQL, [...params])).rows
    : await source.$queryRawUnsafe<unknown[]>(SENDER_SQL, ...params);
  const row = rows[0] as SenderRow | undefined;
  if (!row) return undefined;
  const { userId: id, firstName, username, locale, languageCode, memberId, roles, ...member } = row;
  return {
    // pg returns int8 as a string, Prisma as a bigint.
    user: { id: BigInt(id), firstName, username, locale, languageCode },
    membership:
      memberId === null ? undefined : { ...member, memberId, roles: (roles ?? []).sort(compareRoles) },
  };
}

const ROLE_ORDER: Role[] = ['SECRETARY', 'CADRE', 'SUPERVISOR', 'SHOPKEEPER', 'VILLAGER'];
export function compareRoles(a: Role, b: Role): number {
  return ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b);
}

/** The guard every use case starts with: an active member allowed to do `action`. */
export function requireAllowed(membership: Membership | undefined, action: Action): Membership {
  if (!membership) throw new DomainError('not-member');
  // Someone waiting on others is told so, not asked to answer questions they already answered.
  if (membership.status === 'AWAITING_APPROVAL') throw new DomainError('join-awaiting-approval');
  if (membership.status === 'AWAITING_HOUSEHOLD_CONFIRMATION')
    throw new DomainError('join-awaiting-household');
  if (membership.status !== 'ACTIVE') throw new DomainError('not-onboarded');
  if (!can(membership.roles, action)) throw new DomainError('forbidden');
  return membership;
}
