import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import type { CapChange, DescriptionChange } from './point-rule-values.ts';
import { type RuleVersionValues, recordRuleVersion } from './record-rule-version.ts';

/**
 * The secretary adds a rule (version 1). A code is never reused, not even a retired rule's: awards
 * and ledger entries name rules by code. A description given in one language serves both.
 */
export async function addPointRule(
  db: Db,
  input: {
    actor: Membership | undefined;
    code: string;
    points: number;
    caps: CapChange;
    description: DescriptionChange;
  },
): Promise<RuleVersionValues> {
  const actor = requireAllowed(input.actor, 'points.rules');
  const { actor: _, ...values } = input;
  return addPointRuleAs(db, { villageId: actor.villageId, changedById: actor.memberId, ...values });
}

/**
 * The add itself, below the permission check: a secretary's /pointrule, or an adopted vote (whose
 * creator is recorded as the changer). Refuses with a DomainError before writing anything, so a
 * caller running it inside a larger transaction can catch the refusal and carry on.
 */
export async function addPointRuleAs(
  db: Db,
  input: {
    villageId: number;
    changedById: number;
    code: string;
    points: number;
    caps: CapChange;
    description: DescriptionChange;
  },
): Promise<RuleVersionValues> {
  const actor = { villageId: input.villageId, memberId: input.changedById };
  const { zh, en } = input.description;
  const descriptionZh = zh ?? en;
  const descriptionEn = en ?? zh;
  if (descriptionZh === undefined || descriptionEn === undefined) {
    throw new DomainError('point-rule-description-invalid');
  }
  // ON CONFLICT DO NOTHING: a unique violation would abort the update's whole transaction.
  const [created] = await db.pointRule.createManyAndReturn({
    data: {
      villageId: actor.villageId,
      code: input.code,
      points: input.points,
      dailyCap: input.caps.daily ?? null,
      yearlyCap: input.caps.yearly ?? null,
      descriptionZh,
      descriptionEn,
    },
    skipDuplicates: true,
  });
  if (!created) {
    const existing = await db.pointRule.findUniqueOrThrow({
      where: { villageId_code: { villageId: actor.villageId, code: input.code } },
      select: { retiredAt: true },
    });
    throw new DomainError(existing.retiredAt ? 'point-rule-code-retired' : 'point-rule-exists', {
      code: input.code,
    });
  }
  const rule: RuleVersionValues = {
    villageId: created.villageId,
    ruleId: created.id,
    code: created.code,
    version: created.version,
    descriptionZh: created.descriptionZh,
    descriptionEn: created.descriptionEn,
    points: created.points,
    dailyCap: created.dailyCap,
    yearlyCap: created.yearlyCap,
    retired: false,
  };
  await recordRuleVersion(db, { rule, change: 'add', actorMemberId: actor.memberId });
  return rule;
}
