import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import type { LoanTable } from './loan-terms.ts';

/** A change to the loan table: any of its four numbers; what is not named stays. */
export type LoanSetting = Partial<LoanTable>;

const PERCENTAGE_POINTS = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/** "0.1" → 10, "1" → 100, "0.05" → 5: percentage points as hundredths; undefined if not that. */
function hundredthsOf(text: string): number | undefined {
  const match = PERCENTAGE_POINTS.exec(text);
  if (!match) return undefined;
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/**
 * Pure: `/settings loan step=100 off=0.1 cap=1 top=20` (贷款 每=100 降=0.1 最多=1 前=20), in any
 * order, at least one; undefined when the words are not about the loan table or a value is malformed.
 */
export function readLoanSetting(args: readonly string[]): LoanSetting | undefined {
  const [name = '', ...pairs] = args;
  if (!['loan', '贷款'].includes(name.toLowerCase()) || pairs.length === 0 || pairs.length > 4)
    return undefined;
  const setting: LoanSetting = {};
  for (const pair of pairs) {
    const [key = '', value = '', ...extra] = pair.toLowerCase().split(/[=＝]/);
    if (extra.length > 0) return undefined;
    if (['step', '每'].includes(key) && /^\d{1,6}$/.test(value)) setting.stepPoints = Number(value);
    else if (['off', '降'].includes(key) && hundredthsOf(value) !== undefined)
      setting.stepHundredths = hundredthsOf(value);
    else if (['cap', '最多'].includes(key) && hundredthsOf(value) !== undefined)
      setting.capHundredths = hundredthsOf(value);
    else if (['top', '前'].includes(key) && /^\d{1,3}%?$/.test(value))
      setting.topPercent = Number(value.replace('%', ''));
    else return undefined;
  }
  return setting;
}

/** The loan table as the village has it (the secretary's /settings). */
export async function readLoanTable(db: Db, input: { actor: Membership | undefined }): Promise<LoanTable> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const village = await db.village.findUniqueOrThrow({
    where: { id: actor.villageId },
    select: {
      loanStepPoints: true,
      loanStepHundredths: true,
      loanCapHundredths: true,
      creditLineTopPercent: true,
    },
  });
  return {
    stepPoints: village.loanStepPoints,
    stepHundredths: village.loanStepHundredths,
    capHundredths: village.loanCapHundredths,
    topPercent: village.creditLineTopPercent,
  };
}

/** Secretary only: changes the loan table within its bounds (the CHECK on Village is the backstop); audited. */
export async function setLoanTable(
  db: Db,
  input: { actor: Membership | undefined; setting: LoanSetting },
): Promise<LoanTable> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const { stepPoints, stepHundredths, capHundredths, topPercent } = input.setting;
  if (
    (stepPoints !== undefined && (stepPoints < 1 || stepPoints > 100_000)) ||
    (stepHundredths !== undefined && stepHundredths > 1000) ||
    (capHundredths !== undefined && capHundredths > 10_000) ||
    (topPercent !== undefined && topPercent > 100)
  ) {
    throw new DomainError('credit-loan-invalid');
  }
  await db.village.update({
    where: { id: actor.villageId },
    data: {
      ...(stepPoints !== undefined && { loanStepPoints: stepPoints }),
      ...(stepHundredths !== undefined && { loanStepHundredths: stepHundredths }),
      ...(capHundredths !== undefined && { loanCapHundredths: capHundredths }),
      ...(topPercent !== undefined && { creditLineTopPercent: topPercent }),
    },
  });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'village.loan-table',
      data: input.setting,
    },
  });
  return readLoanTable(db, { actor });
}
