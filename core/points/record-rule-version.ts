import type { Db } from '../db/client.ts';

/** A rule's values as of one version. */
export interface RuleVersionValues {
  villageId: number;
  ruleId: number;
  code: string;
  version: number;
  descriptionZh: string;
  descriptionEn: string;
  points: number;
  dailyCap: number | null;
  yearlyCap: number | null;
  retired: boolean;
}

export type RuleChange = 'add' | 'edit' | 'retire';

/**
 * Every change to a rule leaves two records in its transaction: the rule as it now is
 * (PointRuleVersion, the public history) and who did what (AuditEvent).
 */
export async function recordRuleVersion(
  db: Db,
  input: { rule: RuleVersionValues; change: RuleChange; actorMemberId: number },
): Promise<void> {
  const { rule, change, actorMemberId } = input;
  await db.pointRuleVersion.create({
    data: {
      villageId: rule.villageId,
      ruleId: rule.ruleId,
      version: rule.version,
      descriptionZh: rule.descriptionZh,
      descriptionEn: rule.descriptionEn,
      points: rule.points,
      dailyCap: rule.dailyCap,
      yearlyCap: rule.yearlyCap,
      retired: rule.retired,
      changedById: actorMemberId,
    },
  });
  await db.auditEvent.create({
    data: {
      villageId: rule.villageId,
      actorId: actorMemberId,
      action: `points.rule.${change}`,
      subject: rule.code,
      data: {
        version: rule.version,
        points: rule.points,
        dailyCap: rule.dailyCap,
        yearlyCap: rule.yearlyCap,
        retired: rule.retired,
      },
    },
  });
}
