import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { validateLongText, validateShortText } from '../text/validate-text.ts';
import { applyTransition } from './apply-transition.ts';
import { followersOf } from './engage-with-item.ts';
import { loadItem } from './load-item.ts';

export const REASON_MAX = 300;

export interface HandledItem {
  itemId: number;
  number: number;
  status: string;
  /** Followers to tell about it (the raiser among them), not the secretary who acted. */
  notify: number[];
}

/** The secretary answers publicly; the first answer acknowledges the item. */
export async function replyToItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; text: string },
): Promise<HandledItem & { commentId: bigint }> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const item = await loadItem(db, actor.villageId, input.number);
  const text = validateLongText(input.text, { max: 1000, error: 'talk-reason-required' });
  const status = await applyTransition(db, { item, action: 'reply', actorId: actor.memberId });
  const comment = await db.talkComment.create({ data: { itemId: item.id, authorId: actor.memberId, text } });
  return { ...(await done(db, item, status, actor)), commentId: comment.id };
}

/** A task whose timers (keyed by task and assignment, worker/talk-schedule.ts) the caller cancels or sets. */
export interface TaskTimers {
  taskId: number;
  assignment: number;
}

/** A task that was under way and is no longer: its cadre is told, its timers cancelled. */
export interface CancelledTask extends TaskTimers {
  assigneeMemberId: number;
}

/**
 * The secretary makes the item a task for a cadre, due by `dueAt`. A task under way goes to the new
 * cadre instead (a reassignment: `previous` is the task as it was, whose timers the caller cancels).
 */
export async function assignItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; cadreNumber: number; dueAt: Date; now?: Date },
): Promise<
  HandledItem &
    TaskTimers & {
      assigneeMemberId: number;
      assigneeName: string;
      dueAt: Date;
      round: number;
      previous: CancelledTask | null;
    }
> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  if (input.dueAt.getTime() <= (input.now ?? new Date()).getTime()) throw new DomainError('talk-due-invalid');
  const item = await loadItem(db, actor.villageId, input.number);
  if (item.hiddenAt) throw new DomainError('talk-hidden', { number: item.number });
  const cadre = await db.member.findUnique({
    where: { villageId_number: { villageId: actor.villageId, number: input.cadreNumber } },
    include: { roles: true },
  });
  if (cadre?.status !== 'ACTIVE') throw new DomainError('member-not-found', { number: input.cadreNumber });
  if (!cadre.roles.some((r) => r.role === 'CADRE' || r.role === 'SECRETARY'))
    throw new DomainError('member-not-cadre', { number: input.cadreNumber });
  const isReassignment = item.status === 'ASSIGNED' || item.status === 'IN_PROGRESS';
  const existing = await db.talkTask.findUnique({
    where: { itemId_round: { itemId: item.id, round: item.round } },
  });
  const status = await applyTransition(db, {
    item,
    action: isReassignment ? 'reassign' : 'assign',
    actorId: actor.memberId,
    ...(isReassignment && { reason: `${displayName(cadre)} (${cadre.number})` }),
  });
  const assignment = {
    assigneeId: cadre.id,
    assignedById: actor.memberId,
    dueAt: input.dueAt,
    status: 'ASSIGNED' as const,
    doneAt: null,
  };
  // One task per item and round: a task cancelled back to the inbox, or under way with another
  // cadre, is given again, under a new assignment number (its timers' keys follow it).
  const task = existing
    ? await db.talkTask.update({
        where: { id: existing.id },
        data: { ...assignment, assignment: { increment: 1 } },
      })
    : await db.talkTask.create({ data: { itemId: item.id, round: item.round, ...assignment } });
  await db.talkFollow.createMany({ data: { itemId: item.id, memberId: cadre.id }, skipDuplicates: true });
  const previous =
    existing && isReassignment && (existing.status === 'ASSIGNED' || existing.status === 'IN_PROGRESS')
      ? { taskId: existing.id, assignment: existing.assignment, assigneeMemberId: existing.assigneeId }
      : null;
  return {
    ...(await done(db, item, status, actor)),
    taskId: task.id,
    assignment: task.assignment,
    assigneeMemberId: cadre.id,
    assigneeName: displayName(cadre),
    dueAt: task.dueAt,
    round: item.round,
    previous,
  };
}

/** The secretary cancels a task under way: the item goes back to the inbox, the cadre is told. */
export async function unassignItem(
  db: Db,
  input: { actor: Membership | undefined; number: number },
): Promise<HandledItem & { cancelled: CancelledTask | null }> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const item = await loadItem(db, actor.villageId, input.number);
  const status = await applyTransition(db, { item, action: 'unassign', actorId: actor.memberId });
  return { ...(await done(db, item, status, actor)), cancelled: await cancelOpenTask(db, item) };
}

/** The task of the item's round, if one is under way, is cancelled (declined, merged, unassigned). */
async function cancelOpenTask(db: Db, item: { id: number; round: number }): Promise<CancelledTask | null> {
  const task = await db.talkTask.findUnique({
    where: { itemId_round: { itemId: item.id, round: item.round } },
  });
  if (!task || (task.status !== 'ASSIGNED' && task.status !== 'IN_PROGRESS')) return null;
  await db.talkTask.update({ where: { id: task.id }, data: { status: 'CANCELLED' } });
  return { taskId: task.id, assignment: task.assignment, assigneeMemberId: task.assigneeId };
}

/** The secretary declines with a reason the villagers can read ("repair after the irrigation period"). */
export async function declineItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; reason: string },
): Promise<HandledItem & { cancelled: CancelledTask | null }> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const reason = validateShortText(input.reason, { max: REASON_MAX, error: 'talk-reason-required' });
  const item = await loadItem(db, actor.villageId, input.number);
  const status = await applyTransition(db, { item, action: 'decline', actorId: actor.memberId, reason });
  return { ...(await done(db, item, status, actor)), cancelled: await cancelOpenTask(db, item) };
}

/** The secretary merges a duplicate into another open item; its followers and me-toos move along. */
export async function mergeItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; intoNumber: number },
): Promise<HandledItem & { intoItemId: number; cancelled: CancelledTask | null }> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  if (input.number === input.intoNumber) throw new DomainError('talk-merge-self');
  const item = await loadItem(db, actor.villageId, input.number);
  const into = await loadItem(db, actor.villageId, input.intoNumber);
  // The target is checked by a conditional update, not by what was read: it takes the target's row
  // lock and re-reads its status. Two secretaries merging #3 into #4 and #4 into #3 at once then
  // cannot both win: one waits for the other (or PostgreSQL breaks the deadlock and the dispatcher
  // runs that update again), and finds its target merged. So merges never make a cycle.
  const target = await db.talkItem.updateMany({
    where: {
      id: into.id,
      status: { notIn: ['DECLINED', 'MERGED', 'RATED', 'CLOSED_UNRATED'] },
      hiddenAt: null,
    },
    data: { updatedAt: new Date() },
  });
  if (target.count !== 1) {
    const now = await loadItem(db, actor.villageId, input.intoNumber);
    throw new DomainError('talk-illegal-transition', { number: now.number, status: now.status });
  }
  const status = await applyTransition(db, {
    item,
    action: 'merge',
    actorId: actor.memberId,
    reason: `#${into.number}`,
  });
  await db.talkItem.update({ where: { id: item.id }, data: { mergedIntoId: into.id } });
  // One after the other: inside a transaction both would queue on its single connection anyway.
  const likes = await db.talkLike.findMany({ where: { itemId: item.id }, select: { memberId: true } });
  const follows = await db.talkFollow.findMany({ where: { itemId: item.id }, select: { memberId: true } });
  const raiser = { memberId: item.raiserId };
  await db.talkLike.createMany({
    data: [...likes, raiser].map((l) => ({ itemId: into.id, memberId: l.memberId })),
    skipDuplicates: true,
  });
  await db.talkFollow.createMany({
    data: follows.map((f) => ({ itemId: into.id, memberId: f.memberId })),
    skipDuplicates: true,
  });
  const cancelled = await cancelOpenTask(db, item);
  return { ...(await done(db, item, status, actor)), intoItemId: into.id, cancelled };
}

async function done(
  db: Db,
  item: { id: number; number: number },
  status: string,
  actor: Membership,
): Promise<HandledItem> {
  return {
    itemId: item.id,
    number: item.number,
    status,
    notify: await followersOf(db, item.id, actor.memberId),
  };
}
