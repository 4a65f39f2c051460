import { findReminderRecipients } from '../../core/talk/task-reminders.ts';
import { talkTaskTimerPayloadSchema } from '../queues.ts';
import {
  carryOut,
  parsePayload,
  type TalkTimerDeps,
  type TalkTimerJob,
  type TalkTimerResult,
} from './talk-timer.ts';

/** At the due date: tells the secretaries and the cadre that the task is overdue, unless it is done. */
export async function handleTalkTaskOverdue(
  job: TalkTimerJob,
  deps: TalkTimerDeps,
  token?: string,
): Promise<TalkTimerResult> {
  const { taskId } = parsePayload(talkTaskTimerPayloadSchema, job);
  const decision = await findReminderRecipients(deps.prisma, {
    taskId,
    kind: 'overdue',
    now: deps.now?.() ?? new Date(),
  });
  return carryOut(decision, {
    job,
    token,
    deps,
    notifyKey: (message) => `talk-task-${taskId}-overdue-member-${message.memberId}`,
  });
}
