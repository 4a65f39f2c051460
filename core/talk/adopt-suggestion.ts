import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { loadItem } from './load-item.ts';

/**
 * Points proposed for an adopted suggestion when the village's table has no `suggestion-adopted` rule
 * in force (none was ever made, or the secretary retired it): the proposal is still made, for the
 * reviewer to weigh, without naming a rule.
 */
export const ADOPTED_SUGGESTION_POINTS = 5;
export const ADOPTED_SUGGESTION_RULE = 'suggestion-adopted';

/**
 * The secretary marks a suggestion adopted: a points award is proposed for its raiser (reviewed and
 * applied by the points feature). One proposal per item, however often it is marked.
 */
export async function adoptSuggestion(db: Db, input: { actor: Membership | undefined; number: number }) {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const item = await loadItem(db, actor.villageId, input.number);
  if (item.hiddenAt) throw new DomainError('talk-hidden', { number: item.number });
  if (item.category !== 'SUGGESTION') throw new DomainError('talk-not-suggestion', { number: item.number });
  await db.talkItem.update({ where: { id: item.id }, data: { adopted: true } });
  const rule = await db.pointRule.findFirst({
    where: { villageId: actor.villageId, code: ADOPTED_SUGGESTION_RULE, retiredAt: null },
    select: { id: true, code: true, points: true },
  });
  const created = await db.pointAward.createManyAndReturn({
    data: {
      villageId: actor.villageId,
      memberId: item.raiserId,
      ruleId: rule?.id ?? null,
      points: rule?.points ?? ADOPTED_SUGGESTION_POINTS,
      reason: `talk #${item.number}`,
      source: `talk-${item.id}`,
      proposedById: actor.memberId,
    },
    skipDuplicates: true,
    select: { id: true, points: true },
  });
  const [award] = created;
  const raiser = await db.member.findUniqueOrThrow({
    where: { id: item.raiserId },
    select: { number: true },
  });
  // A proposal of its own, which the village's reviewers decide as they decide /award's.
  if (award) await db.pointAward.update({ where: { id: award.id }, data: { batchId: award.id } });
  return {
    itemId: item.id,
    proposed: award !== undefined,
    raiserMemberId: item.raiserId,
    ...(award && {
      proposal: {
        batchId: award.id,
        villageId: actor.villageId,
        memberNumbers: [raiser.number],
        ruleCode: rule?.code ?? null,
        points: award.points,
      },
    }),
  };
}
