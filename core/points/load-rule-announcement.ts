import type { Db } from '../db/client.ts';
import type { PublishedRule } from './list-point-rules.ts';
import type { RuleChange } from './record-rule-version.ts';

export interface RuleAnnouncement {
  villageId: number;
  groupChatId: bigint | null;
  code: string;
  version: number;
  change: RuleChange;
  rule: PublishedRule;
  /** The version before, for an edit. */
  before: PublishedRule | undefined;
}

const VALUES = {
  descriptionZh: true,
  descriptionEn: true,
  points: true,
  dailyCap: true,
  yearlyCap: true,
} as const;

/** One version of a rule as the village group is told of it; undefined when there is no such version. */
export async function loadRuleAnnouncement(
  db: Db,
  input: { ruleId: number; version: number },
): Promise<RuleAnnouncement | undefined> {
  const row = await db.pointRuleVersion.findUnique({
    where: { ruleId_version: input },
    select: {
      ...VALUES,
      villageId: true,
      retired: true,
      rule: { select: { code: true, village: { select: { groupChatId: true } } } },
    },
  });
  if (!row) return undefined;
  const before =
    input.version > 1
      ? await db.pointRuleVersion.findUnique({
          where: { ruleId_version: { ruleId: input.ruleId, version: input.version - 1 } },
          select: VALUES,
        })
      : null;
  const { villageId, retired, rule, ...values } = row;
  return {
    villageId,
    groupChatId: rule.village.groupChatId,
    code: rule.code,
    version: input.version,
    change: retired ? 'retire' : input.version === 1 ? 'add' : 'edit',
    rule: { code: rule.code, ...values },
    before: before ? { code: rule.code, ...before } : undefined,
  };
}
