import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { validateShortText } from '../text/validate-text.ts';
import { allocateNumber } from '../villages/allocate-number.ts';
import { householdConfirmersOf, joinApproversOf } from './join-deciders.ts';
import type { Membership } from './membership.ts';

export const REAL_NAME_MAX = 20;
export const HOUSEHOLD_NAME_MAX = 40;

/** Where an answer left the newcomer, and whom the bot must ask to decide (member ids). */
export type OnboardingStep =
  | { status: 'AWAITING_HOUSEHOLD' }
  | { status: 'ACTIVE'; householdName: string }
  | { status: 'AWAITING_APPROVAL'; householdName: string; notify: number[] }
  | {
      status: 'AWAITING_HOUSEHOLD_CONFIRMATION';
      householdName: string;
      householdId: number;
      notify: number[];
    };

/**
 * Onboarding is two questions, real name then household. Where a member stands is their
 * status in the database, so the dialog survives restarts and redelivered updates.
 *
 * A household that already has active members is not joined by naming it: anyone could otherwise
 * put themselves into a family's points and votes. Its members (or a secretary) confirm first.
 * In a village that approves joins, a secretary or cadre then decides; the village's creator never
 * waits for either.
 */
export async function answerOnboarding(
  db: Db,
  input: { membership: Membership; text: string },
): Promise<OnboardingStep> {
  const { membership } = input;
  if (membership.status === 'AWAITING_NAME') {
    const realName = validateShortText(input.text, { max: REAL_NAME_MAX, error: 'name-invalid' });
    await moveFrom(db, membership, 'AWAITING_NAME', { realName, status: 'AWAITING_HOUSEHOLD' });
    return { status: 'AWAITING_HOUSEHOLD' };
  }
  if (membership.status === 'AWAITING_HOUSEHOLD') {
    const name = validateShortText(input.text, { max: HOUSEHOLD_NAME_MAX, error: 'household-invalid' });
    const isSecretary = membership.roles.includes('SECRETARY');
    const existing = await db.household.findUnique({
      where: { villageId_name: { villageId: membership.villageId, name } },
      include: { _count: { select: { members: { where: { status: 'ACTIVE' } } } } },
    });
    if (existing && existing._count.members > 0 && !isSecretary) {
      await moveFrom(db, membership, 'AWAITING_HOUSEHOLD', {
        status: 'AWAITING_HOUSEHOLD_CONFIRMATION',
        pendingHouseholdId: existing.id,
      });
      return {
        status: 'AWAITING_HOUSEHOLD_CONFIRMATION',
        householdName: existing.name,
        householdId: existing.id,
        notify: await householdConfirmersOf(db, membership.villageId, existing.id),
      };
    }
    const household = existing ?? (await findOrCreateHousehold(db, membership.villageId, name));
    const needsApproval = !isSecretary && (await villageApprovesJoins(db, membership.villageId));
    const status = needsApproval ? 'AWAITING_APPROVAL' : 'ACTIVE';
    await moveFrom(db, membership, 'AWAITING_HOUSEHOLD', { householdId: household.id, status });
    if (status === 'ACTIVE') return { status, householdName: household.name };
    return {
      status,
      householdName: household.name,
      notify: await joinApproversOf(db, membership.villageId),
    };
  }
  throw new DomainError('already-member', { village: membership.villageName });
}

export async function villageApprovesJoins(db: Db, villageId: number): Promise<boolean> {
  const village = await db.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { joinApproval: true },
  });
  return village.joinApproval;
}

/** Only from the step the answer was for: a repeated or stale answer changes nothing. */
async function moveFrom(
  db: Db,
  membership: Membership,
  from: 'AWAITING_NAME' | 'AWAITING_HOUSEHOLD',
  data: Parameters<Db['member']['updateMany']>[0]['data'],
) {
  const moved = await db.member.updateMany({ where: { id: membership.memberId, status: from }, data });
  if (moved.count === 0) throw new DomainError('not-onboarded');
}

async function findOrCreateHousehold(db: Db, villageId: number, name: string) {
  const where = { villageId_name: { villageId, name } };
  const existing = await db.household.findUnique({ where });
  if (existing) return existing;
  const number = await allocateNumber(db, villageId, 'nextHouseholdNumber');
  // ON CONFLICT DO NOTHING rather than catching the violation: inside a transaction a failed
  // INSERT would abort it. Two members of one household answering at once share one row.
  await db.household.createMany({ data: { villageId, name, number }, skipDuplicates: true });
  return db.household.findUniqueOrThrow({ where });
}
