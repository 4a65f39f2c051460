import type { TalkOutcome } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { isUniqueViolation } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { applyTransition } from './apply-transition.ts';
import { loadItem } from './load-item.ts';
import { CLOSED_STATES, ratingAction, type TalkStatus } from './talk-states.ts';

export const RATING_COMMENT_MAX = 500;

/**
 * Only the raiser rates, once per round. 1-2 stars or "not resolved" reopens the item for a new
 * round and the secretary is told; otherwise it is closed. A second tap on the same round is refused
 * without changing anything.
 */
export async function rateItem(
  db: Db,
  input: {
    actor: Membership | undefined;
    number: number;
    round: number;
    stars: number;
    outcome: TalkOutcome;
    comment?: string | null;
  },
): Promise<{ itemId: number; reopened: boolean; round: number }> {
  const actor = requireAllowed(input.actor, 'profile.view');
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5)
    throw new DomainError('talk-stars-invalid');
  const item = await loadItem(db, actor.villageId, input.number);
  if (item.raiserId !== actor.memberId) throw new DomainError('talk-not-raiser', { number: item.number });
  if (item.hiddenAt) throw new DomainError('talk-hidden', { number: item.number });
  const already = await db.talkRating.findUnique({
    where: { itemId_round: { itemId: item.id, round: input.round } },
  });
  if (already || item.round !== input.round || item.status !== 'DONE')
    throw ratingRefusal(item, input.round, already !== null);
  const comment = input.comment?.trim().slice(0, RATING_COMMENT_MAX) || null;
  try {
    await db.talkRating.createMany({
      data: {
        itemId: item.id,
        round: item.round,
        raterId: actor.memberId,
        stars: input.stars,
        outcome: input.outcome,
        comment,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('talk-already-rated', { number: item.number });
    throw error;
  }
  const action = ratingAction(input.stars, input.outcome);
  const reopened = action === 'rate-unsatisfied';
  await applyTransition(db, {
    item,
    action,
    actorId: actor.memberId,
    reason: `${input.stars}★`,
    ...(reopened ? { data: { round: item.round + 1 } } : {}),
  });
  return { itemId: item.id, reopened, round: item.round };
}

/**
 * Why an item cannot be rated now, said truthfully: rated already (this round was, or the item is
 * closed), or not done yet (still being handled, or reopened for a new round).
 */
export function ratingRefusal(
  item: { number: number; status: TalkStatus; round: number },
  round: number,
  rated: boolean,
) {
  if (rated || round < item.round || CLOSED_STATES.includes(item.status))
    return new DomainError('talk-already-rated', { number: item.number });
  return new DomainError('talk-not-done-yet', { number: item.number });
}

/** The worker's job, 7 days after "done": still unrated closes as resolved-unrated. Idempotent. */
export async function expireUnratedItem(db: Db, input: { itemId: number; round: number }): Promise<boolean> {
  const item = await db.talkItem.findUnique({ where: { id: input.itemId } });
  if (item?.status !== 'DONE' || item.round !== input.round) return false;
  await applyTransition(db, { item, action: 'expire-unrated', actorId: null });
  return true;
}
