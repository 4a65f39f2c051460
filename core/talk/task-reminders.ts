import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { displayName } from '../members/display-name.ts';
import { formatDue } from './format-due.ts';
import { expireUnratedItem } from './rate-item.ts';

/**
 * What the worker's talk timers decide when they fire: whether a task is still due a reminder or an
 * escalation, whether an unrated item closes, and who hears about it. The worker only loads, asks
 * here, and enqueues the messages; a timer that fires late, early or after the task was done is
 * harmless because these checks run against the current rows, not against what was true when the
 * timer was set.
 */

/** How long before the due date the assigned cadre is reminded. */
export const TASK_REMINDER_LEAD_MS = 24 * 3600_000;

/** How long the raiser has to rate a done task before the item closes as resolved-unrated. */
export const RATING_WINDOW_DAYS = 7;
export const RATING_WINDOW_MS = RATING_WINDOW_DAYS * 24 * 3600_000;

export type TaskTimerKind = 'reminder' | 'overdue';

/** One message to one member, by Fluent key; the worker renders it in the member's language. */
export interface TimerMessage {
  memberId: number;
  key: 'talk-reminder-due' | 'talk-overdue-escalation' | 'talk-overdue-cadre' | 'talk-closed-unrated';
  params: Record<string, string | number>;
}

export type TimerSkipReason =
  | 'task-missing' // deleted with its item
  | 'task-finished' // done or cancelled: nothing to remind about
  | 'superseded' // the item moved on to another round (reopened and re-assigned)
  | 'past-due' // a reminder that fired after the due date: the overdue timer speaks instead
  | 'item-missing'
  | 'not-expired' // rated (or otherwise moved on) before the rating window closed
  | 'no-recipients'; // everyone who would hear about it has left the village

export type TimerDecision =
  | { outcome: 'send'; messages: TimerMessage[] }
  /** Fired before its time (clocks disagree, or the due date moved): run again at `until`. */
  | { outcome: 'wait'; until: Date }
  | { outcome: 'skip'; reason: TimerSkipReason };

const OPEN_TASK = ['ASSIGNED', 'IN_PROGRESS'] as const;

function isOpenTask(status: string): boolean {
  return (OPEN_TASK as readonly string[]).includes(status);
}

/**
 * Who a task's timer should tell, now. The reminder (a day before) goes to the assigned cadre; the
 * overdue escalation (at the due date) goes to the village's secretaries and to the cadre. Nothing is
 * due once the task is done or cancelled, or when the item went on to another round.
 */
export async function findReminderRecipients(
  db: Db,
  input: { taskId: number; kind: TaskTimerKind; now?: Date; leadMs?: number },
): Promise<TimerDecision> {
  const now = input.now ?? new Date();
  const task = await db.talkTask.findUnique({
    where: { id: input.taskId },
    include: { item: { include: { village: true } }, assignee: true },
  });
  if (!task) return { outcome: 'skip', reason: 'task-missing' };
  if (!isOpenTask(task.status)) return { outcome: 'skip', reason: 'task-finished' };
  if (task.item.round !== task.round || !isOpenTask(task.item.status))
    return { outcome: 'skip', reason: 'superseded' };

  const dueAt = task.dueAt;
  const due = formatDue(dueAt, task.item.village.timezone);
  const number = task.item.number;
  const assigneeIsActive = task.assignee.status === 'ACTIVE';

  if (input.kind === 'reminder') {
    if (now.getTime() >= dueAt.getTime()) return { outcome: 'skip', reason: 'past-due' };
    const remindAt = dueAt.getTime() - (input.leadMs ?? TASK_REMINDER_LEAD_MS);
    if (now.getTime() < remindAt) return { outcome: 'wait', until: new Date(remindAt) };
    if (!assigneeIsActive) return { outcome: 'skip', reason: 'no-recipients' };
    return {
      outcome: 'send',
      messages: [{ memberId: task.assigneeId, key: 'talk-reminder-due', params: { number, due } }],
    };
  }

  if (now.getTime() < dueAt.getTime()) return { outcome: 'wait', until: dueAt };
  const secretaries = await db.member.findMany({
    where: {
      villageId: task.item.villageId,
      status: 'ACTIVE',
      roles: { some: { role: 'SECRETARY' } },
      // A secretary who is also the assignee hears it once, as the assignee.
      id: { not: task.assigneeId },
    },
    select: { id: true },
    orderBy: { number: 'asc' },
  });
  const cadre = displayName(task.assignee);
  const messages: TimerMessage[] = secretaries.map((s) => ({
    memberId: s.id,
    key: 'talk-overdue-escalation',
    params: { number, cadre, due },
  }));
  if (assigneeIsActive)
    messages.push({ memberId: task.assigneeId, key: 'talk-overdue-cadre', params: { number, due } });
  return messages.length > 0 ? { outcome: 'send', messages } : { outcome: 'skip', reason: 'no-recipients' };
}

/**
 * The rating window is over: an item still DONE in that round closes as resolved-unrated, and its
 * raiser is told. Idempotent, and safe to repeat after a crash: an item already closed this way in
 * this round still yields the raiser's message (the worker's dedupe key makes it arrive once), so a
 * run that closed the item but died before enqueueing the message is completed by its retry.
 * Run it inside a transaction so the status and its history row commit together.
 */
export async function closeUnratedItem(
  db: Db,
  input: { itemId: number; round: number; now?: Date },
): Promise<TimerDecision> {
  const now = input.now ?? new Date();
  let item = await db.talkItem.findUnique({ where: { id: input.itemId } });
  if (!item) return { outcome: 'skip', reason: 'item-missing' };
  if (item.round !== input.round) return { outcome: 'skip', reason: 'superseded' };

  if (item.status === 'DONE') {
    const task = await db.talkTask.findUnique({
      where: { itemId_round: { itemId: item.id, round: item.round } },
      select: { doneAt: true },
    });
    if (task?.doneAt) {
      const closesAt = task.doneAt.getTime() + RATING_WINDOW_MS;
      if (now.getTime() < closesAt) return { outcome: 'wait', until: new Date(closesAt) };
    }
    try {
      await expireUnratedItem(db, { itemId: item.id, round: input.round });
    } catch (error) {
      // The raiser rated in the same instant: their rating won, which is the outcome we want.
      if (!(error instanceof DomainError && error.code === 'talk-illegal-transition')) throw error;
    }
    item = await db.talkItem.findUniqueOrThrow({ where: { id: item.id } });
  }

  if (item.status !== 'CLOSED_UNRATED') return { outcome: 'skip', reason: 'not-expired' };
  const raiser = await db.member.findUnique({ where: { id: item.raiserId }, select: { status: true } });
  if (raiser?.status !== 'ACTIVE') return { outcome: 'skip', reason: 'no-recipients' };
  return {
    outcome: 'send',
    messages: [
      {
        memberId: item.raiserId,
        key: 'talk-closed-unrated',
        params: { number: item.number, days: RATING_WINDOW_DAYS },
      },
    ],
  };
}
