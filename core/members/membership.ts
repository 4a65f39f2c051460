import type { MemberStatus, Role } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
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
 * The sender's membership in their current village (or their only/latest one).
 * One SQL statement rather than Prisma's five: it runs on every update (see `npm run bench`).
 */
export async function findMembership(db: Db, userId: bigint): Promise<Membership | undefined> {
  const rows = await db.$queryRaw<Array<Omit<Membership, 'roles'> & { roles: Role[] | null }>>`
    SELECT m.id AS "memberId", m."villageId", v.name AS "villageName", v.timezone, m.number, m."realName",
           h.name AS "householdName", m.status::text AS status,
           (SELECT array_agg(r.role::text) FROM "RoleGrant" r WHERE r."memberId" = m.id) AS roles
    FROM "Member" m
    JOIN "Village" v ON v.id = m."villageId"
    LEFT JOIN "Household" h ON h.id = m."householdId"
    LEFT JOIN "User" u ON u.id = m."userId"
    WHERE m."userId" = ${userId} AND m.status <> 'LEFT'
      AND (u."currentVillageId" IS NULL OR m."villageId" = u."currentVillageId")
    ORDER BY m."joinedAt" DESC
    LIMIT 1`;
  const row = rows[0];
  if (!row) return undefined;
  return { ...row, roles: (row.roles ?? []).sort(compareRoles) };
}

const ROLE_ORDER: Role[] = ['SECRETARY', 'CADRE', 'SUPERVISOR', 'SHOPKEEPER', 'VILLAGER'];
export function compareRoles(a: Role, b: Role): number {
  return ROLE_ORDER.indexOf(a) - ROLE_ORDER.indexOf(b);
}

/** The guard every use case starts with: an active member allowed to do `action`. */
export function requireAllowed(membership: Membership | undefined, action: Action): Membership {
  if (!membership) throw new DomainError('not-member');
  if (membership.status !== 'ACTIVE') throw new DomainError('not-onboarded');
  if (!can(membership.roles, action)) throw new DomainError('forbidden');
  return membership;
}
