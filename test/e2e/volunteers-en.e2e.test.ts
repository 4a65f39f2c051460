import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardReviewCallback } from '../../bot/callback-data/points.ts';
import { talkDraftCallback } from '../../bot/callback-data/talk.ts';
import {
  recruitDraftCallback,
  shiftCheckInCallback,
  shiftCheckOutCallback,
  shiftJoinCallback,
  shiftScoreCallback,
} from '../../bot/callback-data/volunteers.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { shiftReminderKey } from '../../core/volunteers/call-keys.ts';
import type { RecordedCall, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import { timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type TimerName } from '../../worker/queues.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  draftUpToSubmit,
  messageIdOf,
  press,
  sayAndWait,
  seedVillage,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * A volunteer call in English through the real bot and worker processes, with a short cast: the
 * cadre's `/recruit 3 east gate …`, its preview (reach) and send; one invite to each member who hears
 * of calls (none to the one who sent /calls off) and the group post; joins by the invite's button and by
 * replying "join" to it until the shift is full, then the waiting list; /cancel_shift promotes the
 * first waiting, who is told; the reminder (moved to the next seconds) only to those signed up; check-in
 * by button, by command and by the supervisor; time passed by moving the shift and everything recorded
 * on it (the clock); check-out; scores; /shiftdone; the secretary approves and the ledger holds exactly
 * hours × 2 points × the score's multiplier, rounded. Then the next steps and refusals: /calls on again
 * and the next call reaches that member; a forged button from another village's member; a villager's
 * /recruit; a join after the shift started; /join_shift with garbage; a plain message after all this
 * is a Villagers Talk draft.
 */
const GROUP = { id: -1_007_910_000, title: 'Friendship village', type: 'supergroup' as const };
const ZONE = 'Asia/Shanghai';

let stack: Stack;
let prisma: PrismaClient;
let jobs: JobProducer;
let villageId: number;
let secretary: Person; // member 1
let cadre: Person; // member 2, posts the calls and supervises their shifts
let ann: Person; // 3
let bob: Person; // 4
let cai: Person; // 5
let dan: Person; // 6
let eve: Person; // 7
let fay: Person; // 8, never joins
let gus: Person; // 9, turns calls off before the first one
const invites = new Map<number, RecordedCall>();

const english = (id: number, first: string, last: string) => ({
  user: { id, first_name: first, language_code: 'en' } satisfies UserSpec,
  name: `${first} ${last}`,
  household: `${last} home`,
});

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [cadre, ann, bob, cai, dan, eve, fay, gus],
  } = await startVillage({
    english: true,
    people: [
      english(79_102, 'Wen', 'Zhao'),
      english(79_103, 'Ann', 'Lee'),
      english(79_104, 'Bob', 'Chen'),
      english(79_105, 'Cai', 'Wang'),
      english(79_106, 'Dan', 'Liu'),
      english(79_107, 'Eve', 'Zhou'),
      english(79_108, 'Fay', 'Sun'),
      english(79_109, 'Gus', 'Ma'),
    ],
    cadres: [2],
    group: GROUP,
  }));
  // Points apply as soon as they are approved, so the ledger shows them within the test.
  await prisma.village.update({ where: { id: villageId }, data: { appealWindowHours: 0 } });
  jobs = createJobProducer({
    redisUrl: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: stack.redisPrefix,
    logger: createLogger('silent', 'volunteers-en-e2e'),
  });
}, 120_000);

afterAll(async () => {
  await jobs?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

/** Moves a timer to `dueAt`: its row, and its delayed job in Redis (as the reconciler would re-add it). */
async function moveTimer(name: TimerName, key: string, dueAt: Date): Promise<void> {
  const timer = await prisma.scheduledTimer.findUniqueOrThrow({ where: { key: timerKey(name, key) } });
  expect(timer.status).toBe('PENDING');
  await prisma.scheduledTimer.update({ where: { id: timer.id }, data: { dueAt } });
  await jobs.removeTimers([timer.id]);
  await jobs.addTimers([{ id: timer.id, dueAt }]);
}

/**
 * The clock, for one shift: `ms` pass. The shift's times, its sign-ups' copies of them and every
 * check-in and check-out recorded on it move back by `ms`, so what was recorded keeps its place in the
 * shift and "now" is `ms` later in the shift's life.
 */
async function passTime(shiftId: number, ms: number): Promise<void> {
  const by = Math.round(ms);
  await prisma.$transaction([
    prisma.$executeRaw`
      UPDATE "VolunteerShift"
      SET "startsAt" = "startsAt" - ${by}::int * interval '1 millisecond',
          "endsAt" = "endsAt" - ${by}::int * interval '1 millisecond'
      WHERE id = ${shiftId}`,
    prisma.$executeRaw`
      UPDATE "SignUp"
      SET "startsAt" = "startsAt" - ${by}::int * interval '1 millisecond',
          "endsAt" = "endsAt" - ${by}::int * interval '1 millisecond',
          "checkInAt" = "checkInAt" - ${by}::int * interval '1 millisecond',
          "checkOutAt" = "checkOutAt" - ${by}::int * interval '1 millisecond'
      WHERE "shiftId" = ${shiftId}`,
  ]);
}

/** Passes time until the shift starts `minutes` from now (negative: started that long ago), by the database's clock. */
async function untilShiftStartsIn(shiftId: number, minutes: number): Promise<void> {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM "startsAt" - (now() AT TIME ZONE 'UTC')) * 1000)::float8 AS ms
    FROM "VolunteerShift" WHERE id = ${shiftId}`;
  await passTime(shiftId, (row?.ms ?? 0) - minutes * 60_000);
}

/** Waits for an edit of a message in `chatId` whose new text contains `needle`. */
async function waitForEdit(chatId: number, needle: string, timeoutMs = 25_000): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const edit = stack.emulator
      .calls({ chatId, method: 'editMessageText', ok: true })
      .find((c) => bodyOf(c).includes(needle));
    if (edit) return edit;
    if (Date.now() > deadline) throw new Error(`no edit containing "${needle}" in chat ${chatId}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * The cadre's progress message (sent once, then edited) once its text contains `needle`: its first
 * send may already say everything was delivered, when the invites went out before it did.
 */
async function waitForProgress(needle: string, timeoutMs = 25_000): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = stack.emulator
      .calls({ chatId: cadre.id, method: ['sendMessage', 'editMessageText'], ok: true })
      .find((c) => bodyOf(c).includes(needle));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no progress message containing "${needle}"`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Every message sent with `needle` in its text, once `count` chats have one (or the time is up). */
async function sentWith(needle: string, count: number, timeoutMs = 30_000): Promise<RecordedCall[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sent = stack.emulator
      .calls({ method: 'sendMessage', ok: true })
      .filter((c) => bodyOf(c).includes(needle));
    if (new Set(sent.map((c) => Number(c.params.chat_id))).size >= count || Date.now() > deadline)
      return sent;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const inviteOf = (p: Person) => {
  const invite = invites.get(p.id);
  if (!invite) throw new Error(`no invite for ${p.id}`);
  return invite;
};

const memberOf = (p: Person) =>
  prisma.member.findFirstOrThrow({ where: { villageId, userId: BigInt(p.id) } });

/** A shift's time as villagers read it: "12-01 13:30–15:30" (the end's day too when it is another). */
const shiftTime = (start: DateTime, end: DateTime) =>
  `${start.toFormat('MM-dd HH:mm')}–${end.toFormat(end.hasSame(start, 'day') ? 'HH:mm' : 'MM-dd HH:mm')}`;

/** The shift's time as messages show it now that the clock moved it. */
async function shiftTimeNow(): Promise<string> {
  const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
  return shiftTime(
    DateTime.fromJSDate(shift.startsAt, { zone: ZONE }),
    DateTime.fromJSDate(shift.endsAt, { zone: ZONE }),
  );
}

const start = DateTime.now().setZone(ZONE).plus({ minutes: 95 }).startOf('minute');
const end = start.plus({ hours: 2 });
const time = shiftTime(start, end);
let shiftId = 0;
let groupPost: RecordedCall;

describe('a volunteer call in English, from the quick form to the ledger', () => {
  it('lets a member turn calls off before the call', async () => {
    await sayAndWait(stack, gus, '/calls off', 'You will hear of no volunteer calls.');
    expect((await memberOf(gus)).callPreference).toBe('OFF');
  });

  it('previews the quick form with its reach, sends it, and tells the cadre it is on its way', async () => {
    const quick = `/recruit 3 east gate ${start.toFormat('yyyy-MM-dd')} ${start.toFormat('HH:mm')}-${end.toFormat('HH:mm')}`;
    const preview = await sayAndWait(stack, cadre, quick, 'Please check the call');
    // Seven members: everyone but the cadre who posts it and Gus, who turned calls off.
    expect(bodyOf(preview)).toContain('🙋 Please check the call: Volunteers wanted: east gate');
    expect(bodyOf(preview)).toContain(`1. east gate, ${time}, 3 people`);
    expect(bodyOf(preview)).toContain('Points: 2 per hour');
    expect(bodyOf(preview)).toContain('Asked: every member (7 people)');
    expect(bodyOf(preview)).toContain('Sign-up until when the first shift starts');
    expect(bodyOf(preview)).toContain('Not urgent.');
    const send = recruitDraftCallback.pack({ step: 'confirm', choice: 'send' }, villageId);
    expect(buttonsOf(preview)).toContain(send);
    const sent = await press(stack, cadre.user, messageIdOf(preview), send);
    await waitForText(stack, cadre.id, sent.sinceSeq, 'Call 1 is on its way to 7 people.');
    const call = await prisma.volunteerCall.findFirstOrThrow({
      where: { villageId },
      include: { shifts: true, invites: true },
    });
    expect(call).toMatchObject({
      number: 1,
      title: 'Volunteers wanted: east gate',
      recipients: 7,
      pointsPerHour: 2,
      urgent: false,
    });
    expect(call.shifts).toHaveLength(1);
    expect(call.shifts[0]).toMatchObject({ capacity: 3, taken: 0, place: 'east gate' });
    expect(call.shifts[0]?.startsAt.getTime()).toBe(start.toMillis());
    expect(call.shifts[0]?.endsAt.getTime()).toBe(end.toMillis());
    expect(call.invites).toHaveLength(7);
    shiftId = call.shifts[0]?.id ?? 0;
  });

  it('sends each member who hears of calls exactly one invite in English, and the group one post', async () => {
    const everyone = [secretary, ann, bob, cai, dan, eve, fay];
    const sent = await sentWith('Volunteers wanted, call 1', everyone.length);
    for (const p of everyone) {
      const mine = sent.filter((c) => Number(c.params.chat_id) === p.id);
      expect(mine, `invites to ${p.user.first_name}`).toHaveLength(1);
      const invite = mine[0] as RecordedCall;
      expect(bodyOf(invite)).toContain('📣 Volunteers wanted, call 1: Volunteers wanted: east gate');
      expect(bodyOf(invite)).toContain(`1. east gate  ${time}  0/3 signed up`);
      expect(bodyOf(invite)).toContain('2 points for each hour worked');
      expect(bodyOf(invite)).toContain("Tap a shift's button below to sign up.");
      expect(buttonsOf(invite)).toEqual([shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId)]);
      invites.set(p.id, invite);
    }
    // Nothing for the cadre who posted it, nor for Gus: no invite in any language.
    for (const p of [cadre, gus]) {
      const toThem = stack.emulator
        .calls({ chatId: p.id, method: 'sendMessage' })
        .filter((c) => /call 1|第 1 号/.test(bodyOf(c)) && buttonsOf(c).some((d) => d.startsWith('sj:')));
      expect(toThem).toHaveLength(0);
    }
    expect(sent).toHaveLength(everyone.length);
    // The group post, once, in the village's language (Chinese), with the same button.
    const posts = await sentWith('志愿招募 第 1 号', 1);
    expect(posts).toHaveLength(1);
    groupPost = posts[0] as RecordedCall;
    expect(Number(groupPost.params.chat_id)).toBe(GROUP.id);
    expect(bodyOf(groupPost)).toContain(`1. east gate  ${time}  已报 0/3 人`);
    expect(buttonsOf(groupPost)).toEqual([shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId)]);
    // The cadre's one progress message ends with every invite delivered.
    await waitForProgress('✅ Call 1 is sent: 7 delivered, 0 failed, of 7.');
    const invitesRows = await prisma.volunteerCallInvite.findMany({
      where: { call: { villageId, number: 1 } },
    });
    expect(invitesRows.map((i) => i.status)).toEqual(Array(7).fill('SENT'));
    // Still exactly one each once everything settled.
    await stack.settled(prisma, 20_000);
    const after = stack.emulator
      .calls({ method: 'sendMessage', ok: true })
      .filter((c) => bodyOf(c).includes('Volunteers wanted, call 1'));
    expect(after).toHaveLength(everyone.length);
  }, 60_000);

  it('fills the shift by button and by replying "join", then keeps a waiting list in order', async () => {
    const join = shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId);

    const byButton = await press(stack, ann.user, messageIdOf(inviteOf(ann)), join);
    expect(byButton.answer).toBe(
      `✅ You are signed up for call 1, shift 1: east gate, ${time}. I will remind you before it starts.`,
    );
    await waitForText(stack, ann.id, byButton.sinceSeq, '✅ You are signed up for call 1, shift 1');

    const reply = stack.emulator.replyTo(bob.user, messageIdOf(inviteOf(bob)), 'join');
    await waitForText(stack, bob.id, reply.sinceSeq, '✅ You are signed up for call 1, shift 1');

    const third = await press(stack, cai.user, messageIdOf(inviteOf(cai)), join);
    expect(third.answer).toContain('✅ You are signed up for call 1, shift 1');

    // Full: the next ones wait, in the order they came.
    const first = await press(stack, dan.user, messageIdOf(inviteOf(dan)), join);
    expect(first.answer).toBe(
      `The shift is full. You are number 1 on the waiting list for call 1, shift 1 (east gate, ${time}); if a seat frees up, I will tell you.`,
    );
    const second = stack.emulator.replyTo(eve.user, messageIdOf(inviteOf(eve)), 'Join');
    await waitForText(stack, eve.id, second.sinceSeq, 'You are number 2 on the waiting list for call 1');
    // Pressed again: the same place, nothing changed.
    expect((await press(stack, dan.user, messageIdOf(inviteOf(dan)), join)).answer).toBe(
      'You are already on the waiting list for call 1, shift 1, number 1.',
    );

    const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(shift.taken).toBe(3);
    expect(shift.filledAt).not.toBeNull();
    const signUps = await prisma.signUp.findMany({
      where: { shiftId },
      include: { member: { select: { number: true } } },
      orderBy: { member: { number: 'asc' } },
    });
    expect(signUps.map((s) => [s.member.number, s.status])).toEqual([
      [3, 'CONFIRMED'],
      [4, 'CONFIRMED'],
      [5, 'CONFIRMED'],
      [6, 'WAITLISTED'],
      [7, 'WAITLISTED'],
    ]);
    const waiting = signUps.filter((s) => s.status === 'WAITLISTED');
    expect((waiting[0]?.waitlistPosition ?? 0) < (waiting[1]?.waitlistPosition ?? 0)).toBe(true);

    // Within a refresh bucket: the group post shows the shift full, and so does Fay's invite, in English.
    const full = await waitForEdit(GROUP.id, '已满 3/3 人');
    expect(Number(full.params.message_id)).toBe(messageIdOf(groupPost));
    const fays = await waitForEdit(fay.id, `1. east gate  ${time}  full, 3/3 (waiting list open)`);
    expect(Number(fays.params.message_id)).toBe(messageIdOf(inviteOf(fay)));
  }, 60_000);

  it('/cancel_shift gives the seat to the first waiting member, who is told', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, ann, '/cancel_shift 1.1', `You are off call 1, shift 1 (east gate, ${time}).`);
    const told = await waitForText(stack, dan.id, since, '🎉 A seat freed up');
    expect(bodyOf(told)).toBe(
      `🎉 A seat freed up: you are now signed up for call 1, shift 1: east gate, ${time}.`,
    );
    const statuses = await prisma.signUp.findMany({
      where: { shiftId },
      include: { member: { select: { number: true } } },
      orderBy: { member: { number: 'asc' } },
    });
    expect(statuses.map((s) => [s.member.number, s.status])).toEqual([
      [3, 'CANCELLED'],
      [4, 'CONFIRMED'],
      [5, 'CONFIRMED'],
      [6, 'CONFIRMED'],
      [7, 'WAITLISTED'],
    ]);
    expect((await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } })).taken).toBe(3);
    // Eve moved up to the front of the line; Eve was told nothing else.
    await sayAndWait(stack, eve, '/myshifts', `1.1 east gate, ${time} — waiting list, number 1`);
    expect(stack.emulator.calls({ chatId: eve.id, method: 'sendMessage', sinceSeq: since })).toHaveLength(1);
  });

  it('reminds only those signed up, in English, with a check-in button', async () => {
    const since = stack.emulator.lastSeq();
    await moveTimer('shift-reminder', shiftReminderKey(shiftId), new Date(Date.now() + 500));
    for (const p of [bob, cai, dan]) {
      const reminder = await waitForText(stack, p.id, since, '⏰ Reminder', 20_000);
      expect(bodyOf(reminder)).toBe(
        `⏰ Reminder: you signed up for shift 1 of call 1, "Volunteers wanted: east gate",\n${time} at east gate.\nWhen you get there, tap "Check in" below.`,
      );
      expect(buttonsOf(reminder)).toEqual([shiftCheckInCallback.pack({ call: 1, shift: 1 }, villageId)]);
    }
    await stack.settled(prisma, 20_000);
    for (const p of [ann, eve, fay, gus, secretary, cadre])
      expect(
        stack.emulator.calls({ chatId: p.id, method: 'sendMessage', sinceSeq: since }),
        `nothing to ${p.user.first_name}`,
      ).toHaveLength(0);
  }, 60_000);

  it('checks in three ways, checks out, scores, /shiftdone; the approved points land in the ledger exactly', async () => {
    const [bobNo, caiNo, danNo] = (await Promise.all(
      [bob, cai, dan].map(async (p) => (await memberOf(p)).number),
    )) as [number, number, number];
    expect([bobNo, caiNo, danNo]).toEqual([4, 5, 6]);

    // A minute before the start: check-in is open.
    await untilShiftStartsIn(shiftId, 1);
    const reminder = await waitForText(stack, bob.id, 0, '⏰ Reminder');
    const checkIn = shiftCheckInCallback.pack({ call: 1, shift: 1 }, villageId);
    expect((await press(stack, bob.user, messageIdOf(reminder), checkIn)).answer).toContain(
      '✅ Checked in at',
    );
    await sayAndWait(stack, cai, '/checkin 1.1', '✅ Checked in at');
    // Dan left his phone at home: the supervisor checks him in, and he is told.
    const byCadre = await sayAndWait(stack, cadre, `/checkin 1.1 ${danNo}`, 'Checked in member 6 Dan Liu at');
    expect(bodyOf(byCadre)).toContain(': call 1, shift 1.');
    await waitForText(
      stack,
      dan.id,
      byCadre.seq,
      `The supervisor checked you in for call 1, shift 1: east gate, ${await shiftTimeNow()}.`,
    );

    // An hour and a half into the shift Cai has to leave.
    await passTime(shiftId, 91 * 60_000);
    await sayAndWait(stack, cai, '/checkout 1.1', '👋 Checked out at');
    // The shift ended a minute ago: Bob checks out from /myshifts; Dan never does (counted to the end).
    await passTime(shiftId, 31 * 60_000);
    const mine = await sayAndWait(stack, bob, '/myshifts', '— checked in');
    const checkOut = shiftCheckOutCallback.pack({ call: 1, shift: 1 }, villageId);
    expect(buttonsOf(mine)).toEqual([checkOut]);
    expect((await press(stack, bob.user, messageIdOf(mine), checkOut)).answer).toContain('👋 Checked out at');

    // The supervisor's list, then scores by button and by /score.
    const list = await sayAndWait(stack, cadre, '/shift 1.1', 'Call 1, shift 1');
    expect(bodyOf(list)).toContain(`Call 1, shift 1: east gate, ${await shiftTimeNow()} — 3/3 signed up`);
    expect(bodyOf(list)).toContain('#4 Bob Chen — checked out');
    expect(bodyOf(list)).toContain('#5 Cai Wang — checked out');
    expect(bodyOf(list)).toContain('#6 Dan Liu — checked in');
    const score = (member: number, value: number) =>
      shiftScoreCallback.pack({ call: 1, shift: 1, member, score: value }, villageId);
    expect((await press(stack, cadre.user, messageIdOf(list), score(bobNo, 5))).answer).toBe(
      'Member 4 Bob Chen: score 5 for shift 1.1.',
    );
    await sayAndWait(stack, cadre, `/score 1.1 ${caiNo} 2`, 'Member 5 Cai Wang: score 2 for shift 1.1.');
    expect((await press(stack, cadre.user, messageIdOf(list), score(danNo, 1))).answer).toBe(
      'Member 6 Dan Liu: score 1 for shift 1.1.',
    );

    // Eve saw Dan leave his post: a report under her name, still open when the points are proposed.
    const reported = await sayAndWait(
      stack,
      eve,
      `/reportshift 1.1 ${danNo} left the gate for an hour`,
      'Your report',
    );
    const reportId = Number(/report (\d+)/.exec(bodyOf(reported))?.[1]);
    await waitForText(stack, secretary.id, 0, `Report ${reportId} on call 1, shift 1`);

    const since = stack.emulator.lastSeq();
    const done = await sayAndWait(stack, cadre, '/shiftdone 1.1', 'Scoring of shift 1.1 is closed');
    const batch = await prisma.pointAward.findFirstOrThrow({
      where: { villageId, source: `shift:${shiftId}` },
      orderBy: { id: 'asc' },
    });
    const batchId = batch.batchId ?? batch.id;
    expect(bodyOf(done)).toBe(
      `Scoring of shift 1.1 is closed: proposal ${batchId} with 3 volunteers' points went to review.`,
    );
    const notice = await waitForText(stack, secretary.id, since, 'Volunteer points to review');
    expect(bodyOf(notice)).toContain(
      `🙋 Volunteer points to review: proposal ${batchId}, call 1 “Volunteers wanted: east gate”, shift 1, 3 volunteers`,
    );
    const approve = awardReviewCallback.pack({ batchId, approve: true }, villageId);
    expect(buttonsOf(notice)).toContain(approve);
    await press(stack, secretary.user, messageIdOf(notice), approve);

    // 2 points an hour: Bob 2 h × 2 × 1.2 (score 5) = 4.8 → 5; Cai checked out after 1 h 30
    // (6 quarters) × 2 × 0.5 (score 2) = 1.5 → 2; Dan 2 h (no check-out: to the end) × 2 × 0.2 (score 1)
    // = 0.8 → 1. Ann cancelled: nothing.
    const deadline = Date.now() + 20_000;
    let entries: { memberId: number; amount: number }[] = [];
    while (entries.length < 3 && Date.now() < deadline) {
      entries = await prisma.ledgerEntry.findMany({
        where: { villageId },
        select: { memberId: true, amount: true },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const ids = await Promise.all([bob, cai, dan, ann].map(async (p) => (await memberOf(p)).id));
    const amountOf = (memberId: number | undefined) => entries.find((e) => e.memberId === memberId)?.amount;
    expect(ids.map(amountOf)).toEqual([5, 2, 1, undefined]);
    expect(entries).toHaveLength(3);

    // The report upheld now, after the proposal: its deduction goes to review on its own, then to the ledger.
    const upheld = await sayAndWait(
      stack,
      secretary,
      `/report_ok ${reportId} 3`,
      `Report ${reportId} upheld`,
    );
    expect(bodyOf(upheld)).toContain('the deduction goes to review on its own');
    const deduction = await waitForText(stack, secretary.id, upheld.seq, 'Points to review');
    const deductionAward = await prisma.pointAward.findFirstOrThrow({
      where: { villageId, source: `shift-report:${reportId}` },
    });
    expect(bodyOf(deduction)).toBe(
      `Points to review: proposal ${deductionAward.id}, -3 points for member ${danNo}, from report ${reportId} upheld after the shift's points were proposed.`,
    );
    await press(
      stack,
      secretary.user,
      messageIdOf(deduction),
      awardReviewCallback.pack({ batchId: deductionAward.id, approve: true }, villageId),
    );
    const danId = ids[2];
    const until = Date.now() + 20_000;
    let danEntries: number[] = [];
    while (danEntries.length < 2 && Date.now() < until) {
      danEntries = (
        await prisma.ledgerEntry.findMany({ where: { memberId: danId }, orderBy: { sequence: 'asc' } })
      ).map((entry) => entry.amount);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(danEntries).toEqual([1, -3]);
  }, 120_000);
});

describe('the next steps and the refusals, in English', () => {
  const start2 = DateTime.now().setZone(ZONE).plus({ hours: 3 }).startOf('minute');
  const end2 = start2.plus({ hours: 1 });
  const outsider: UserSpec = { id: 79_191, first_name: 'Olga', language_code: 'en' };

  it('/calls on again: the next call reaches Gus', async () => {
    await sayAndWait(stack, gus, '/calls on', 'You will hear of volunteer calls.');
    expect((await memberOf(gus)).callPreference).toBe('ON');
    const quick = `/recruit 2 west gate ${start2.toFormat('yyyy-MM-dd')} ${start2.toFormat('HH:mm')}-${end2.toFormat('HH:mm')}`;
    const preview = await sayAndWait(stack, cadre, quick, 'Please check the call');
    expect(bodyOf(preview)).toContain('Asked: every member (8 people)');
    const sent = await press(
      stack,
      cadre.user,
      messageIdOf(preview),
      recruitDraftCallback.pack({ step: 'confirm', choice: 'send' }, villageId),
    );
    await waitForText(stack, cadre.id, sent.sinceSeq, 'Call 2 is on its way to 8 people.');
    const invite = await waitForText(stack, gus.id, sent.sinceSeq, 'Volunteers wanted, call 2', 20_000);
    expect(bodyOf(invite)).toContain(`1. west gate  ${shiftTime(start2, end2)}  0/2 signed up`);
    expect(buttonsOf(invite)).toEqual([shiftJoinCallback.pack({ call: 2, shift: 1 }, villageId)]);
    await stack.settled(prisma, 20_000);
  }, 60_000);

  it('refuses a member of another village pressing a forged join button, and writes nothing', async () => {
    await seedVillage(prisma, { name: 'Hill village', creatorId: 79_190, users: [outsider] });
    stack.emulator.addChat({ user: outsider });
    const olga = stack.person(outsider);
    // In her own village there is no call 2.
    const own = await sayAndWait(stack, olga, '/join_shift 2.1', 'There is no volunteer call No. 2.');
    const forged = stack.emulator.pressButton({
      user: outsider,
      messageId: messageIdOf(own),
      data: shiftJoinCallback.pack({ call: 2, shift: 1 }, villageId),
      allowUnknownData: true,
    });
    const answered = await stack.emulator.waitForCall({
      method: 'answerCallbackQuery',
      sinceSeq: forged.sinceSeq,
    });
    expect(answered.params.callback_query_id).toBe(forged.callbackQueryId);
    expect(answered.params.show_alert).toBe(true);
    expect(String(answered.params.text)).toBe(
      'You have not joined a village yet. Open the invite link your village shared, or send /join with the invite code.',
    );
    await stack.settled(prisma);
    const shift2 = await prisma.volunteerShift.findFirstOrThrow({
      where: { call: { villageId, number: 2 } },
    });
    expect(shift2.taken).toBe(0);
    expect(await prisma.signUp.count({ where: { shiftId: shift2.id } })).toBe(0);
    expect(await prisma.member.count({ where: { villageId, userId: BigInt(outsider.id) } })).toBe(0);
    expect(
      stack.emulator.calls({ chatId: outsider.id, method: 'sendMessage', sinceSeq: forged.sinceSeq }),
    ).toHaveLength(0);
  });

  it("refuses a villager's /recruit", async () => {
    await sayAndWait(
      stack,
      fay,
      '/recruit 3 west gate tomorrow 8:00-10:00',
      'You are not allowed to do that. Send /help to see the commands you can use.',
    );
    expect(await prisma.volunteerCall.count({ where: { villageId } })).toBe(2);
  });

  it('refuses a join pressed after the shift started, with the reason', async () => {
    const before = await prisma.signUp.count({ where: { shiftId } });
    const late = await press(
      stack,
      fay.user,
      messageIdOf(inviteOf(fay)),
      shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId),
    );
    expect(late.showAlert).toBe(true);
    expect(late.answer).toBe(
      'Shift 1 of volunteer call No. 1 has already started: you can no longer sign up or leave.',
    );
    await stack.settled(prisma);
    expect(await prisma.signUp.count({ where: { shiftId } })).toBe(before);
    expect(await prisma.signUp.count({ where: { member: { userId: BigInt(fay.id) } } })).toBe(0);
  });

  it('answers /join_shift with garbage with its usage', async () => {
    const usage =
      "Write the call's number and the shift's number, e.g. /join_shift 3.2 (call 3, shift 2), or just press the shift's button on the call.";
    expect(bodyOf(await sayAndWait(stack, fay, '/join_shift east gate please', 'Write the call'))).toBe(
      usage,
    );
    expect(bodyOf(await sayAndWait(stack, fay, '/join_shift', 'Write the call'))).toBe(usage);
    expect(await prisma.signUp.count({ where: { member: { userId: BigInt(fay.id) } } })).toBe(0);
  });

  it('takes a plain message after the flow as a Villagers Talk draft, not as part of the call', async () => {
    // Bob, who replied "join" to his invite: a message that is no reply is raised as usual.
    await sayAndWait(stack, bob, 'The lamp at the east gate is out', 'Which kind of matter is it?');
    // The cadre, whose /recruit ended when the call went out.
    const submit = await draftUpToSubmit(stack, cadre, 'Thank you all for the east gate shift', 'OTHER');
    const submitted = await press(
      stack,
      cadre.user,
      messageIdOf(submit),
      talkDraftCallback.pack({ submit: true }, villageId),
    );
    await waitForText(stack, cadre.id, submitted.sinceSeq, 'Submitted as #1.');
    const item = await prisma.talkItem.findFirstOrThrow({ where: { villageId } });
    expect(item.text).toBe('Thank you all for the east gate shift');
    expect(await prisma.volunteerCall.count({ where: { villageId } })).toBe(2);
  });
});
