import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface VillageSettings {
  villageName: string;
  joinApproval: boolean;
  cadresReviewAwards: boolean;
  inviteCode: string;
}

/** /settings: what the secretary can change, as it is now. */
export async function readVillageSettings(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<VillageSettings> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const village = await db.village.findUniqueOrThrow({
    where: { id: actor.villageId },
    select: { name: true, joinApproval: true, cadresReviewAwards: true, inviteCode: true },
  });
  return {
    villageName: village.name,
    joinApproval: village.joinApproval,
    cadresReviewAwards: village.cadresReviewAwards,
    inviteCode: village.inviteCode,
  };
}

/** Secretary only: whether a cadre may review another cadre's points proposal. */
export async function setCadresReviewAwards(
  db: Db,
  input: { actor: Membership | undefined; on: boolean },
): Promise<{ changed: boolean }> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const changed = await db.village.updateMany({
    where: { id: actor.villageId, cadresReviewAwards: !input.on },
    data: { cadresReviewAwards: input.on },
  });
  if (changed.count > 0) {
    await db.auditEvent.create({
      data: {
        villageId: actor.villageId,
        actorId: actor.memberId,
        action: 'village.settings',
        data: { cadresReviewAwards: input.on },
      },
    });
  }
  return { changed: changed.count > 0 };
}

/**
 * Secretary only. Turning approval off does not approve those already waiting: they were asked to
 * wait for a person's decision, and get one.
 */
export async function setJoinApproval(
  db: Db,
  input: { actor: Membership | undefined; on: boolean },
): Promise<{ changed: boolean }> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const changed = await db.village.updateMany({
    where: { id: actor.villageId, joinApproval: !input.on },
    data: { joinApproval: input.on },
  });
  if (changed.count > 0) {
    await db.auditEvent.create({
      data: {
        villageId: actor.villageId,
        actorId: actor.memberId,
        action: 'village.settings',
        data: { joinApproval: input.on },
      },
    });
  }
  return { changed: changed.count > 0 };
}
