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

/** The village's on/off settings, as /settings names them. */
type VillageSwitch = 'joinApproval' | 'cadresReviewAwards';

/**
 * Secretary only: turns one of the village's switches on or off, recorded in the audit when it
 * changed. One conditional update: two secretaries at once change it once.
 */
async function setVillageSwitch(
  db: Db,
  input: { actor: Membership | undefined; on: boolean },
  name: VillageSwitch,
): Promise<{ changed: boolean }> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const changed = await db.village.updateMany({
    where: { id: actor.villageId, [name]: !input.on },
    data: { [name]: input.on },
  });
  if (changed.count > 0) {
    await db.auditEvent.create({
      data: {
        villageId: actor.villageId,
        actorId: actor.memberId,
        action: 'village.settings',
        data: { [name]: input.on },
      },
    });
  }
  return { changed: changed.count > 0 };
}

/** Whether a cadre may review another cadre's points proposal. */
export function setCadresReviewAwards(db: Db, input: { actor: Membership | undefined; on: boolean }) {
  return setVillageSwitch(db, input, 'cadresReviewAwards');
}

/**
 * Whether newcomers need approval. Turning it off does not approve those already waiting: they were
 * asked to wait for a person's decision, and get one.
 */
export function setJoinApproval(db: Db, input: { actor: Membership | undefined; on: boolean }) {
  return setVillageSwitch(db, input, 'joinApproval');
}
