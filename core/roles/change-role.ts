import type { Role } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface RoleChange {
  targetMemberId: number;
  targetUserId: bigint;
  targetNumber: number;
  targetName: string | null;
  role: Role;
}

/** Secretary only. Every member is a villager already; other roles are granted by member number. */
export async function grantRole(
  db: Db,
  input: { actor: Membership | undefined; memberNumber: number; role: Role },
): Promise<RoleChange> {
  const actor = requireAllowed(input.actor, 'role.grant');
  const target = await findTarget(db, actor.villageId, input.memberNumber);
  const created = await db.roleGrant.createMany({
    data: { memberId: target.id, role: input.role, grantedById: actor.memberId },
    skipDuplicates: true,
  });
  if (created.count === 0) throw new DomainError('role-already-granted', { number: target.number });
  await audit(db, actor, 'role.grant', target.id, input.role);
  return toChange(target, input.role);
}

/** Secretary only. The villager role is membership itself, and a village always keeps one secretary. */
export async function revokeRole(
  db: Db,
  input: { actor: Membership | undefined; memberNumber: number; role: Role },
): Promise<RoleChange> {
  const actor = requireAllowed(input.actor, 'role.revoke');
  if (input.role === 'VILLAGER') throw new DomainError('role-villager-fixed');
  const target = await findTarget(db, actor.villageId, input.memberNumber);
  if (input.role === 'SECRETARY') {
    const secretaries = await db.roleGrant.count({
      where: { role: 'SECRETARY', member: { villageId: actor.villageId, status: 'ACTIVE' } },
    });
    if (secretaries <= 1) throw new DomainError('last-secretary');
  }
  const deleted = await db.roleGrant.deleteMany({ where: { memberId: target.id, role: input.role } });
  if (deleted.count === 0) throw new DomainError('role-not-granted', { number: target.number });
  await audit(db, actor, 'role.revoke', target.id, input.role);
  return toChange(target, input.role);
}

async function findTarget(db: Db, villageId: number, number: number) {
  const target = await db.member.findUnique({ where: { villageId_number: { villageId, number } } });
  if (!target || target.status === 'LEFT') throw new DomainError('member-not-found', { number });
  return target;
}

function toChange(
  target: { id: number; userId: bigint; number: number; realName: string | null },
  role: Role,
) {
  return {
    targetMemberId: target.id,
    targetUserId: target.userId,
    targetNumber: target.number,
    targetName: target.realName,
    role,
  };
}

async function audit(db: Db, actor: Membership, action: string, targetId: number, role: Role) {
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action,
      subject: `member:${targetId}`,
      data: { role },
    },
  });
}
