import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';
import { joinShift } from '../../core/volunteers/join-shift.ts';
import type { JoinOutcome } from '../../core/volunteers/volunteer-types.ts';
import { seedActiveMembers } from '../support/bulk-members.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { createTestCall, minutesFromNow } from '../support/volunteer-fixture.ts';

/**
 * 1,000 members tap "join" on a 10-seat shift at the same moment, each in a transaction of their own,
 * on a pool sized like the bot's (BOT_CONCURRENCY 8 + 4). Exactly ten get a seat, the other 990 wait
 * in positions 1…990 with nobody twice, the counter says ten, and nobody's update failed.
 */
const MEMBERS = 1_000;
const SEATS = 10;
const CONNECTIONS = 12;
let prisma: PrismaClient;

beforeAll(() => {
  prisma = testPrisma({ maxConnections: CONNECTIONS });
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe('1,000 members join a 10-seat shift at once', () => {
  it('seats exactly ten and puts everyone else on the waiting list, in one order', async () => {
    await resetDatabase(prisma);
    const village = await createTestVillage(prisma, []);
    const secretary = await village.member(1);
    const villageId = secretary.villageId;
    const { members } = await seedActiveMembers(prisma, secretary, MEMBERS);
    const { number, shiftIds } = await createTestCall(prisma, {
      villageId,
      createdById: secretary.memberId,
      shifts: [{ startsAt: minutesFromNow(24 * 60), endsAt: minutesFromNow(26 * 60), capacity: SEATS }],
    });
    const shiftId = shiftIds[0] as number;

    // Every tap at once; the pool hands out its 12 connections as transactions finish.
    const settled = await Promise.allSettled(
      members.map((actor) =>
        prisma.$transaction((tx) => joinShift(tx, { actor, callNumber: number, position: 1 }), {
          timeout: 120_000,
          maxWait: 120_000,
        }),
      ),
    );
    const failed = settled.filter((result) => result.status === 'rejected');
    expect(failed.map((result) => String((result as PromiseRejectedResult).reason))).toEqual([]);
    const outcomes = settled.map((result) => (result as PromiseFulfilledResult<JoinOutcome>).value);

    const confirmed = outcomes.filter((outcome) => outcome.kind === 'confirmed');
    const waitlisted = outcomes.filter((outcome) => outcome.kind === 'waitlisted');
    expect(confirmed).toHaveLength(SEATS);
    expect(waitlisted).toHaveLength(MEMBERS - SEATS);
    // Exactly one join took the last seat.
    expect(confirmed.filter((outcome) => outcome.filled)).toHaveLength(1);
    // The places each member was told are 1…990, nobody twice (the list only grew while they joined).
    expect(waitlisted.map((outcome) => outcome.place).sort((a, b) => a - b)).toEqual(
      Array.from({ length: MEMBERS - SEATS }, (_, i) => i + 1),
    );

    const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(shift.taken).toBe(SEATS);
    expect(shift.nextWaitlistPosition).toBe(MEMBERS - SEATS + 1);
    expect(shift.filledAt).toBeInstanceOf(Date);
    const signUps = await prisma.signUp.findMany({ where: { shiftId } });
    expect(signUps).toHaveLength(MEMBERS);
    expect(signUps.filter((signUp) => signUp.status === 'CONFIRMED')).toHaveLength(SEATS);
    const positions = signUps
      .filter((signUp) => signUp.status === 'WAITLISTED')
      .map((signUp) => signUp.waitlistPosition as number)
      .sort((a, b) => a - b);
    expect(positions).toEqual(Array.from({ length: MEMBERS - SEATS }, (_, i) => i + 1));

    // A stable order: each member's stored position is the place they were told, and waiting
    // members joined in the order of their positions (a later position was never created earlier).
    const told = new Map<number, number>();
    outcomes.forEach((outcome, i) => {
      if (outcome.kind === 'waitlisted') told.set((members[i] as Membership).memberId, outcome.place);
    });
    for (const signUp of signUps)
      if (signUp.status === 'WAITLISTED') expect(told.get(signUp.memberId)).toBe(signUp.waitlistPosition);
    const byPosition = signUps
      .filter((signUp) => signUp.status === 'WAITLISTED')
      .sort((a, b) => (a.waitlistPosition as number) - (b.waitlistPosition as number));
    for (let i = 1; i < byPosition.length; i++)
      expect((byPosition[i]?.createdAt as Date) >= (byPosition[i - 1]?.createdAt as Date)).toBe(true);
    // Every seat went before any waiting place was handed out.
    const lastSeat = Math.max(
      ...signUps.filter((s) => s.status === 'CONFIRMED').map((s) => (s.createdAt as Date).getTime()),
    );
    expect((byPosition[0]?.createdAt ?? new Date(0)).getTime()).toBeGreaterThanOrEqual(lastSeat);
  }, 180_000);
});
