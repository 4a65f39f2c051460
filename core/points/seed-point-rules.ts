import type { Db } from '../db/client.ts';
import type { PointRuleDraft } from './default-rules.ts';

/**
 * Writes a village's starting rules, each at version 1 with its version row, in two statements. Rules
 * whose code the village already has are left as they are (the demo seed runs on every start).
 */
export async function seedPointRules(
  db: Db,
  input: { villageId: number; rules: readonly PointRuleDraft[]; changedById: number | null },
): Promise<number> {
  const created = await db.pointRule.createManyAndReturn({
    data: input.rules.map((rule) => ({
      villageId: input.villageId,
      code: rule.code,
      descriptionZh: rule.descriptionZh,
      descriptionEn: rule.descriptionEn,
      points: rule.points,
      dailyCap: rule.dailyCap ?? null,
      yearlyCap: rule.yearlyCap ?? null,
    })),
    skipDuplicates: true,
  });
  await db.pointRuleVersion.createMany({
    data: created.map((rule) => ({
      villageId: rule.villageId,
      ruleId: rule.id,
      version: rule.version,
      descriptionZh: rule.descriptionZh,
      descriptionEn: rule.descriptionEn,
      points: rule.points,
      dailyCap: rule.dailyCap,
      yearlyCap: rule.yearlyCap,
      changedById: input.changedById,
    })),
  });
  return created.length;
}
