import { findReminderRecipients } from '../../core/talk/task-reminders.ts';
import { talkTaskTimerPayloadSchema } from '../queues.ts';
import {
  carryOut,
  parsePayload,
  type TalkTimerDeps,
  type TalkTimerJob,
  type TalkTimerResult,
} from './talk-timer.ts';

/** A day before the due date: reminds the assigned cadre, unless the task is done or superseded. */
export async function handleTalkTaskReminder(
  job: TalkTimerJob,
  deps: TalkTimerDeps,
  token?: string,
): Promise<TalkTimerResult> {
  const { taskId } = parsePayload(talkTaskTimerPayloadSchema, job);
  const decision = await findReminderRecipients(deps.prisma, {
    taskId,
    kind: 'reminder',
    now: deps.now?.() ?? new Date(),
  });
  return carryOut(decision, {
    job,
    token,
    deps,
    notifyKey: (message) => `talk-task-${taskId}-reminder-member-${message.memberId}`,
  });
}
