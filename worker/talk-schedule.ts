import type { Db } from '../core/db/client.ts';
import { RATING_WINDOW_MS, TASK_REMINDER_LEAD_MS } from '../core/talk/task-reminders.ts';
import type { Owed } from './owed.ts';

/**
 * The timers of Villagers Talk, set and cancelled inside the transaction of the change that makes
 * them due or moot (PostgreSQL is the schedule; see core/schedule/timers.ts). Their keys follow from
 * the task or item, so setting one twice keeps one, and cancelling needs no stored id. A timer that
 * fires anyway finds the task done (or the item rated) and does nothing.
 */

export const taskTimerKey = (taskId: number) => `task-${taskId}`;
export const ratingExpiryKey = (itemId: number, round: number) => `item-${itemId}-round-${round}`;

/**
 * After `assignItem`: the assigned cadre is reminded `leadMs` (a day) before `dueAt`, or at once when
 * that moment has passed; at `dueAt` the secretaries and the cadre hear that it is overdue, unless the
 * task was done by then.
 */
export async function setTaskTimers(
  db: Db,
  owed: Owed,
  input: { taskId: number; dueAt: Date; now?: Date; leadMs?: number },
): Promise<{ remindAt: Date }> {
  const now = (input.now ?? new Date()).getTime();
  const remindAt = new Date(Math.max(now, input.dueAt.getTime() - (input.leadMs ?? TASK_REMINDER_LEAD_MS)));
  const payload = { dedupeKey: taskTimerKey(input.taskId), taskId: input.taskId };
  await owed.timer(db, 'talk-task-reminder', payload, remindAt);
  await owed.timer(db, 'talk-task-overdue', payload, input.dueAt);
  return { remindAt };
}

/** After `completeTask` (or whenever a task stops being due): its reminder and escalation are cancelled. */
export async function cancelTaskTimers(db: Db, owed: Owed, input: { taskId: number }): Promise<void> {
  await owed.cancelTimer(db, 'talk-task-reminder', taskTimerKey(input.taskId));
  await owed.cancelTimer(db, 'talk-task-overdue', taskTimerKey(input.taskId));
}

/** After `completeTask`: seven days after `doneAt` an item still unrated in this round closes as resolved-unrated. */
export async function setRatingExpiry(
  db: Db,
  owed: Owed,
  input: { itemId: number; round: number; doneAt: Date },
): Promise<void> {
  await owed.timer(
    db,
    'talk-rating-expiry',
    { dedupeKey: ratingExpiryKey(input.itemId, input.round), itemId: input.itemId, round: input.round },
    new Date(input.doneAt.getTime() + RATING_WINDOW_MS),
  );
}

/** After `rateItem` (optional: the expiry finds the item rated and does nothing). */
export async function cancelRatingExpiry(
  db: Db,
  owed: Owed,
  input: { itemId: number; round: number },
): Promise<void> {
  await owed.cancelTimer(db, 'talk-rating-expiry', ratingExpiryKey(input.itemId, input.round));
}
