import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { TELEGRAM_CAPTION_LIMIT, validateShortText } from '../text/validate-text.ts';
import { applyTransition } from './apply-transition.ts';
import { followersOf } from './engage-with-item.ts';
import { loadItem } from './load-item.ts';

/** The cadre's open tasks, soonest due first. */
export async function listMyTasks(db: Db, input: { actor: Membership | undefined }) {
  const actor = requireAllowed(input.actor, 'talk.progress');
  return db.talkTask.findMany({
    where: { assigneeId: actor.memberId, status: { in: ['ASSIGNED', 'IN_PROGRESS'] } },
    include: { item: { select: { number: true, title: true, text: true, category: true } } },
    orderBy: { dueAt: 'asc' },
  });
}

/** Only the assigned cadre, or the secretary, may move a task forward. */
async function loadOwnTask(db: Db, actor: Membership, number: number) {
  const item = await loadItem(db, actor.villageId, number);
  const task = await db.talkTask.findUnique({
    where: { itemId_round: { itemId: item.id, round: item.round } },
  });
  if (!task || task.status === 'DONE' || task.status === 'CANCELLED')
    throw new DomainError('talk-illegal-transition', { number, status: item.status });
  const isSecretary = actor.roles.includes('SECRETARY');
  if (task.assigneeId !== actor.memberId && !isSecretary)
    throw new DomainError('talk-not-assignee', { number });
  return { item, task };
}

export async function startTask(db: Db, input: { actor: Membership | undefined; number: number }) {
  const actor = requireAllowed(input.actor, 'talk.progress');
  const { item, task } = await loadOwnTask(db, actor, input.number);
  await applyTransition(db, { item, action: 'start', actorId: actor.memberId });
  await db.talkTask.update({ where: { id: task.id }, data: { status: 'IN_PROGRESS' } });
  return { itemId: item.id, taskId: task.id, notify: await followersOf(db, item.id, actor.memberId) };
}

export async function addTaskNote(
  db: Db,
  input: { actor: Membership | undefined; number: number; text?: string | null; photoFileId?: string | null },
) {
  const actor = requireAllowed(input.actor, 'talk.progress');
  const { item, task } = await loadOwnTask(db, actor, input.number);
  const text = input.text?.trim()
    ? validateShortText(input.text, { max: TELEGRAM_CAPTION_LIMIT, error: 'talk-empty' })
    : null;
  if (!text && !input.photoFileId) throw new DomainError('talk-empty');
  await db.talkTaskNote.create({
    data: { taskId: task.id, authorId: actor.memberId, text, photoFileId: input.photoFileId ?? null },
  });
  return { itemId: item.id, taskId: task.id, notify: await followersOf(db, item.id, actor.memberId) };
}

/** Done: the raiser is asked to rate, reminders stop, and the unrated clock starts. */
export async function completeTask(
  db: Db,
  input: { actor: Membership | undefined; number: number; now?: Date },
): Promise<{
  itemId: number;
  taskId: number;
  assignment: number;
  round: number;
  raiserMemberId: number;
  notify: number[];
}> {
  const actor = requireAllowed(input.actor, 'talk.progress');
  const { item, task } = await loadOwnTask(db, actor, input.number);
  await applyTransition(db, { item, action: 'complete', actorId: actor.memberId });
  await db.talkTask.update({
    where: { id: task.id },
    data: { status: 'DONE', doneAt: input.now ?? new Date() },
  });
  return {
    itemId: item.id,
    taskId: task.id,
    assignment: task.assignment,
    round: item.round,
    raiserMemberId: item.raiserId,
    notify: await followersOf(db, item.id, actor.memberId),
  };
}
