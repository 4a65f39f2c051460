import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { findRuleInForce } from './find-rule-in-force.ts';
import type { CapChange, DescriptionChange } from './point-rule-values.ts';
import { type RuleVersionValues, recordRuleVersion } from './record-rule-version.ts';

/**
 * The secretary changes a rule's points, caps or description. Caps and a language not mentioned stay
 * as they are. The update is conditional on the version read, so of two edits made at once one wins and
 * the other is told the rule changed meanwhile (it never silently overwrites what it did not see).
 */
export async function editPointRule(
  db: Db,
  input: {
    actor: Membership | undefined;
    code: string;
    points: number;
    caps: CapChange;
    description: DescriptionChange | undefined;
  },
): Promise<{ rule: RuleVersionValues; previous: RuleVersionValues }> {
  const actor = requireAllowed(input.actor, 'points.rules');
  const { actor: _, ...values } = input;
  return editPointRuleAs(db, { villageId: actor.villageId, changedById: actor.memberId, ...values });
}

/** The edit itself, below the permission check (see addPointRuleAs); refuses before writing anything. */
export async function editPointRuleAs(
  db: Db,
  input: {
    villageId: number;
    changedById: number;
    code: string;
    points: number;
    caps: CapChange;
    description: DescriptionChange | undefined;
  },
): Promise<{ rule: RuleVersionValues; previous: RuleVersionValues }> {
  const actor = { villageId: input.villageId, memberId: input.changedById };
  const before = await findRuleInForce(db, actor.villageId, input.code);
  const next = {
    points: input.points,
    dailyCap: input.caps.daily === undefined ? before.dailyCap : input.caps.daily,
    yearlyCap: input.caps.yearly === undefined ? before.yearlyCap : input.caps.yearly,
    descriptionZh: input.description?.zh ?? before.descriptionZh,
    descriptionEn: input.description?.en ?? before.descriptionEn,
  };
  const unchanged = (Object.keys(next) as (keyof typeof next)[]).every((key) => next[key] === before[key]);
  if (unchanged) throw new DomainError('point-rule-unchanged', { code: before.code });

  const updated = await db.pointRule.updateMany({
    where: { id: before.id, version: before.version, retiredAt: null },
    data: { ...next, version: before.version + 1 },
  });
  if (updated.count === 0) throw new DomainError('point-rule-changed-meanwhile', { code: before.code });

  const previous = versionValues(before);
  const rule: RuleVersionValues = { ...previous, ...next, version: before.version + 1 };
  await recordRuleVersion(db, { rule, change: 'edit', actorMemberId: actor.memberId });
  return { rule, previous };
}

export function versionValues(row: {
  id: number;
  villageId: number;
  code: string;
  version: number;
  descriptionZh: string;
  descriptionEn: string;
  points: number;
  dailyCap: number | null;
  yearlyCap: number | null;
  retiredAt: Date | null;
}): RuleVersionValues {
  return {
    villageId: row.villageId,
    ruleId: row.id,
    code: row.code,
    version: row.version,
    descriptionZh: row.descriptionZh,
    descriptionEn: row.descriptionEn,
    points: row.points,
    dailyCap: row.dailyCap,
    yearlyCap: row.yearlyCap,
    retired: row.retiredAt !== null,
  };
}
