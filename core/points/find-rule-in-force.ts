import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';

/** A rule the secretary names by code, as it is now; refused when unknown or retired. */
export async function findRuleInForce(db: Db, villageId: number, code: string) {
  const rule = await db.pointRule.findUnique({ where: { villageId_code: { villageId, code } } });
  if (!rule) throw new DomainError('point-rule-not-found', { code });
  if (rule.retiredAt) throw new DomainError('point-rule-retired', { code });
  return rule;
}
