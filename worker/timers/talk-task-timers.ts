import type { Prisma } from '../../core/db/client.ts';
import {
  closeUnratedItem,
  findReminderRecipients,
  type TimerDecision,
  type TimerMessage,
} from '../../core/talk/task-reminders.ts';
import type { Owed } from '../owed.ts';
import type { TimerReport, TimerWait, TimerWork } from './timer-work.ts';

/**
 * The timers of Villagers Talk. Core decides, against the rows as they are now, whether anything is
 * still due (a task done or reassigned since, an item rated since, is left alone); the notices it
 * names are owed through the outbox in the timer's transaction, with keys naming the task (or item)
 * and the recipient, as before the outbox, so a notice is sent once whatever repeats.
 */

/** A day before the due date (or at once when that has passed): the assigned cadre. */
export const remindTask: TimerWork<'talk-task-reminder'> = async (tx, owed, { taskId }, { now }) =>
  carryOut(
    tx,
    owed,
    await findReminderRecipients(tx, { taskId, kind: 'reminder', now }),
    (message) => `talk-task-${taskId}-reminder-member-${message.memberId}`,
  );

/** At the due date: the village's secretaries and the cadre. */
export const escalateOverdueTask: TimerWork<'talk-task-overdue'> = async (tx, owed, { taskId }, { now }) =>
  carryOut(
    tx,
    owed,
    await findReminderRecipients(tx, { taskId, kind: 'overdue', now }),
    (message) => `talk-task-${taskId}-overdue-member-${message.memberId}`,
  );

/** Seven days after "done": an item still unrated in that round closes as resolved-unrated; its raiser hears. */
export const expireRating: TimerWork<'talk-rating-expiry'> = async (tx, owed, { itemId, round }, { now }) =>
  carryOut(
    tx,
    owed,
    await closeUnratedItem(tx, { itemId, round, now }),
    (message) => `talk-item-${itemId}-round-${round}-unrated-member-${message.memberId}`,
  );

async function carryOut(
  tx: Prisma.TransactionClient,
  owed: Owed,
  decision: TimerDecision,
  notifyKey: (message: TimerMessage) => string,
): Promise<TimerReport | TimerWait> {
  if (decision.outcome === 'wait') return decision;
  if (decision.outcome === 'skip') return { outcome: 'skipped', reason: decision.reason };
  await owed.jobs(
    tx,
    'notify',
    decision.messages.map((message) => ({
      dedupeKey: notifyKey(message),
      memberId: message.memberId,
      message: { key: message.key, params: message.params },
    })),
  );
  return { outcome: 'sent', notified: decision.messages.map((message) => message.memberId) };
}
