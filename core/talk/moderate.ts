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
 * Returns who hid it (as the timeline names them) and why, for the notice on its group post; the
 * village's supervisors, to tell; and the timers to stop (a task under way, a rating window).
 */
export async function hideItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; reason: string },
): Promise<{
  itemId: number;
  villageId: number;
  by: string;
  reason: string;
  supervisors: number[];
  task: { taskId: number; assignment: number } | null;
  ratingRound: number | null;
}> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const reason = validateShortText(input.reason, { max: REASON_MAX, error: 'talk-reason-required' });
  const item = await loadItem(db, actor.villageId, input.number);
  // Conditional: hiding twice (or two secretaries at once) hides once, and tells the supervisors once.
  const hidden = await db.talkItem.updateMany({
    where: { id: item.id, hiddenAt: null },
    data: { hiddenAt: new Date(), hiddenById: actor.memberId, hiddenReason: reason },
  });
  if (hidden.count !== 1) throw new DomainError('talk-hidden', { number: item.number });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'talk.item.hide',
      subject: `talk:${item.id}`,
      data: { reason },
    },
  });
  const task = await db.talkTask.findUnique({
    where: { itemId_round: { itemId: item.id, round: item.round } },
  });
  return {
    itemId: item.id,
    villageId: actor.villageId,
    by: displayName(actor),
    reason,
    supervisors: (await supervisorsOf(db, actor.villageId)).filter((id) => id !== actor.memberId),
    task:
      task && (task.status === 'ASSIGNED' || task.status === 'IN_PROGRESS')
        ? { taskId: task.id, assignment: task.assignment }
        : null,
    ratingRound: item.status === 'DONE' ? item.round : null,
  };
}

/**
 * A supervisor restores a hidden item, with a reason the timeline shows. A task still under way gets
 * its timers again (the caller sets them under the task's next assignment number).
 */
export async function restoreItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; reason: string },
): Promise<{
  itemId: number;
  secretaries: number[];
  task: { taskId: number; assignment: number; dueAt: Date } | null;
}> {
  const actor = requireAllowed(input.actor, 'talk.restore');
  const reason = validateShortText(input.reason, { max: REASON_MAX, error: 'talk-reason-required' });
  const item = await loadItem(db, actor.villageId, input.number);
  const restored = await db.talkItem.updateMany({
    where: { id: item.id, hiddenAt: { not: null } },
    data: { hiddenAt: null, hiddenById: null, hiddenReason: null },
  });
  if (restored.count !== 1) throw new DomainError('talk-not-hidden', { number: item.number });
  await db.auditEvent.create({
    data: {
      villageId: actor.villageId,
      actorId: actor.memberId,
      action: 'talk.item.restore',
      subject: `talk:${item.id}`,
      data: { reason },
    },
  });
  const open = await db.talkTask.findFirst({
    where: { itemId: item.id, round: item.round, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } },
  });
  const task = open
    ? await db.talkTask.update({ where: { id: open.id }, data: { assignment: { increment: 1 } } })
    : null;
  const grants = await db.roleGrant.findMany({
    where: { role: 'SECRETARY', member: { villageId: actor.villageId, status: 'ACTIVE' } },
    select: { memberId: true },
  });
  return {
    itemId: item.id,
    secretaries: grants.map((g) => g.memberId),
    task: task ? { taskId: task.id, assignment: task.assignment, dueAt: task.dueAt } : null,
  };
}

/** The village's supervisors (监督员): told of every hide. */
export async function supervisorsOf(db: Db, villageId: number): Promise<number[]> {
  const grants = await db.roleGrant.findMany({
    where: { role: 'SUPERVISOR', member: { villageId, status: 'ACTIVE' } },
    select: { memberId: true },
  });
  return grants.map((g) => g.memberId);
}

async function findVillageComment(db: Db, villageId: number, commentId: bigint) {
  const comment = await db.talkComment.findUnique({ where: { id: commentId }, include: { item: true } });
  if (!comment || comment.item.villageId !== villageId) throw new DomainError('comment-not-found');
  return comment;
}
