import type { MemberStatus } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { allocateNumber } from '../villages/allocate-number.ts';
import { normalizeInviteCode } from '../villages/invite-code.ts';
import { moveCurrentVillage } from './current-village.ts';

export interface JoinResult {
  villageName: string;
  memberNumber: number;
  /** Where onboarding stands: a member who left halfway resumes where they were. */
  status: MemberStatus;
}

/** Joins the village behind an invite code. New members start by giving their real name. */
export async function joinVillage(
  db: Db,
  input: { userId: bigint; inviteCode: string },
): Promise<JoinResult> {
  const code = normalizeInviteCode(input.inviteCode);
  const village = code ? await db.village.findUnique({ where: { inviteCode: code } }) : null;
  if (!village) throw new DomainError('invite-code-unknown');

  const existing = await db.member.findUnique({
    where: { villageId_userId: { villageId: village.id, userId: input.userId } },
  });
  if (existing?.status === 'ACTIVE') throw new DomainError('already-member', { village: village.name });

  let member = existing;
  if (!member) {
    const number = await allocateNumber(db, village.id, 'nextMemberNumber');
    member = await db.member.create({
      data: {
        villageId: village.id,
        userId: input.userId,
        number,
        status: 'AWAITING_NAME',
        roles: { create: { role: 'VILLAGER' } },
      },
    });
    await db.auditEvent.create({
      data: { villageId: village.id, actorId: member.id, action: 'member.join' },
    });
  } else if (member.status === 'LEFT') {
    member = await db.member.update({ where: { id: member.id }, data: { status: 'AWAITING_NAME' } });
  }
  await moveCurrentVillage(db, input.userId, village.id);
  return { villageName: village.name, memberNumber: member.number, status: member.status };
}
