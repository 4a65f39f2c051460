import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { villageApprovesJoins } from './answer-onboarding.ts';
import { displayName } from './display-name.ts';
import { joinApproversOf } from './join-deciders.ts';
import { alreadyDecided, recordDecision } from './join-decision-record.ts';
import { type Membership, requireAllowed } from './membership.ts';

export interface HouseholdDecision {
  memberId: number;
  number: number;
  name: string;
  confirmed: boolean;
  /** After a confirmation: ACTIVE, or AWAITING_APPROVAL with the approvers to ask. */
  status: 'ACTIVE' | 'AWAITING_APPROVAL' | 'AWAITING_HOUSEHOLD';
  notify: number[];
}

/**
 * A member of the household the newcomer named, or a secretary, confirms or refuses them. Confirmed,
 * they join it and go on: active, or awaiting approval when the village approves joins and the
 * confirmer cannot approve (a secretary's or cadre's confirmation is an approval too). Refused, they
 * are asked for their household again. Conditional on the same request still being open.
 */
export async function confirmHousehold(
  db: Db,
  input: { actor: Membership | undefined; memberId: number; householdId: number; confirm: boolean },
): Promise<HouseholdDecision> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const target = await db.member.findUnique({
    where: { id: input.memberId },
    select: { id: true, villageId: true, number: true, realName: true },
  });
  if (!target || target.villageId !== actor.villageId) throw new DomainError('join-request-not-found');
  if (!actor.roles.includes('SECRETARY')) {
    const own = await db.member.findUniqueOrThrow({
      where: { id: actor.memberId },
      select: { householdId: true },
    });
    if (own.householdId !== input.householdId) throw new DomainError('household-not-yours');
  }
  const open = {
    id: target.id,
    status: 'AWAITING_HOUSEHOLD_CONFIRMATION',
    pendingHouseholdId: input.householdId,
  } as const;

  if (!input.confirm) {
    const refused = await db.member.updateMany({
      where: open,
      data: { status: 'AWAITING_HOUSEHOLD', pendingHouseholdId: null },
    });
    if (refused.count === 0)
      throw await alreadyDecided(db, target.id, ['household.confirm', 'household.refuse']);
    await record(db, actor, 'household.refuse', target.id, input.householdId);
    return {
      memberId: target.id,
      number: target.number,
      name: displayName(target),
      confirmed: false,
      status: 'AWAITING_HOUSEHOLD',
      notify: [],
    };
  }

  const canApprove = actor.roles.includes('SECRETARY') || actor.roles.includes('CADRE');
  const approvalOn = await villageApprovesJoins(db, actor.villageId);
  const status = approvalOn && !canApprove ? 'AWAITING_APPROVAL' : 'ACTIVE';
  const confirmed = await db.member.updateMany({
    where: open,
    data: { status, householdId: input.householdId, pendingHouseholdId: null },
  });
  if (confirmed.count === 0)
    throw await alreadyDecided(db, target.id, ['household.confirm', 'household.refuse']);
  await record(db, actor, 'household.confirm', target.id, input.householdId);
  if (approvalOn && status === 'ACTIVE')
    await record(db, actor, 'member.approve', target.id, input.householdId);
  return {
    memberId: target.id,
    number: target.number,
    name: displayName(target),
    confirmed: true,
    status,
    notify: status === 'AWAITING_APPROVAL' ? await joinApproversOf(db, actor.villageId) : [],
  };
}

function record(
  db: Db,
  actor: Membership,
  action: 'household.confirm' | 'household.refuse' | 'member.approve',
  memberId: number,
  householdId: number,
) {
  return recordDecision(db, {
    villageId: actor.villageId,
    actorId: actor.memberId,
    action,
    memberId,
    data: { householdId },
  });
}
