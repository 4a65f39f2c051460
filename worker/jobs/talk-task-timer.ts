import { findReminderRecipients } from '../../core/talk/task-reminders.ts';
import { talkTaskTimerPayloadSchema } from '../queues.ts';
import {
  carryOut,
  parsePayload,
  type TalkTimerDeps,
  type TalkTimerJob,
  type TalkTimerResult,
} from './talk-timer.ts';

/**
 * A task's two timers: the reminder a day before the due date goes to the assigned cadre; the
 * overdue one at the due date goes to the secretaries and the cadre. Core decides whether the task
 * still needs it (done, cancelled or reassigned tasks are left alone).
 */
export async function handleTalkTaskTimer(
  kind: 'reminder' | 'overdue',
  job: TalkTimerJob,
  deps: TalkTimerDeps,
  token?: string,
): Promise<TalkTimerResult> {
  const { taskId } = parsePayload(talkTaskTimerPayloadSchema, job);
  const decision = await findReminderRecipients(deps.prisma, {
    taskId,
    kind,
    now: deps.now?.() ?? new Date(),
  });
  return carryOut(decision, {
    job,
    token,
    deps,
    notifyKey: (message) => `talk-task-${taskId}-${kind}-member-${message.memberId}`,
  });
}
