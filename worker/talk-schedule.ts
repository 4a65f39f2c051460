import type { Db } from '../core/db/client.ts';
import { RATING_WINDOW_MS, TASK_REMINDER_LEAD_MS } from '../core/talk/task-reminders.ts';
import type { Owed } from './owed.ts';

/**
 * The timers of Villagers Talk, as the bot sets and cancels them: inside the transaction of the change
 * that makes them due (an assignment, a task done) or moot, through that update's `Owed`, which hands
 * them to BullMQ after the commit. A timer exists exactly when the change does, and a cancelled one
 * that fires anyway finds its row cancelled and does nothing. Their work is in worker/timers/.
 *
 * Each timer's key follows from the task or the item and round, so setting one twice (a retried
 * update) keeps the first. A key once used stays used: a cancelled or fired timer is not set again
 * under the same key (a new round of an item is a new task, with keys of its own).
 */

/** The first assignment keeps the plain key; a task given again (reassigned) gets fresh keys. */
export const taskTimerKey = (taskId: number, assignment = 1) =>
  assignment === 1 ? `task-${taskId}` : `task-${taskId}-a${assignment}`;
export const ratingExpiryKey = (itemId: number, round: number) => `item-${itemId}-round-${round}`;

/**
 * After `assignItem`: the assigned cadre is reminded `leadMs` (a day) before `dueAt`, or at once when
 * that moment has passed; at `dueAt` the secretaries and the cadre hear that it is overdue, unless the
 * task was done by then. A `leadMs` longer than TASK_REMINDER_LEAD_MS only makes the reminder wait
 * for the default lead when it fires (core decides when it is due); shorter leads are for tests.
 */
export async function setTaskTimers(
  db: Db,
  owed: Owed,
  input: { taskId: number; assignment?: number; dueAt: Date; leadMs?: number },
): Promise<{ remindAt: Date }> {
  const remindAt = new Date(input.dueAt.getTime() - (input.leadMs ?? TASK_REMINDER_LEAD_MS));
  const payload = { dedupeKey: taskTimerKey(input.taskId, input.assignment), taskId: input.taskId };
  await owed.timer(db, 'talk-task-reminder', payload, remindAt);
  await owed.timer(db, 'talk-task-overdue', payload, input.dueAt);
  return { remindAt };
}

/** After `completeTask` (or whenever a task stops being due): cancels its reminder and escalation. */
export async function cancelTaskTimers(
  db: Db,
  owed: Owed,
  input: { taskId: number; assignment?: number },
): Promise<void> {
  await owed.cancelTimer(db, 'talk-task-reminder', taskTimerKey(input.taskId, input.assignment));
  await owed.cancelTimer(db, 'talk-task-overdue', taskTimerKey(input.taskId, input.assignment));
}

/**
 * After `completeTask`: `RATING_WINDOW_DAYS` (7) after `doneAt` an item still unrated in this round
 * closes as resolved-unrated and its raiser is told.
 */
export async function setRatingExpiry(
  db: Db,
  owed: Owed,
  input: { itemId: number; round: number; doneAt: Date },
): Promise<{ closesAt: Date }> {
  const closesAt = new Date(input.doneAt.getTime() + RATING_WINDOW_MS);
  await owed.timer(
    db,
    'talk-rating-expiry',
    { dedupeKey: ratingExpiryKey(input.itemId, input.round), itemId: input.itemId, round: input.round },
    closesAt,
  );
  return { closesAt };
}

/** After `rateItem` (optional: the expiry finds the item rated and does nothing). */
export async function cancelRatingExpiry(
  db: Db,
  owed: Owed,
  input: { itemId: number; round: number },
): Promise<void> {
  await owed.cancelTimer(db, 'talk-rating-expiry', ratingExpiryKey(input.itemId, input.round));
}
