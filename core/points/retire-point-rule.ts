import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { versionValues } from './edit-point-rule.ts';
import { findRuleInForce } from './find-rule-in-force.ts';
import { type RuleVersionValues, recordRuleVersion } from './record-rule-version.ts';

/**
 * The secretary retires a rule: it leaves the published table and no new award may use it. The row
 * stays (past awards and ledger entries name it), and so does its code, which is never reused.
 */
export async function retirePointRule(
  db: Db,
  input: { actor: Membership | undefined; code: string },
): Promise<RuleVersionValues> {
  const actor = requireAllowed(input.actor, 'points.rules');
  return retirePointRuleAs(db, { villageId: actor.villageId, changedById: actor.memberId, code: input.code });
}

/** The retirement itself, below the permission check (see addPointRuleAs); refuses before writing anything. */
export async function retirePointRuleAs(
  db: Db,
  input: { villageId: number; changedById: number; code: string },
): Promise<RuleVersionValues> {
  const actor = { villageId: input.villageId, memberId: input.changedById };
  const before = await findRuleInForce(db, actor.villageId, input.code);
  const updated = await db.pointRule.updateMany({
    where: { id: before.id, version: before.version, retiredAt: null },
    data: { retiredAt: new Date(), version: before.version + 1 },
  });
  if (updated.count === 0) throw new DomainError('point-rule-changed-meanwhile', { code: before.code });
  const rule: RuleVersionValues = { ...versionValues(before), version: before.version + 1, retired: true };
  await recordRuleVersion(db, { rule, change: 'retire', actorMemberId: actor.memberId });
  return rule;
}
