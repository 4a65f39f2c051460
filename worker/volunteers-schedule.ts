import type { Db } from '../core/db/client.ts';
import {
  CALL_REFRESH_BUCKET_MS,
  callFanoutKey,
  callPostKey,
  callProgressKey,
  callRefreshBucket,
  callRefreshKey,
  shiftAwardsKey,
  shiftAwardsNoticeKey,
  shiftReminderKey,
} from '../core/volunteers/call-keys.ts';
import type { LaunchedCall } from '../core/volunteers/create-call.ts';
import type { ShiftAwardsProposal } from '../core/volunteers/propose-shift-awards.ts';
import { SCORING_WINDOW_MINUTES } from '../core/volunteers/volunteer-types.ts';
import type { Owed } from './owed.ts';

const MINUTE_MS = 60_000;

/**
 * What a volunteer call's launch owes, written in the launching update's transaction (see
 * talk-schedule.ts for the pattern): the fan-out as a timer at `fanoutAt` (now, or the end of the
 * village's quiet hours: the timer's work owes one `call-invite` per invite then), the group post (a
 * job, when the village has a group), the cadre's progress message (a job that waits for the fan-out
 * by itself) and each shift's reminder to its volunteers (`shiftReminderMinutes` before it starts,
 * when that is still ahead). One key per intent: a launch retried owes each once.
 */
export async function oweCallLaunch(
  db: Db,
  owed: Owed,
  launched: Pick<LaunchedCall, 'callId' | 'fanoutAt' | 'shifts'>,
  village: { groupChatId: bigint | null; shiftReminderMinutes: number },
  now = new Date(),
): Promise<void> {
  const { callId } = launched;
  await owed.timer(db, 'call-fanout', { dedupeKey: callFanoutKey(callId), callId }, launched.fanoutAt);
  if (village.groupChatId !== null)
    await owed.job(db, 'call-post', { dedupeKey: callPostKey(callId), callId });
  await owed.job(db, 'call-fanout-progress', { dedupeKey: callProgressKey(callId), callId });
  for (const shift of launched.shifts) {
    // The awards, proposed once the supervisor's scoring window has passed (or earlier, when the
    // supervisor says they are done: /shiftdone, which cancels nothing — whichever comes first proposes).
    await owed.timer(
      db,
      'shift-awards',
      { dedupeKey: shiftAwardsKey(shift.shiftId), shiftId: shift.shiftId },
      new Date(shift.endsAt.getTime() + SCORING_WINDOW_MINUTES * MINUTE_MS),
    );
    const remindAt = new Date(shift.startsAt.getTime() - village.shiftReminderMinutes * MINUTE_MS);
    if (remindAt <= now) continue;
    await owed.timer(
      db,
      'shift-reminder',
      { dedupeKey: shiftReminderKey(shift.shiftId), shiftId: shift.shiftId },
      remindAt,
    );
  }
}

/**
 * A sign-up changed a shift of the call (a seat taken or freed, a shift filled or reopened): its
 * messages are brought up to date, batched. The bot calls this in the transaction of every join or
 * cancellation that changes a shift's count or its full / not-full state.
 *
 * Batching: one `call-refresh` timer per call and ten-second bucket, due at the bucket's end. Setting a
 * key that exists is a no-op, so a burst of 1,000 joins makes one timer row per bucket, and the group
 * post is edited at most once per ~10 s (Telegram allows a group 20 messages a minute). When it fires,
 * the `call-refresh` job edits the group post and the cadre's progress message with the counts as they
 * are then, and starts a round of invite edits only when which shifts are full changed since the last
 * round (a private chat tolerates fewer edits, and an invite's buttons only change with fullness): a
 * round walks the invites a page at a time, behind every new send (a lower priority on the outbound
 * queue), skips members who signed up to the call, and stops when a newer round supersedes it.
 */
export async function oweCallRefresh(db: Db, owed: Owed, callId: number, now = new Date()): Promise<void> {
  const bucket = callRefreshBucket(now);
  await owed.timer(
    db,
    'call-refresh',
    { dedupeKey: callRefreshKey(callId, bucket), callId },
    new Date((bucket + 1) * CALL_REFRESH_BUCKET_MS),
  );
}

/**
 * A shift's awards were proposed (by its timer, or the supervisor's /shiftdone): each reviewer hears of
 * the batch with the review buttons, as for any proposal. Numbers only: the worker fills in the rest.
 */
export async function oweShiftAwardsReview(
  db: Db,
  owed: Owed,
  shiftId: number,
  proposal: ShiftAwardsProposal,
): Promise<void> {
  const shift = await db.volunteerShift.findUniqueOrThrow({
    where: { id: shiftId },
    select: { position: true, call: { select: { number: true, title: true } } },
  });
  await owed.jobs(
    db,
    'notify',
    proposal.reviewerIds.map((memberId) => ({
      dedupeKey: shiftAwardsNoticeKey(shiftId, memberId),
      memberId,
      message: {
        key: 'shift-awards-proposed',
        params: {
          batch: proposal.batchId,
          call: shift.call.number,
          shift: shift.position,
          title: shift.call.title,
          count: proposal.memberIds.length,
        },
      },
      buttons: { kind: 'award-review' as const, batchId: proposal.batchId },
    })),
  );
}
