import { DateTime } from 'luxon';
import type { Prisma } from '../db/client.ts';
import { findMembership, type Membership } from '../members/membership.ts';
import { setTimers, timerRowKey } from '../schedule/timers.ts';
import { checkIn, checkOut } from '../volunteers/attendance.ts';
import { callFanoutKey, shiftAwardsKey, shiftReminderKey } from '../volunteers/call-keys.ts';
import { createCall, type LaunchedCall } from '../volunteers/create-call.ts';
import { joinShift } from '../volunteers/join-shift.ts';
import { proposeShiftAwards, shiftAwardSource } from '../volunteers/propose-shift-awards.ts';
import { markNoShow, scoreVolunteer } from '../volunteers/supervise.ts';
import { SCORING_WINDOW_MINUTES } from '../volunteers/volunteer-types.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A volunteer of the past call: member number, and what the shift's day held for them. */
interface PastVolunteer {
  number: number;
  /** Minutes from the shift's start (negative: early); null: never came. */
  inAt: number | null;
  /** Minutes from the shift's end (negative: before it); null: no check-out (the hours count to the end). */
  outAt: number | null;
  /** The supervisor's score; null: unscored (or, never having come, marked absent). */
  score: number | null;
}

interface PastShift {
  place: string;
  /** Local hours of the day. */
  from: number;
  to: number;
  /** Member number of the supervising cadre; undefined: the call's creator. */
  supervisor?: number;
  volunteers: PastVolunteer[];
}

/**
 * 村口防疫值守, a week ago: a checkpoint at the village entrance in two shifts, both filled. Proposed by
 * cadre 谢启富 (2), who supervises the morning; cadre 王秀英 (3) the afternoon.
 */
const PAST_CALL: {
  creator: number;
  title: string;
  description: string;
  pointsPerHour: number;
  shifts: readonly [PastShift, ...PastShift[]];
} = {
  creator: 2,
  title: '村口防疫值守',
  description: '村口设卡，登记进出车辆和人员，提醒戴口罩、扫码。',
  pointsPerHour: 5,
  shifts: [
    {
      place: '村口东卡点',
      from: 8,
      to: 12,
      volunteers: [
        { number: 6, inAt: -10, outAt: 5, score: 5 },
        { number: 8, inAt: -5, outAt: null, score: 4 },
        { number: 11, inAt: 20, outAt: 0, score: 3 },
        { number: 14, inAt: null, outAt: null, score: null },
      ],
    },
    {
      place: '村口西卡点',
      from: 13,
      to: 17,
      supervisor: 3,
      volunteers: [
        { number: 9, inAt: -10, outAt: 10, score: 4 },
        { number: 12, inAt: 0, outAt: -120, score: null },
        { number: 17, inAt: -5, outAt: 0, score: 5 },
      ],
    },
  ],
};

/**
 * 周六清理河道, tomorrow: launched yesterday by cadre 王秀英 (3); the upstream shift has seats left (so a
 * newcomer's `/join_shift 2.1` takes one), the downstream one is full with one member waiting.
 */
interface OpenShift {
  place: string;
  from: number;
  to: number;
  capacity: number;
  supervisor?: number;
  /** Member numbers in the order they join: past the capacity, they wait. */
  joiners: readonly number[];
}

const OPEN_CALL: {
  creator: number;
  title: string;
  description: string;
  pointsPerHour: number;
  shifts: readonly OpenShift[];
} = {
  creator: 3,
  title: '周六清理河道',
  description: '清理河道里的垃圾和水草。请穿雨靴、戴手套，垃圾袋和夹子村里发。',
  pointsPerHour: 4,
  shifts: [
    { place: '上游河段（石桥到水闸）', from: 8, to: 11, capacity: 5, joiners: [7, 10, 15] },
    {
      place: '下游河段（水闸到村口）',
      from: 14,
      to: 17,
      capacity: 3,
      supervisor: 2,
      joiners: [8, 13, 16, 11],
    },
  ],
};

/**
 * Volunteer calls in Youyi, through the real use cases (shared seeds, 003): last week's epidemic
 * checkpoint as history (joined, attended, scored, a no-show, its awards proposed and left for the
 * secretary to review), and tomorrow's river clean-up still open, its invites recorded as sent and its
 * timers set as the bot's launch sets them. Run once, when the village is created (as the votes).
 *
 * The use cases read the database's clock, so the past call is joined while its shifts lie ahead, then
 * each shift is moved to have just started for its check-ins and scores, then to last week, where its
 * attendance times are written as the day went and its awards are proposed as the timer would.
 */
export async function seedDemoVolunteers(
  tx: Prisma.TransactionClient,
  input: { villageId: number; timezone: string },
): Promise<void> {
  const now = new Date();
  const members = await membershipsOf(tx, input.villageId);
  const memberOf = (number: number) => {
    const member = members.get(number);
    if (!member) throw new Error(`demo member ${number} is not in the village`);
    return member;
  };
  const today = DateTime.fromJSDate(now).setZone(input.timezone).startOf('day');
  const at = (day: DateTime, hour: number) => day.set({ hour }).toJSDate();

  await seedPastCall(tx, { now, memberOf, day: today.minus({ days: 7 }), at });
  await seedOpenCall(tx, { now, memberOf, day: today.plus({ days: 1 }), at, villageId: input.villageId });
}

interface SeedContext {
  now: Date;
  memberOf: (number: number) => Membership;
  day: DateTime;
  at: (day: DateTime, hour: number) => Date;
}

async function seedPastCall(tx: Prisma.TransactionClient, context: SeedContext): Promise<void> {
  const { now, memberOf, day, at } = context;
  const creator = memberOf(PAST_CALL.creator);
  // Drafted two weeks ahead of where it will lie, so the draft is valid now and the joins are open.
  const ahead = 14 * DAY_MS;
  const launched = await createCall(tx, {
    actor: creator,
    now,
    draft: {
      title: PAST_CALL.title,
      description: PAST_CALL.description,
      pointsPerHour: PAST_CALL.pointsPerHour,
      audience: 'MEMBERS',
      urgent: false,
      paidBroadcast: false,
      shifts: PAST_CALL.shifts.map((shift) => ({
        place: shift.place,
        startsAt: new Date(at(day, shift.from).getTime() + ahead),
        endsAt: new Date(at(day, shift.to).getTime() + ahead),
        capacity: shift.volunteers.length,
        supervisorNumber: shift.supervisor,
      })),
    },
  });

  for (const [index, shift] of PAST_CALL.shifts.entries()) {
    const position = index + 1;
    const { shiftId } = shiftOf(launched, position);
    const ref = { callNumber: launched.number, position };
    const supervisor = memberOf(shift.supervisor ?? PAST_CALL.creator);
    for (const volunteer of shift.volunteers)
      await joinShift(tx, { actor: memberOf(volunteer.number), ...ref });

    // The shift's day: it started ten minutes ago, so check-ins, check-outs and scores are open.
    await moveShift(tx, shiftId, new Date(Date.now() - 10 * MINUTE_MS));
    for (const volunteer of shift.volunteers) {
      const actor = memberOf(volunteer.number);
      if (volunteer.inAt === null) {
        await markNoShow(tx, { actor: supervisor, ...ref, memberNumber: volunteer.number });
        continue;
      }
      await checkIn(tx, { actor, ...ref });
      if (volunteer.outAt !== null) await checkOut(tx, { actor, ...ref });
      if (volunteer.score !== null)
        await scoreVolunteer(tx, {
          actor: supervisor,
          ...ref,
          memberNumber: volunteer.number,
          score: volunteer.score,
        });
    }

    // Then back to last week, with the times the day had.
    const startsAt = at(day, shift.from);
    await moveShift(tx, shiftId, startsAt);
    for (const volunteer of shift.volunteers) {
      if (volunteer.inAt === null) continue;
      const minutes = (offset: number | null) =>
        offset === null ? null : new Date(startsAt.getTime() + offset * MINUTE_MS);
      const outAt = volunteer.outAt === null ? null : volunteer.outAt + (shift.to - shift.from) * 60;
      await tx.signUp.updateMany({
        where: { shiftId, memberId: memberOf(volunteer.number).memberId },
        data: { checkInAt: minutes(volunteer.inAt), checkOutAt: minutes(outAt) },
      });
    }
    await tx.volunteerShift.update({
      where: { id: shiftId },
      data: { filledAt: new Date(startsAt.getTime() - 3 * DAY_MS) },
    });

    // The end of the scoring window: the awards proposed, as the shift-awards timer does.
    await proposeShiftAwards(tx, { shiftId });
    const proposedAt = new Date(at(day, shift.to).getTime() + SCORING_WINDOW_MINUTES * MINUTE_MS);
    await tx.volunteerShift.update({ where: { id: shiftId }, data: { awardsProposedAt: proposedAt } });
    await tx.pointAward.updateMany({
      where: { source: shiftAwardSource(shiftId) },
      data: { createdAt: proposedAt },
    });
  }

  // Launched four days before, every invite sent then, sign-ups taken over the next day.
  const launchedAt = at(day.minus({ days: 4 }), 10);
  await backdateLaunch(tx, launched, launchedAt, at(day, PAST_CALL.shifts[0].from));
  const signUps = await tx.signUp.findMany({
    where: { shift: { callId: launched.callId } },
    orderBy: { id: 'asc' },
    select: { id: true },
  });
  for (const [i, signUp] of signUps.entries()) {
    const joinedAt = new Date(launchedAt.getTime() + (7 + 23 * i) * MINUTE_MS);
    await tx.signUp.update({
      where: { id: signUp.id },
      data: { createdAt: joinedAt, confirmedAt: joinedAt },
    });
  }
}

async function seedOpenCall(
  tx: Prisma.TransactionClient,
  context: SeedContext & { villageId: number },
): Promise<void> {
  const { now, memberOf, day, at } = context;
  // Launched yesterday; the shifts are tomorrow (ahead of `now` whatever the hour).
  const launchedAt = new Date(now.getTime() - DAY_MS);
  const launched = await createCall(tx, {
    actor: memberOf(OPEN_CALL.creator),
    now: launchedAt,
    draft: {
      title: OPEN_CALL.title,
      description: OPEN_CALL.description,
      pointsPerHour: OPEN_CALL.pointsPerHour,
      audience: 'MEMBERS',
      urgent: false,
      paidBroadcast: false,
      shifts: OPEN_CALL.shifts.map((shift) => ({
        place: shift.place,
        startsAt: at(day, shift.from),
        endsAt: at(day, shift.to),
        capacity: shift.capacity,
        supervisorNumber: shift.supervisor,
      })),
    },
  });
  for (const [index, shift] of OPEN_CALL.shifts.entries())
    for (const number of shift.joiners)
      await joinShift(tx, { actor: memberOf(number), callNumber: launched.number, position: index + 1 });
  await backdateLaunch(tx, launched, launchedAt, null);

  // The timers the launch sets (worker/volunteers-schedule.ts oweCallLaunch): the fan-out, already
  // fired (its invites are sent), and each shift's reminder and the end of its scoring window.
  const { shiftReminderMinutes } = await tx.village.findUniqueOrThrow({
    where: { id: context.villageId },
    select: { shiftReminderMinutes: true },
  });
  const fanout = timer(
    'call-fanout',
    callFanoutKey(launched.callId),
    { callId: launched.callId },
    launched.fanoutAt,
  );
  await setTimers(tx, [
    fanout,
    ...launched.shifts.flatMap((shift) => {
      const remindAt = new Date(shift.startsAt.getTime() - shiftReminderMinutes * MINUTE_MS);
      const payload = { shiftId: shift.shiftId };
      return [
        timer(
          'shift-awards',
          shiftAwardsKey(shift.shiftId),
          payload,
          new Date(shift.endsAt.getTime() + SCORING_WINDOW_MINUTES * MINUTE_MS),
        ),
        ...(remindAt > now
          ? [timer('shift-reminder', shiftReminderKey(shift.shiftId), payload, remindAt)]
          : []),
      ];
    }),
  ]);
  await tx.scheduledTimer.updateMany({
    where: { key: fanout.key },
    data: { status: 'FIRED', firedAt: launched.fanoutAt },
  });
}

/**
 * Message ids the seeded invites are recorded under: far beyond any the demo's emulator hands out (it
 * starts empty on every run and counts from 1 in each chat), so a join's refresh round that edits them
 * meets Telegram's "message to edit not found", which is recorded and never retried, and never edits
 * another message. One per call: a chat holds one invite of each call.
 */
export const SEEDED_INVITE_MESSAGE_ID = 1_000_000_000;

/**
 * The call as launched at `launchedAt`, its invites sent then (a CHECK wants a sent invite's message
 * id); sign-ups close at `closesAt` when given.
 */
async function backdateLaunch(
  tx: Prisma.TransactionClient,
  call: { callId: number; number: number },
  launchedAt: Date,
  closesAt: Date | null,
): Promise<void> {
  await tx.volunteerCall.update({
    where: { id: call.callId },
    data: { createdAt: launchedAt, fanoutAt: launchedAt, ...(closesAt && { signupClosesAt: closesAt }) },
  });
  await tx.volunteerCallInvite.updateMany({
    where: { callId: call.callId },
    data: { status: 'SENT', sentAt: launchedAt, messageId: SEEDED_INVITE_MESSAGE_ID + call.number },
  });
}

/** Moves a shift, and its sign-ups' copies of its times, so that it starts at `startsAt` (same length). */
async function moveShift(tx: Prisma.TransactionClient, shiftId: number, startsAt: Date): Promise<void> {
  const shift = await tx.volunteerShift.findUniqueOrThrow({
    where: { id: shiftId },
    select: { startsAt: true, endsAt: true },
  });
  const endsAt = new Date(startsAt.getTime() + (shift.endsAt.getTime() - shift.startsAt.getTime()));
  await tx.volunteerShift.update({ where: { id: shiftId }, data: { startsAt, endsAt } });
  await tx.signUp.updateMany({ where: { shiftId }, data: { startsAt, endsAt } });
}

function shiftOf(launched: LaunchedCall, position: number) {
  const shift = launched.shifts.find((one) => one.position === position);
  if (!shift) throw new Error(`call ${launched.number} has no shift ${position}`);
  return shift;
}

async function membershipsOf(
  tx: Prisma.TransactionClient,
  villageId: number,
): Promise<Map<number, Membership>> {
  const members = await tx.member.findMany({ where: { villageId }, select: { number: true, userId: true } });
  const memberships = new Map<number, Membership>();
  for (const member of members) {
    const membership = await findMembership(tx, member.userId, villageId);
    if (membership) memberships.set(member.number, membership);
  }
  return memberships;
}

function timer<J extends 'call-fanout' | 'shift-awards' | 'shift-reminder'>(
  job: J,
  key: string,
  payload: J extends 'call-fanout' ? { callId: number } : { shiftId: number },
  dueAt: Date,
) {
  return { key: timerRowKey(job, key), job, payload: { dedupeKey: key, ...payload }, dueAt };
}
