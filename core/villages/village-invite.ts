import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { pickUnusedInviteCode } from './create-village.ts';

/** /invite: the village's current invite code, for the secretary and cadres to hand out. */
export async function readInviteCode(db: Db, input: { actor: Membership | undefined }): Promise<string> {
  const actor = requireAllowed(input.actor, 'village.invite');
  const village = await db.village.findUniqueOrThrow({
    where: { id: actor.villageId },
    select: { inviteCode: true },
  });
  return village.inviteCode;
}

/**
 * /invite new, secretary only: a fresh code replaces the old one, so a link that spread too far stops
 * working (joining with it is "unknown invite code"). Members who joined stay members.
 */
export async function rotateInviteCode(db: Db, input: { actor: Membership | undefined }): Promise<string> {
  const actor = requireAllowed(input.actor, 'village.invite-rotate');
  const inviteCode = await pickUnusedInviteCode(db);
  await db.village.update({ where: { id: actor.villageId }, data: { inviteCode } });
  await db.auditEvent.create({
    data: { villageId: actor.villageId, actorId: actor.memberId, action: 'village.invite-rotate' },
  });
  return inviteCode;
}
