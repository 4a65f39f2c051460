import { RATING_WINDOW_MS, TASK_REMINDER_LEAD_MS } from '../core/talk/task-reminders.ts';
import type { JobProducer, RemoveOutcome } from './queues.ts';

/**
 * The timers of Villagers Talk, as the bot sets and clears them (after its transaction commits).
 *
 * Each timer is a delayed job on the talk queue whose id follows from the task or item, so setting
 * the same timer twice (a retried update) adds it once, and cancelling needs no stored job id.
 * Cancelling is best effort: a timer that slips through finds the task done (or the item rated) when
 * it fires, and does nothing. The timers live in Redis, so they survive restarts of bot and worker.
 */

export const taskTimerKey = (taskId: number) => `task-${taskId}`;
export const ratingExpiryKey = (itemId: number, round: number) => `item-${itemId}-round-${round}`;

export interface TaskTimers {
  reminderJobId: string;
  overdueJobId: string;
  /** When the reminder fires (now, when the lead is already past). */
  remindAt: Date;
}

/**
 * After `assignItem`: the assigned cadre is reminded `leadMs` (a day) before `dueAt`, or at once when
 * that moment has passed; at `dueAt` the secretaries and the cadre hear that it is overdue, unless the
 * task was done by then. A `leadMs` longer than TASK_REMINDER_LEAD_MS only makes the reminder wait
 * for the default lead when it fires (core decides when it is due); shorter leads are for tests.
 */
export async function scheduleTaskTimers(
  jobs: JobProducer,
  input: { taskId: number; dueAt: Date; now?: Date; leadMs?: number },
): Promise<TaskTimers> {
  const now = (input.now ?? new Date()).getTime();
  const due = input.dueAt.getTime();
  const remindAt = Math.max(now, due - (input.leadMs ?? TASK_REMINDER_LEAD_MS));
  const payload = { dedupeKey: taskTimerKey(input.taskId), taskId: input.taskId };
  const [reminderJobId, overdueJobId] = await Promise.all([
    jobs.enqueue('talk-task-reminder', payload, { delay: remindAt - now }),
    jobs.enqueue('talk-task-overdue', payload, { delay: Math.max(0, due - now) }),
  ]);
  return { reminderJobId, overdueJobId, remindAt: new Date(remindAt) };
}

/** After `completeTask` (or whenever a task stops being due): removes its reminder and escalation. */
export async function cancelTaskTimers(
  jobs: JobProducer,
  input: { taskId: number },
): Promise<{ reminder: RemoveOutcome; overdue: RemoveOutcome }> {
  const key = taskTimerKey(input.taskId);
  const [reminder, overdue] = await Promise.all([
    jobs.remove('talk-task-reminder', key),
    jobs.remove('talk-task-overdue', key),
  ]);
  return { reminder, overdue };
}

/**
 * After `completeTask`: `RATING_WINDOW_DAYS` (7) after `doneAt` an item still unrated in this round
 * closes as resolved-unrated and its raiser is told.
 */
export async function scheduleRatingExpiry(
  jobs: JobProducer,
  input: { itemId: number; round: number; doneAt: Date; now?: Date },
): Promise<string> {
  const now = (input.now ?? new Date()).getTime();
  const closesAt = input.doneAt.getTime() + RATING_WINDOW_MS;
  return jobs.enqueue(
    'talk-rating-expiry',
    { dedupeKey: ratingExpiryKey(input.itemId, input.round), itemId: input.itemId, round: input.round },
    { delay: Math.max(0, closesAt - now) },
  );
}

/** After `rateItem` (optional: the expiry finds the item rated and does nothing). */
export async function cancelRatingExpiry(
  jobs: JobProducer,
  input: { itemId: number; round: number },
): Promise<RemoveOutcome> {
  return jobs.remove('talk-rating-expiry', ratingExpiryKey(input.itemId, input.round));
}
