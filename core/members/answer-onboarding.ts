import type { MemberStatus } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { validateShortText } from '../text/validate-text.ts';
import { allocateNumber } from '../villages/allocate-number.ts';
import type { Membership } from './membership.ts';

export const REAL_NAME_MAX = 20;
export const HOUSEHOLD_NAME_MAX = 40;

/**
 * Onboarding is two questions, real name then household. Where a member stands is their
 * status in the database, so the dialog survives restarts and redelivered updates.
 */
export async function answerOnboarding(
  db: Db,
  input: { membership: Membership; text: string },
): Promise<{ status: MemberStatus; householdName?: string }> {
  const { membership } = input;
  if (membership.status === 'AWAITING_NAME') {
    const realName = validateShortText(input.text, { max: REAL_NAME_MAX, error: 'name-invalid' });
    await db.member.update({
      where: { id: membership.memberId },
      data: { realName, status: 'AWAITING_HOUSEHOLD' },
    });
    return { status: 'AWAITING_HOUSEHOLD' };
  }
  if (membership.status === 'AWAITING_HOUSEHOLD') {
    const name = validateShortText(input.text, { max: HOUSEHOLD_NAME_MAX, error: 'household-invalid' });
    const household = await findOrCreateHousehold(db, membership.villageId, name);
    await db.member.update({
      where: { id: membership.memberId },
      data: { householdId: household.id, status: 'ACTIVE' },
    });
    return { status: 'ACTIVE', householdName: household.name };
  }
  throw new DomainError('already-member', { village: membership.villageName });
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
