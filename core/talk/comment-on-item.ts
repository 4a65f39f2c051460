import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { TELEGRAM_TEXT_LIMIT, validateLongText } from '../text/validate-text.ts';
import { followersOf } from './engage-with-item.ts';
import { loadItem } from './load-item.ts';

export const COMMENT_MAX = 1000;

/**
 * Any member comments on a visible item. The update id makes a redelivered message comment once.
 * Returns who to tell (followers, not the author). Commenting also follows the item.
 */
export async function commentOnItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; text: string; sourceUpdateId?: number },
): Promise<{ commentId: bigint; itemId: number; isNew: boolean; notify: number[] }> {
  const actor = requireAllowed(input.actor, 'talk.speak');
  const item = await loadItem(db, actor.villageId, input.number);
  if (item.hiddenAt) throw new DomainError('talk-not-found', { number: input.number });
  // A merged item's discussion continues on the item it was merged into.
  if (item.status === 'MERGED')
    throw new DomainError('talk-illegal-transition', { number: item.number, status: item.status });
  const text = validateLongText(input.text, {
    max: Math.min(COMMENT_MAX, TELEGRAM_TEXT_LIMIT),
    error: 'talk-empty',
  });
  const sourceUpdateId = input.sourceUpdateId !== undefined ? BigInt(input.sourceUpdateId) : null;
  if (sourceUpdateId !== null) {
    const existing = await db.talkComment.findUnique({ where: { sourceUpdateId } });
    if (existing) return { commentId: existing.id, itemId: item.id, isNew: false, notify: [] };
  }
  const comment = await db.talkComment.create({
    data: { itemId: item.id, authorId: actor.memberId, text, sourceUpdateId },
  });
  await db.talkFollow.createMany({
    data: { itemId: item.id, memberId: actor.memberId },
    skipDuplicates: true,
  });
  return {
    commentId: comment.id,
    itemId: item.id,
    isNew: true,
    notify: await followersOf(db, item.id, actor.memberId),
  };
}
