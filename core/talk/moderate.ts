import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { validateShortText } from '../text/validate-text.ts';
import { REASON_MAX } from './handle-item.ts';
import { loadItem } from './load-item.ts';

/**
 * Any member may report a comment; the secretary sees how many did. Reporting twice counts once.
 * `isFirst`: this report made a visible comment reported at all, so the secretaries should hear of it.
 */
export async function reportComment(db: Db, input: { actor: Membership | undefined; commentId: bigint }) {
  const actor = requireAllowed(input.actor, 'talk.speak');
  const comment = await findVillageComment(db, actor.villageId, input.commentId);
  const created = await db.talkCommentReport.createMany({
    data: { commentId: comment.id, reporterId: actor.memberId },
    skipDuplicates: true,
  });
  const reports = await db.talkCommentReport.count({ where: { commentId: comment.id } });
  return {
    reports,
    isFirst: created.count === 1 && reports === 1 && comment.hiddenAt === null,
    itemNumber: comment.item.number,
  };
}

/** The secretary hides a comment, with a reason; the timeline shows that, by whom and why. */
export async function hideComment(
  db: Db,
  input: { actor: Membership | undefined; commentId: bigint; reason: string },
) {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const reason = validateShortText(input.reason, { max: REASON_MAX, error: 'talk-reason-required' });
  const comment = await findVillageComment(db, actor.villageId, input.commentId);
  await db.talkComment.update({
    where: { id: comment.id },
    data: { hiddenAt: new Date(), hiddenById: actor.memberId, hiddenReason: reason },
  });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'talk.comment.hide',
      subject: `comment:${comment.id}`,
      data: { reason },
    },
  });
}

/**
 * The secretary hides a whole item, with a reason; it leaves the lists but its number still explains.
 * Returns who hid it (as the timeline names them) and why, for the notice on its group post.
 */
export async function hideItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; reason: string },
): Promise<{ itemId: number; villageId: number; by: string; reason: string }> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const reason = validateShortText(input.reason, { max: REASON_MAX, error: 'talk-reason-required' });
  const item = await loadItem(db, actor.villageId, input.number);
  await db.talkItem.update({
    where: { id: item.id },
    data: { hiddenAt: new Date(), hiddenById: actor.memberId, hiddenReason: reason },
  });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'talk.item.hide',
      subject: `talk:${item.id}`,
      data: { reason },
    },
  });
  return { itemId: item.id, villageId: actor.villageId, by: displayName(actor), reason };
}

async function findVillageComment(db: Db, villageId: number, commentId: bigint) {
  const comment = await db.talkComment.findUnique({ where: { id: commentId }, include: { item: true } });
  if (!comment || comment.item.villageId !== villageId) throw new DomainError('comment-not-found');
  return comment;
}
