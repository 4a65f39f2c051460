import { closeUnratedItem } from '../../core/talk/task-reminders.ts';
import { talkRatingExpiryPayloadSchema } from '../queues.ts';
import {
  carryOut,
  parsePayload,
  type TalkTimerDeps,
  type TalkTimerJob,
  type TalkTimerResult,
} from './talk-timer.ts';

/**
 * Seven days after "done": an item still unrated in that round closes as resolved-unrated (status and
 * history row in one transaction), then its raiser is told. A retry after the close still tells them.
 */
export async function handleTalkRatingExpiry(
  job: TalkTimerJob,
  deps: TalkTimerDeps,
  token?: string,
): Promise<TalkTimerResult> {
  const { itemId, round } = parsePayload(talkRatingExpiryPayloadSchema, job);
  const now = deps.now?.() ?? new Date();
  const decision = await deps.prisma.$transaction((tx) => closeUnratedItem(tx, { itemId, round, now }));
  return carryOut(decision, {
    job,
    token,
    deps,
    notifyKey: (message) => `talk-item-${itemId}-round-${round}-unrated-member-${message.memberId}`,
  });
}
