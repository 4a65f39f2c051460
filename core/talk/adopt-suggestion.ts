import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { loadItem } from './load-item.ts';

/** Points proposed for an adopted suggestion, until the village's rule table says otherwise. */
export const ADOPTED_SUGGESTION_POINTS = 5;

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
  const rule = await db.pointRule.findUnique({
    where: { villageId_code: { villageId: actor.villageId, code: 'suggestion-adopted' } },
  });
  const created = await db.pointAward.createMany({
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
  });
  return { itemId: item.id, proposed: created.count === 1, raiserMemberId: item.raiserId };
}
