import { formatShiftTime } from '../../core/volunteers/call-card.ts';
import { callInviteKey, shiftReminderNoticeKey } from '../../core/volunteers/call-keys.ts';
import { proposeShiftAwards } from '../../core/volunteers/propose-shift-awards.ts';
import { SCORING_WINDOW_MINUTES } from '../../core/volunteers/volunteer-types.ts';
import { oweShiftAwardsReview } from '../volunteers-schedule.ts';
import type { TimerWork } from './timer-work.ts';

/** Invites owed per statement: a fan-out of 20,000 stays well under PostgreSQL's 65,535 parameters a statement. */
const OWE_PAGE = 2_000;

/**
 * The fan-out, at launch or when the village's quiet hours end: one `call-invite` job per invite still
 * PENDING (on the paid queue for a paid broadcast), each keyed by the call and the member, so a timer
 * fired twice, or invites owed again after Redis lost them, send once. A cancelled call sends nothing.
 */
export const callFanoutTimer: TimerWork<'call-fanout'> = async (tx, owed, { callId }, { now }) => {
  const call = await tx.volunteerCall.findUnique({
    where: { id: callId },
    select: { status: true, paidBroadcast: true, fanoutAt: true },
  });
  if (!call) return { outcome: 'skipped', reason: 'call-missing' };
  if (call.status !== 'OPEN') return { outcome: 'skipped', reason: 'call-not-open' };
  if (call.fanoutAt && call.fanoutAt > now) return { outcome: 'wait', until: call.fanoutAt };
  const invites = await tx.volunteerCallInvite.findMany({
    where: { callId, status: 'PENDING' },
    orderBy: { memberId: 'asc' },
    select: { memberId: true },
  });
  if (invites.length === 0) return { outcome: 'skipped', reason: 'nobody-to-invite' };
  const paid = call.paidBroadcast;
  for (let i = 0; i < invites.length; i += OWE_PAGE) {
    const payloads = invites.slice(i, i + OWE_PAGE).map(({ memberId }) => ({
      dedupeKey: callInviteKey(callId, memberId),
      callId,
      memberId,
      ...(paid && { paid: true }),
    }));
    await owed.jobs(tx, paid ? 'call-invite-paid' : 'call-invite', payloads);
  }
  return { outcome: 'sent', notified: invites.map((invite) => invite.memberId) };
};

/** A bucket of sign-ups is over: the call's messages are refreshed by one job (see oweCallRefresh). */
export const callRefreshTimer: TimerWork<'call-refresh'> = async (tx, owed, { dedupeKey, callId }) => {
  await owed.job(tx, 'call-refresh', { dedupeKey, callId });
  return { outcome: 'sent', notified: [] };
};

/**
 * Before a shift: each volunteer CONFIRMED at the time the reminder fires hears when and where, with a
 * check-in button. Who is reminded is read now, not at launch, so a cancelled sign-up is not reminded:
 * that is how a cancellation "cancels" its reminder, with nothing to remove. A waiting-list member
 * promoted before the reminder is reminded. Nothing for a cancelled call or a shift already started.
 */
export const shiftReminderTimer: TimerWork<'shift-reminder'> = async (tx, owed, { shiftId }, { now }) => {
  const shift = await tx.volunteerShift.findUnique({
    where: { id: shiftId },
    select: {
      position: true,
      place: true,
      startsAt: true,
      endsAt: true,
      call: {
        select: { number: true, title: true, status: true, village: { select: { timezone: true } } },
      },
      signUps: { where: { status: 'CONFIRMED' }, orderBy: { memberId: 'asc' }, select: { memberId: true } },
    },
  });
  if (!shift) return { outcome: 'skipped', reason: 'shift-missing' };
  if (shift.call.status === 'CANCELLED') return { outcome: 'skipped', reason: 'call-cancelled' };
  if (shift.startsAt <= now) return { outcome: 'skipped', reason: 'shift-started' };
  const memberIds = shift.signUps.map((signUp) => signUp.memberId);
  if (memberIds.length === 0) return { outcome: 'skipped', reason: 'nobody-confirmed' };
  const time = formatShiftTime(shift.startsAt, shift.endsAt, shift.call.village.timezone);
  await owed.jobs(
    tx,
    'notify',
    memberIds.map((memberId) => ({
      dedupeKey: shiftReminderNoticeKey(shiftId, memberId),
      memberId,
      message: {
        key: 'call-shift-reminder',
        params: {
          number: shift.call.number,
          title: shift.call.title,
          position: shift.position,
          place: shift.place,
          time,
        },
      },
      buttons: { kind: 'shift-check-in' as const, call: shift.call.number, shift: shift.position },
    })),
  );
  return { outcome: 'sent', notified: memberIds };
};

/**
 * The end of a shift's scoring window: its awards are proposed (core/volunteers/propose-shift-awards.ts,
 * once per shift however often this runs, or after the supervisor's /shiftdone proposed them first)
 * and the reviewers are told, with the review buttons, as for any proposal.
 */
export const shiftAwardsTimer: TimerWork<'shift-awards'> = async (tx, owed, { shiftId }, { now }) => {
  const shift = await tx.volunteerShift.findUnique({
    where: { id: shiftId },
    select: { endsAt: true, awardsProposedAt: true },
  });
  if (!shift) return { outcome: 'skipped', reason: 'shift-missing' };
  if (shift.awardsProposedAt) return { outcome: 'skipped', reason: 'already-proposed' };
  const due = new Date(shift.endsAt.getTime() + SCORING_WINDOW_MINUTES * 60_000);
  if (due > now) return { outcome: 'wait', until: due };
  const proposal = await proposeShiftAwards(tx, { shiftId });
  if (!proposal) return { outcome: 'skipped', reason: 'nothing-earned' };
  await oweShiftAwardsReview(tx, owed, shiftId, proposal);
  return { outcome: 'sent', notified: proposal.reviewerIds };
};
