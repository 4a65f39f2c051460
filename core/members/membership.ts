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

/** The sender's membership in their current village (or their only/latest one). */
export async function findMembership(db: Db, userId: bigint): Promise<Membership | undefined> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { currentVillageId: true } });
  const member = await db.member.findFirst({
    where: {
      userId,
      status: { not: 'LEFT' },
      ...(user?.currentVillageId ? { villageId: user.currentVillageId } : {}),
    },
    orderBy: { joinedAt: 'desc' },
    include: { village: true, household: true, roles: { select: { role: true } } },
  });
  if (!member) return undefined;
  return {
    memberId: member.id,
    villageId: member.villageId,
    villageName: member.village.name,
    timezone: member.village.timezone,
    number: member.number,
    realName: member.realName,
    householdName: member.household?.name ?? null,
    status: member.status,
    roles: member.roles.map((r) => r.role).sort(compareRoles),
  };
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
