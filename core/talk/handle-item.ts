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

/** The secretary makes the item a task for a cadre, due by `dueAt`. */
export async function assignItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; cadreNumber: number; dueAt: Date; now?: Date },
): Promise<
  HandledItem & { taskId: number; assigneeMemberId: number; assigneeName: string; dueAt: Date; round: number }
> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  if (input.dueAt.getTime() <= (input.now ?? new Date()).getTime()) throw new DomainError('talk-due-invalid');
  const item = await loadItem(db, actor.villageId, input.number);
  const cadre = await db.member.findUnique({
    where: { villageId_number: { villageId: actor.villageId, number: input.cadreNumber } },
    include: { roles: true },
  });
  if (cadre?.status !== 'ACTIVE') throw new DomainError('member-not-found', { number: input.cadreNumber });
  if (!cadre.roles.some((r) => r.role === 'CADRE' || r.role === 'SECRETARY'))
    throw new DomainError('member-not-cadre', { number: input.cadreNumber });
  const status = await applyTransition(db, { item, action: 'assign', actorId: actor.memberId });
  const task = await db.talkTask.create({
    data: {
      itemId: item.id,
      round: item.round,
      assigneeId: cadre.id,
      assignedById: actor.memberId,
      dueAt: input.dueAt,
    },
  });
  await db.talkFollow.createMany({ data: { itemId: item.id, memberId: cadre.id }, skipDuplicates: true });
  return {
    ...(await done(db, item, status, actor)),
    taskId: task.id,
    assigneeMemberId: cadre.id,
    assigneeName: displayName(cadre),
    dueAt: task.dueAt,
    round: item.round,
  };
}

/** The secretary declines with a reason the villagers can read ("repair after the irrigation period"). */
export async function declineItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; reason: string },
): Promise<HandledItem> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  const reason = validateShortText(input.reason, { max: REASON_MAX, error: 'talk-reason-required' });
  const item = await loadItem(db, actor.villageId, input.number);
  const status = await applyTransition(db, { item, action: 'decline', actorId: actor.memberId, reason });
  return done(db, item, status, actor);
}

/** The secretary merges a duplicate into another open item; its followers and me-toos move along. */
export async function mergeItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; intoNumber: number },
): Promise<HandledItem & { intoItemId: number }> {
  const actor = requireAllowed(input.actor, 'talk.handle');
  if (input.number === input.intoNumber) throw new DomainError('talk-merge-self');
  const item = await loadItem(db, actor.villageId, input.number);
  const into = await loadItem(db, actor.villageId, input.intoNumber);
  if (['DECLINED', 'MERGED', 'RATED', 'CLOSED_UNRATED'].includes(into.status))
    throw new DomainError('talk-illegal-transition', { number: into.number, status: into.status });
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
  return { ...(await done(db, item, status, actor)), intoItemId: into.id };
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
