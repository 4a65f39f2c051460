import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, PrismaClient } from '../../core/db/client.ts';
import { DomainError } from '../../core/errors.ts';
import type { Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { checkIn, checkOut } from '../../core/volunteers/attendance.ts';
import { cancelSignUp } from '../../core/volunteers/cancel-sign-up.ts';
import { joinShift } from '../../core/volunteers/join-shift.ts';
import { listMyShifts, listShiftVolunteers } from '../../core/volunteers/my-shifts.ts';
import { proposeShiftAwards } from '../../core/volunteers/propose-shift-awards.ts';
import {
  decideReport,
  markNoShow,
  rateShift,
  reportViolation,
  scoreVolunteer,
} from '../../core/volunteers/supervise.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { createTestCall, minutesFromNow, type TestShift } from '../support/volunteer-fixture.ts';

const prisma: PrismaClient = testPrisma({ maxConnections: 12 });
const inTx = <T>(work: (tx: Db) => Promise<T>) => prisma.$transaction((tx) => work(tx));

/** Telegram user ids; member numbers follow the order they join (the secretary is 1). */
const SECRETARY = 1;
const SUPERVISOR = 2; // 王大, a cadre: member 2
const A = 3; // 张三: member 3
const B = 4; // 李四: member 4
const C = 5; // 赵五: member 5
const D = 6; // 钱六: member 6
const OTHER_CADRE = 7; // 孙七: member 7

let member: (userId: number) => Promise<Membership>;
let villageId: number;
let ids: Record<number, number>;

beforeEach(async () => {
  await resetDatabase(prisma);
  const village = await createTestVillage(prisma, [
    [SUPERVISOR, '王大'],
    [A, '张三'],
    [B, '李四'],
    [C, '赵五'],
    [D, '钱六'],
    [OTHER_CADRE, '孙七'],
  ]);
  member = village.member;
  const secretary = await member(SECRETARY);
  villageId = secretary.villageId;
  for (const number of [2, 7])
    await grantRole(prisma, { actor: secretary, memberNumber: number, role: 'CADRE' });
  ids = {};
  for (const userId of [SECRETARY, SUPERVISOR, A, B, C, D, OTHER_CADRE])
    ids[userId] = (await member(userId)).memberId;
});
afterAll(() => prisma.$disconnect());

const idOf = (userId: number) => ids[userId] as number;

/** A call by the supervisor (王大) with the given shifts; each shift supervised by them unless it says otherwise. */
async function call(shifts: TestShift[], extra: { status?: 'OPEN' | 'CLOSED'; signupClosesAt?: Date } = {}) {
  return createTestCall(prisma, {
    villageId,
    createdById: idOf(SECRETARY),
    shifts: shifts.map((shift) => ({ supervisorId: idOf(SUPERVISOR), ...shift })),
    ...extra,
  });
}

/** A shift a day ahead (or `startIn` minutes from now), `hours` long. */
const ahead = (capacity: number, startIn = 24 * 60, hours = 2): TestShift => ({
  startsAt: minutesFromNow(startIn),
  endsAt: minutesFromNow(startIn + hours * 60),
  capacity,
});

const join = async (userId: number, callNumber: number, position = 1) =>
  inTx(async (tx) => joinShift(tx, { actor: await member(userId), callNumber, position }));
const cancel = async (userId: number, callNumber: number, position = 1) =>
  inTx(async (tx) => cancelSignUp(tx, { actor: await member(userId), callNumber, position }));

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('it went through');
}

async function signUpOf(userId: number, shiftId: number) {
  return prisma.signUp.findUnique({ where: { shiftId_memberId: { shiftId, memberId: idOf(userId) } } });
}

describe('joining a shift', () => {
  it('seats members until full, then keeps a waiting list in order; pressing again changes nothing', async () => {
    const { number, shiftIds } = await call([ahead(2)]);
    const shiftId = shiftIds[0] as number;

    const first = await join(A, number);
    expect(first).toMatchObject({
      kind: 'confirmed',
      filled: false,
      shift: { taken: 1, capacity: 2, position: 1 },
    });
    let row = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(row.filledAt).toBeNull();

    const last = await join(B, number);
    expect(last).toMatchObject({ kind: 'confirmed', filled: true, shift: { taken: 2 } });
    row = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(row.filledAt).toBeInstanceOf(Date);

    expect(await join(C, number)).toMatchObject({ kind: 'waitlisted', place: 1 });
    expect(await join(D, number)).toMatchObject({ kind: 'waitlisted', place: 2 });

    // Again: nothing changes.
    expect(await join(C, number)).toMatchObject({ kind: 'already-waitlisted', place: 1 });
    expect(await join(D, number)).toMatchObject({ kind: 'already-waitlisted', place: 2 });
    expect(await join(A, number)).toMatchObject({ kind: 'already-confirmed' });

    row = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(row.taken).toBe(2);
    expect(row.nextWaitlistPosition).toBe(3);
    expect((await signUpOf(C, shiftId))?.waitlistPosition).toBe(1);
    expect((await signUpOf(D, shiftId))?.waitlistPosition).toBe(2);
    expect((await signUpOf(A, shiftId))?.status).toBe('CONFIRMED');
    expect(await prisma.signUp.count({ where: { shiftId } })).toBe(4);

    // The place counts only those still waiting ahead.
    await cancel(C, number);
    expect(await join(D, number)).toMatchObject({ kind: 'already-waitlisted', place: 1 });
  });

  it('takes a cancelled sign-up up again, wiped, and counts a newcomer’s place after those who left', async () => {
    const { number, shiftIds } = await call([ahead(1)]);
    const shiftId = shiftIds[0] as number;
    await join(A, number);
    await join(B, number); // waiting 1 (position 1)
    await join(C, number); // waiting 2 (position 2)
    await cancel(B, number); // leaves the waiting list
    // D takes position 3; only C (position 2) still waits ahead.
    expect(await join(D, number)).toMatchObject({ kind: 'waitlisted', place: 2, shift: { taken: 1 } });

    // A gives the seat up: C is promoted; A presses again and waits behind D, in the same row as before.
    const rowBefore = await signUpOf(A, shiftId);
    await cancel(A, number);
    expect((await signUpOf(C, shiftId))?.status).toBe('CONFIRMED');
    expect(await join(A, number)).toMatchObject({ kind: 'waitlisted', place: 2 });
    const rowAfter = await signUpOf(A, shiftId);
    expect(rowAfter).toMatchObject({
      id: rowBefore?.id,
      status: 'WAITLISTED',
      waitlistPosition: 4,
      cancelledAt: null,
      confirmedAt: null,
    });
    expect(await prisma.signUp.count({ where: { shiftId } })).toBe(4);
    const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(shift).toMatchObject({ taken: 1, nextWaitlistPosition: 5 });
  });

  it('refuses a shift overlapping a seat the member holds, naming it; touching shifts are fine', async () => {
    const base = 3 * 24 * 60;
    const first = await call([{ ...ahead(5, base, 2), place: '东门' }]);
    const overlapping = await call([ahead(5, base + 60, 2)]);
    const touching = await call([ahead(5, base + 120, 2)]);
    await join(A, first.number);

    const error = await refusal(join(A, overlapping.number));
    const firstShift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: first.shiftIds[0] } });
    expect(error.code).toBe('shift-overlap');
    expect(error.params).toEqual({
      callNumber: first.number,
      position: 1,
      place: '东门',
      start: firstShift.startsAt.toISOString(),
      end: firstShift.endsAt.toISOString(),
    });
    expect(await prisma.signUp.count({ where: { shiftId: overlapping.shiftIds[0] } })).toBe(0);

    expect(await join(A, touching.number)).toMatchObject({ kind: 'confirmed' });
    // Another member is not concerned.
    expect(await join(B, overlapping.number)).toMatchObject({ kind: 'confirmed' });
  });

  it('refuses closed calls, started shifts, and calls or shifts that are not there', async () => {
    const closed = await call([ahead(5)], { status: 'CLOSED' });
    expect(await refusalOf(join(A, closed.number))).toBe('call-closed');
    const pastDeadline = await call([ahead(5)], { signupClosesAt: minutesFromNow(-1) });
    expect(await refusalOf(join(A, pastDeadline.number))).toBe('call-closed');
    const started = await call([ahead(5, -10)], { signupClosesAt: minutesFromNow(60) });
    expect(await refusalOf(join(A, started.number))).toBe('shift-started');
    expect(await refusalOf(join(A, started.number, 2))).toBe('shift-not-found');
    expect(await refusalOf(join(A, 99))).toBe('call-not-found');
    expect(await prisma.signUp.count()).toBe(0);
  });

  it('finds nothing in another village', async () => {
    await syncUser(prisma, { id: 900, first_name: '外村书记' });
    const other = await createVillage(prisma, {
      name: '邻村',
      creatorUserId: 900n,
      adminIds: [900n],
      joinApproval: false,
    });
    const outsider = await member(900);
    expect(outsider.villageId).toBe(other.villageId);
    const theirs = await createTestCall(prisma, {
      villageId: other.villageId,
      createdById: outsider.memberId,
      shifts: [ahead(5)],
    });
    expect(theirs.number).toBe(1);
    expect(await refusalOf(join(A, 1))).toBe('call-not-found');
    expect(await join(900, 1)).toMatchObject({ kind: 'confirmed' });
  });
});

describe('cancelling', () => {
  it('gives the freed seat to the first waiting member, who is told', async () => {
    const { number, shiftIds } = await call([ahead(1)]);
    const shiftId = shiftIds[0] as number;
    await join(A, number);
    await join(B, number);
    await join(C, number);

    const outcome = await cancel(A, number);
    expect(outcome).toMatchObject({
      was: 'CONFIRMED',
      promoted: { memberId: idOf(B) },
      reopened: false,
      shift: { taken: 1 },
    });
    expect(await signUpOf(A, shiftId)).toMatchObject({ status: 'CANCELLED', waitlistPosition: null });
    expect(await signUpOf(B, shiftId)).toMatchObject({ status: 'CONFIRMED', waitlistPosition: null });
    expect((await signUpOf(B, shiftId))?.confirmedAt).toBeInstanceOf(Date);
    expect(await signUpOf(C, shiftId)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 2 });
    const mine = await inTx(async (tx) => listMyShifts(tx, { actor: await member(C) }));
    expect(mine).toEqual([
      expect.objectContaining({
        status: 'WAITLISTED',
        waitingPlace: 1,
        shift: expect.objectContaining({ shiftId }),
      }),
    ]);
    expect((await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } })).taken).toBe(1);

    // A cancelled member joins again: their row is reused, at the end of the list.
    expect(await join(A, number)).toMatchObject({ kind: 'waitlisted', place: 2 });
    expect(await signUpOf(A, shiftId)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 3 });
    expect(await prisma.signUp.count({ where: { shiftId } })).toBe(3);
  });

  it('passes over a waiting member who holds an overlapping seat elsewhere, who keeps their place', async () => {
    const base = 2 * 24 * 60;
    const wanted = await call([ahead(1, base)]);
    const elsewhere = await call([ahead(5, base + 30)]);
    const wantedShift = wanted.shiftIds[0] as number;
    await join(A, wanted.number);
    await join(B, wanted.number); // waiting 1
    await join(C, wanted.number); // waiting 2
    await join(B, elsewhere.number); // a seat overlapping the wanted shift

    const outcome = await cancel(A, wanted.number);
    expect(outcome.promoted).toEqual({ memberId: idOf(C) });
    expect(await signUpOf(C, wantedShift)).toMatchObject({ status: 'CONFIRMED' });
    expect(await signUpOf(B, wantedShift)).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
  });

  it('frees the seat when nobody waits, and says whether the shift reopened', async () => {
    const full = await call([ahead(1)]);
    await join(A, full.number);
    expect(await cancel(A, full.number)).toMatchObject({
      was: 'CONFIRMED',
      promoted: null,
      reopened: true,
      shift: { taken: 0 },
    });
    expect((await prisma.volunteerShift.findUniqueOrThrow({ where: { id: full.shiftIds[0] } })).taken).toBe(
      0,
    );

    const roomy = await call([ahead(3, 3 * 24 * 60)]);
    await join(A, roomy.number);
    await join(B, roomy.number);
    expect(await cancel(B, roomy.number)).toMatchObject({
      promoted: null,
      reopened: false,
      shift: { taken: 1 },
    });
  });

  it('lets a seat go only until an hour before the start, a waiting place until the start', async () => {
    const soon = await call([ahead(1, 30)]);
    await join(A, soon.number);
    await join(B, soon.number);
    const error = await refusal(cancel(A, soon.number));
    expect(error.code).toBe('shift-cancel-too-late');
    expect(error.params.minutes).toBe(60);
    expect(await signUpOf(A, soon.shiftIds[0] as number)).toMatchObject({ status: 'CONFIRMED' });

    expect(await cancel(B, soon.number)).toMatchObject({
      was: 'WAITLISTED',
      promoted: null,
      reopened: false,
    });
    expect(await signUpOf(B, soon.shiftIds[0] as number)).toMatchObject({
      status: 'CANCELLED',
      waitlistPosition: null,
    });
    expect(await refusalOf(cancel(B, soon.number))).toBe('shift-not-signed-up');
    expect(await refusalOf(cancel(C, soon.number))).toBe('shift-not-signed-up');
  });
});

describe('attendance', () => {
  it('opens check-in half an hour before the start and closes it at the end', async () => {
    const later = await call([ahead(3, 45)]);
    await join(A, later.number);
    const error = await refusal(
      inTx(async (tx) => checkIn(tx, { actor: await member(A), callNumber: later.number, position: 1 })),
    );
    expect(error.code).toBe('shift-check-in-closed');
    expect(error.params.minutes).toBe(30);

    const soon = await call([ahead(3, 20)]);
    await join(B, soon.number); // A's seat on the later shift overlaps this one
    const first = await inTx(async (tx) =>
      checkIn(tx, { actor: await member(B), callNumber: soon.number, position: 1 }),
    );
    expect(first).toMatchObject({ already: false, memberId: idOf(B), byMemberId: null });
    const again = await inTx(async (tx) =>
      checkIn(tx, { actor: await member(B), callNumber: soon.number, position: 1 }),
    );
    expect(again.already).toBe(true);
    expect(again.at).toEqual(first.at);
    expect((await signUpOf(B, soon.shiftIds[0] as number))?.checkInAt).toEqual(first.at);

    const ended = await seatedOnPastShift(-180, -60, [C]);
    expect(
      await refusalOf(
        inTx(async (tx) => checkIn(tx, { actor: await member(C), callNumber: ended, position: 1 })),
      ),
    ).toBe('shift-check-in-closed');
  });

  it('checks out after the check-in until an hour after the end; once', async () => {
    const number = await seatedOnPastShift(-60, 30, [A, B]);
    const shiftId = await shiftIdOf(number);
    const out = (userId: number) =>
      inTx(async (tx) => checkOut(tx, { actor: await member(userId), callNumber: number, position: 1 }));
    const into = (userId: number) =>
      inTx(async (tx) => checkIn(tx, { actor: await member(userId), callNumber: number, position: 1 }));

    expect(await refusalOf(out(A))).toBe('shift-not-checked-in');
    await into(A);
    const first = await out(A);
    expect(first.already).toBe(false);
    const again = await out(A);
    expect(again).toMatchObject({ already: true, at: first.at });
    expect(await refusalOf(into(A))).toBe('shift-already-checked-out');
    const row = await signUpOf(A, shiftId);
    expect(row?.checkOutAt?.getTime()).toBeGreaterThanOrEqual(row?.checkInAt?.getTime() ?? Number.NaN);
    expect(await refusalOf(out(C))).toBe('shift-not-signed-up');

    // An hour and more after the end, the check-out is closed.
    const long = await seatedOnPastShift(-300, -61, [B], { checkedIn: true });
    expect(
      await refusalOf(
        inTx(async (tx) => checkOut(tx, { actor: await member(B), callNumber: long, position: 1 })),
      ),
    ).toBe('shift-check-out-closed');
  });

  it('lets the shift’s supervisor check in and out for a volunteer without a phone, and nobody else', async () => {
    const number = await seatedOnPastShift(-30, 60, [C]);
    const shiftId = await shiftIdOf(number);
    const forC = (userId: number, act: typeof checkIn) =>
      inTx(async (tx) =>
        act(tx, { actor: await member(userId), callNumber: number, position: 1, forMemberNumber: 5 }),
      );

    expect(await refusalOf(forC(A, checkIn))).toBe('forbidden');
    expect(await refusalOf(forC(OTHER_CADRE, checkIn))).toBe('shift-not-supervisor');
    expect(await forC(SUPERVISOR, checkIn)).toMatchObject({
      already: false,
      memberId: idOf(C),
      number: 5,
      name: '赵五',
      byMemberId: idOf(SUPERVISOR),
    });
    expect(await signUpOf(C, shiftId)).toMatchObject({ checkedById: idOf(SUPERVISOR) });
    expect(await forC(SECRETARY, checkOut)).toMatchObject({ already: false, byMemberId: idOf(SECRETARY) });
    expect(await signUpOf(C, shiftId)).toMatchObject({ checkedById: idOf(SECRETARY) });
    expect((await signUpOf(C, shiftId))?.checkOutAt).toBeInstanceOf(Date);
  });
});

describe('supervising', () => {
  it('lets the supervisor score and mark no-shows from the start until two hours after the end', async () => {
    const number = await seatedOnPastShift(-90, 30, [A, B, C], { checkedIn: [A] });
    const shiftId = await shiftIdOf(number);
    const score = (userId: number, memberNumber: number, value: number) =>
      inTx(async (tx) =>
        scoreVolunteer(tx, {
          actor: await member(userId),
          callNumber: number,
          position: 1,
          memberNumber,
          score: value,
        }),
      );
    const noShow = (userId: number, memberNumber: number) =>
      inTx(async (tx) =>
        markNoShow(tx, { actor: await member(userId), callNumber: number, position: 1, memberNumber }),
      );

    expect(await score(SUPERVISOR, 3, 5)).toMatchObject({ memberId: idOf(A), score: 5, noShow: false });
    expect(await signUpOf(A, shiftId)).toMatchObject({ score: 5, scoredById: idOf(SUPERVISOR) });
    expect(await refusalOf(score(SUPERVISOR, 3, 6))).toBe('shift-score-invalid');
    expect(await refusalOf(score(SUPERVISOR, 3, 0))).toBe('shift-score-invalid');
    expect(await refusalOf(score(A, 4, 1))).toBe('forbidden');
    expect(await refusalOf(score(OTHER_CADRE, 3, 1))).toBe('shift-not-supervisor');
    expect(await refusalOf(score(SUPERVISOR, 6, 4))).toBe('shift-not-signed-up');
    expect(await score(SECRETARY, 3, 4)).toMatchObject({ score: 4 });

    expect(await noShow(SUPERVISOR, 4)).toMatchObject({ memberId: idOf(B), noShow: true, already: false });
    expect(await noShow(SUPERVISOR, 4)).toMatchObject({ noShow: true, already: true });
    expect(await signUpOf(B, shiftId)).toMatchObject({ noShow: true, score: null });
    expect(await refusalOf(noShow(SUPERVISOR, 3))).toBe('shift-checked-in');
    // Marked absent, B cannot check in alone; the supervisor can, which takes the mark back.
    expect(
      await refusalOf(
        inTx(async (tx) => checkIn(tx, { actor: await member(B), callNumber: number, position: 1 })),
      ),
    ).toBe('shift-marked-no-show');
    await inTx(async (tx) =>
      checkIn(tx, { actor: await member(SUPERVISOR), callNumber: number, position: 1, forMemberNumber: 4 }),
    );
    expect(await signUpOf(B, shiftId)).toMatchObject({ noShow: false });
    expect((await signUpOf(B, shiftId))?.checkInAt).toBeInstanceOf(Date);

    const volunteers = await inTx(async (tx) =>
      listShiftVolunteers(tx, { actor: await member(SUPERVISOR), callNumber: number, position: 1 }),
    );
    expect(
      volunteers.volunteers.map((v) => [v.number, v.name, v.score, v.noShow, v.checkInAt !== null]),
    ).toEqual([
      [3, '张三', 4, false, true],
      [4, '李四', null, false, true],
      [5, '赵五', null, false, false],
    ]);
    expect(
      await refusalOf(
        inTx(async (tx) =>
          listShiftVolunteers(tx, { actor: await member(OTHER_CADRE), callNumber: number, position: 1 }),
        ),
      ),
    ).toBe('shift-not-supervisor');

    const future = await call([ahead(3)]);
    await join(A, future.number);
    expect(
      await refusalOf(
        inTx(async (tx) =>
          scoreVolunteer(tx, {
            actor: await member(SUPERVISOR),
            callNumber: future.number,
            position: 1,
            memberNumber: 3,
            score: 4,
          }),
        ),
      ),
    ).toBe('shift-not-started');
    const old = await seatedOnPastShift(-400, -121, [A], { checkedIn: true });
    expect(
      await refusalOf(
        inTx(async (tx) =>
          scoreVolunteer(tx, {
            actor: await member(SUPERVISOR),
            callNumber: old,
            position: 1,
            memberNumber: 3,
            score: 4,
          }),
        ),
      ),
    ).toBe('shift-scoring-closed');
  });

  it('takes one rating per villager who is not a volunteer of the shift, after it started', async () => {
    const number = await seatedOnPastShift(-30, 60, [A]);
    const shiftId = await shiftIdOf(number);
    const rate = (userId: number, stars: number, callNumber = number) =>
      inTx(async (tx) => rateShift(tx, { actor: await member(userId), callNumber, position: 1, stars }));

    expect(await rate(D, 4)).toMatchObject({ stars: 4, changed: false });
    expect(await rate(D, 2)).toMatchObject({ stars: 2, changed: true });
    expect(await prisma.shiftRating.findMany({ where: { shiftId } })).toEqual([
      expect.objectContaining({ memberId: idOf(D), stars: 2 }),
    ]);
    expect(await refusalOf(rate(A, 5))).toBe('shift-rating-own');
    expect(await refusalOf(rate(D, 0))).toBe('shift-score-invalid');
    const future = await call([ahead(3)]);
    expect(await refusalOf(rate(D, 5, future.number))).toBe('shift-not-started');
  });

  it('takes real-name reports, tells the secretaries, and lets a secretary decide once', async () => {
    const number = await seatedOnPastShift(-60, 30, [A]);
    const shiftId = await shiftIdOf(number);
    const report = (userId: number, memberNumber: number, reason: string) =>
      inTx(async (tx) =>
        reportViolation(tx, {
          actor: await member(userId),
          callNumber: number,
          position: 1,
          memberNumber,
          reason,
        }),
      );

    const made = await report(D, 3, '  值班时一直在玩手机  ');
    expect(made.secretaryMemberIds).toEqual([idOf(SECRETARY)]);
    expect(await prisma.shiftReport.findUniqueOrThrow({ where: { id: made.reportId } })).toMatchObject({
      shiftId,
      reporterId: idOf(D),
      memberId: idOf(A),
      reason: '值班时一直在玩手机',
      status: 'OPEN',
    });
    expect(await refusalOf(report(D, 3, '   '))).toBe('shift-report-invalid');
    expect(await refusalOf(report(D, 3, '字'.repeat(201)))).toBe('shift-report-invalid');
    expect(await refusalOf(report(A, 3, '我自己'))).toBe('shift-report-self');
    expect(await refusalOf(report(D, 4, '没来'))).toBe('shift-not-signed-up');

    const decide = (userId: number, uphold: boolean, deduction?: number) =>
      inTx(async (tx) =>
        decideReport(tx, { actor: await member(userId), reportId: made.reportId, uphold, deduction }),
      );
    expect(await refusalOf(decide(SUPERVISOR, true))).toBe('forbidden');
    expect(await refusalOf(decide(SECRETARY, true, 101))).toBe('shift-report-invalid');
    expect(await decide(SECRETARY, true, 3)).toMatchObject({
      upheld: true,
      deduction: -3,
      counted: true,
      reporterId: idOf(D),
      memberId: idOf(A),
      shift: { callNumber: number, position: 1 },
    });
    expect(await refusalOf(decide(SECRETARY, false))).toBe('shift-report-decided');
    expect(await prisma.shiftReport.findUniqueOrThrow({ where: { id: made.reportId } })).toMatchObject({
      status: 'UPHELD',
      deduction: -3,
      decidedById: idOf(SECRETARY),
    });
    expect(await refusalOf(decide(SECRETARY, true))).toBe('shift-report-decided');
  });
});

describe('the shift’s awards', () => {
  it('are proposed once, after the end, with the points the rules give', async () => {
    const startsAt = minutesFromNow(-200);
    const endsAt = minutesFromNow(-80); // two hours
    const { number, shiftIds } = await call([{ startsAt, endsAt, capacity: 5 }]);
    const shiftId = shiftIds[0] as number;
    const at = (from: Date, minutes: number) => new Date(from.getTime() + minutes * 60_000);
    await seat(shiftId, startsAt, endsAt, [
      // Early, never checked out, scored 5, one upheld report of 3: 2 h × 10 × 1.2 − 3 = 21.
      { userId: A, checkInAt: at(startsAt, -10), score: 5 },
      // 1 h 10 min counts as 1 h, scored 3: 10 × 0.8 = 8.
      { userId: B, checkInAt: at(startsAt, 30), checkOutAt: at(startsAt, 100), score: 3 },
      // Absent: the village's no-show points (−5).
      { userId: C, noShow: true },
      // Never came and not marked: nothing.
      { userId: D },
    ]);
    await prisma.shiftReport.create({
      data: {
        villageId,
        shiftId,
        reporterId: idOf(SECRETARY),
        memberId: idOf(A),
        reason: '迟到',
        status: 'UPHELD',
        deduction: -3,
        decidedById: idOf(SECRETARY),
        decidedAt: new Date(),
      },
    });
    await prisma.shiftReport.create({
      data: { villageId, shiftId, reporterId: idOf(D), memberId: idOf(B), reason: '还没决定' },
    });

    const [first, second] = await Promise.all([
      inTx((tx) => proposeShiftAwards(tx, { shiftId })),
      inTx((tx) => proposeShiftAwards(tx, { shiftId })),
    ]);
    const proposal = first ?? second;
    expect([first, second].filter((result) => result === null)).toHaveLength(1);
    expect(await inTx((tx) => proposeShiftAwards(tx, { shiftId }))).toBeNull();

    const awards = await prisma.pointAward.findMany({
      where: { source: `shift:${shiftId}` },
      orderBy: { id: 'asc' },
    });
    expect(awards.map((award) => [award.memberId, award.points])).toEqual([
      [idOf(A), 21],
      [idOf(B), 8],
      [idOf(C), -5],
    ]);
    for (const award of awards)
      expect(award).toMatchObject({
        status: 'PROPOSED',
        batchId: awards[0]?.id,
        proposedById: idOf(SUPERVISOR),
        reason: `志愿 清扫村道 ${number} #1`,
        villageId,
      });
    expect(proposal).toEqual({
      batchId: awards[0]?.id,
      villageId,
      memberIds: [idOf(A), idOf(B), idOf(C)].sort((x, y) => x - y),
      proposedById: idOf(SUPERVISOR),
      reviewerIds: [idOf(SECRETARY)],
    });
    expect(
      (await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } })).awardsProposedAt,
    ).toBeInstanceOf(Date);

    // After the proposal, scores are refused: they would not count.
    expect(
      await refusalOf(
        inTx(async (tx) =>
          scoreVolunteer(tx, {
            actor: await member(SUPERVISOR),
            callNumber: number,
            position: 1,
            memberNumber: 4,
            score: 4,
          }),
        ),
      ),
    ).toBe('shift-scoring-closed');

    // A report upheld after the proposal cannot join the batch: its deduction is proposed on its own, once,
    // for the village's reviewers.
    const late = await prisma.shiftReport.findFirstOrThrow({ where: { shiftId, status: 'OPEN' } });
    const decided = await inTx(async (tx) =>
      decideReport(tx, { actor: await member(SECRETARY), reportId: late.id, uphold: true }),
    );
    expect(decided).toMatchObject({ counted: false, deduction: -5 });
    const deduction = await prisma.pointAward.findUniqueOrThrow({
      where: { source_memberId: { source: `shift-report:${late.id}`, memberId: idOf(B) } },
    });
    expect(deduction).toMatchObject({
      status: 'PROPOSED',
      points: -5,
      proposedById: null,
      batchId: deduction.id,
      reason: `志愿违规 清扫村道 ${number} #1`,
    });
    expect(decided.lateDeduction).toEqual({
      awardId: deduction.id,
      memberNumber: 4,
      reviewerIds: [idOf(SECRETARY)],
    });
  });

  it('are not proposed before the end', async () => {
    const { shiftIds } = await call([ahead(3, -30)]);
    const shiftId = shiftIds[0] as number;
    expect(await inTx((tx) => proposeShiftAwards(tx, { shiftId }))).toBeNull();
    expect(
      (await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } })).awardsProposedAt,
    ).toBeNull();
    expect(await prisma.pointAward.count()).toBe(0);
  });
});

// ─── Helpers for shifts already under way: sign-ups written directly (joining is closed by then) ───

async function shiftIdOf(callNumber: number): Promise<number> {
  const shift = await prisma.volunteerShift.findFirstOrThrow({
    where: { villageId, position: 1, call: { number: callNumber } },
  });
  return shift.id;
}

async function seat(
  shiftId: number,
  startsAt: Date,
  endsAt: Date,
  people: Array<{ userId: number; checkInAt?: Date; checkOutAt?: Date; score?: number; noShow?: boolean }>,
): Promise<void> {
  for (const person of people)
    await prisma.signUp.create({
      data: {
        villageId,
        shiftId,
        memberId: idOf(person.userId),
        status: 'CONFIRMED',
        startsAt,
        endsAt,
        confirmedAt: minutesFromNow(-24 * 60),
        checkInAt: person.checkInAt ?? null,
        checkOutAt: person.checkOutAt ?? null,
        score: person.score ?? null,
        noShow: person.noShow ?? false,
      },
    });
  await prisma.volunteerShift.update({ where: { id: shiftId }, data: { taken: people.length } });
}

/** A call whose one shift ran from `startMinutes` to `endMinutes` from now, with these members seated. */
async function seatedOnPastShift(
  startMinutes: number,
  endMinutes: number,
  userIds: number[],
  options: { checkedIn?: boolean | number[] } = {},
): Promise<number> {
  const startsAt = minutesFromNow(startMinutes);
  const endsAt = minutesFromNow(endMinutes);
  const { number, shiftIds } = await call([{ startsAt, endsAt, capacity: 5 }], {
    signupClosesAt: minutesFromNow(startMinutes - 60),
  });
  const checkedIn = (userId: number) =>
    options.checkedIn === true || (Array.isArray(options.checkedIn) && options.checkedIn.includes(userId));
  await seat(
    shiftIds[0] as number,
    startsAt,
    endsAt,
    userIds.map((userId) => ({ userId, ...(checkedIn(userId) && { checkInAt: startsAt }) })),
  );
  return number;
}
