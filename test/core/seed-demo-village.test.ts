import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import {
  DEMO_GROUP,
  DEMO_INVITE_CODE,
  DEMO_PEOPLE,
  DEMO_POINT_RULES,
  seedDemoVillage,
} from '../../core/demo/seed-demo-village.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership } from '../../core/members/membership.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { joinShift } from '../../core/volunteers/join-shift.ts';
import { listMyShifts } from '../../core/volunteers/my-shifts.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

/** Everything the seed writes, as comparable rows. */
async function snapshot(prisma: PrismaClient) {
  const [users, villages, households, members, grants, rules, entries] = await Promise.all([
    prisma.user.findMany({ orderBy: { id: 'asc' } }),
    prisma.village.findMany(),
    prisma.household.findMany({ orderBy: { number: 'asc' } }),
    prisma.member.findMany({ orderBy: { number: 'asc' } }),
    prisma.roleGrant.findMany({ orderBy: { id: 'asc' } }),
    prisma.pointRule.findMany({ orderBy: { code: 'asc' } }),
    prisma.ledgerEntry.count(),
  ]);
  const strip = <T extends { createdAt?: Date; updatedAt?: Date }>(rows: T[]) =>
    rows.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
  return {
    users: strip(users),
    villages: strip(villages),
    households: strip(households),
    members,
    grants,
    rules: strip(rules),
    entries,
  };
}

describe('seedDemoVillage', () => {
  let prisma: PrismaClient;

  beforeAll(async () => {
    prisma = testPrisma();
    await resetDatabase(prisma);
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  it('creates Youyi Village with every role, five households, the group and the points rules', async () => {
    const seeded = await seedDemoVillage(prisma);
    expect(seeded).toMatchObject({ created: true, inviteCode: DEMO_INVITE_CODE });

    const village = await prisma.village.findUniqueOrThrow({ where: { id: seeded.villageId } });
    expect(village).toMatchObject({
      name: '友谊村',
      timezone: 'Asia/Shanghai',
      groupChatId: BigInt(DEMO_GROUP.id),
      nextMemberNumber: DEMO_PEOPLE.length + 1,
    });
    const members = await prisma.member.findMany({
      where: { villageId: village.id },
      include: { roles: true, household: true, user: true },
      orderBy: { number: 'asc' },
    });
    expect(members).toHaveLength(17);
    expect(members.every((m) => m.status === 'ACTIVE' && m.household !== null)).toBe(true);
    expect(new Set(members.map((m) => m.householdId)).size).toBe(5);
    const holders = (role: string) => members.filter((m) => m.roles.some((r) => r.role === role)).length;
    expect(holders('VILLAGER')).toBe(17);
    expect(holders('SECRETARY')).toBe(1);
    expect(holders('CADRE')).toBe(2);
    expect(holders('SUPERVISOR')).toBe(1);
    expect(holders('SHOPKEEPER')).toBe(1);
    expect(members.filter((m) => m.roles.length === 1)).toHaveLength(12);
    expect(members[0]).toMatchObject({ number: 1, userId: 10_001n, realName: '李建国' });
    expect(new Set(members.map((m) => m.user.languageCode))).toEqual(new Set(['zh-hans', 'en']));

    // Rule votes: the banquets vote adopted (10 for, 1 against, of 17) and rule 1 in the rulebook; one open.
    const votes = await prisma.vote.findMany({
      where: { villageId: village.id },
      include: { options: { orderBy: { position: 'asc' } } },
      orderBy: { number: 'asc' },
    });
    expect(votes.map((v) => [v.number, v.status, v.result, v.turnout])).toEqual([
      [1, 'CLOSED', 'ADOPTED', 11],
      [2, 'OPEN', null, null],
    ]);
    expect(votes[0]?.options.map((o) => o.finalCount)).toEqual([10, 1, 0]);
    expect(await prisma.voteParticipation.count({ where: { voteId: votes[1]?.id } })).toBe(3);
    const rule = await prisma.rule.findFirstOrThrow({
      where: { villageId: village.id },
      include: { versions: true },
    });
    expect(rule).toMatchObject({ number: 1, title: '婚前不办酒席', currentVersion: 1 });
    expect(rule.versions.map((v) => v.voteId)).toEqual([votes[0]?.id]);
    const timers = await prisma.scheduledTimer.findMany({
      where: { job: { startsWith: 'vote-' }, status: 'PENDING' },
    });
    expect(timers.map((t) => t.job).sort()).toEqual(['vote-close', 'vote-reminder']);

    const rules = await prisma.pointRule.findMany({ where: { villageId: village.id } });
    expect(rules).toHaveLength(DEMO_POINT_RULES.length);
    expect(rules.find((r) => r.code === 'help-neighbour')?.points).toBe(8);
    expect(rules.find((r) => r.code === 'littering')?.points).toBe(-5);

    // Points in use: earned ones in an intact ledger, and one proposal waiting for review.
    // Seven awards applied, and the shop's one debit (below).
    expect(await verifyLedger(prisma, village.id)).toMatchObject({ ok: true, entries: 8 });
    const awards = await prisma.pointAward.groupBy({
      by: ['status'],
      _count: true,
      orderBy: { status: 'asc' },
    });
    // One proposal of the points table's, and last week's checkpoint's two shifts (below).
    expect(awards.map((a) => [a.status, a._count])).toEqual([
      ['PROPOSED', 8],
      ['APPLIED', 7],
    ]);

    // Volunteers: last week's checkpoint, attended, scored and its awards proposed; tomorrow's river clean-up open.
    const calls = await prisma.volunteerCall.findMany({
      where: { villageId: village.id },
      include: {
        shifts: { orderBy: { position: 'asc' }, include: { signUps: { include: { member: true } } } },
      },
      orderBy: { number: 'asc' },
    });
    expect(calls.map((c) => [c.number, c.title, c.recipients])).toEqual([
      [1, '村口防疫值守', 16],
      [2, '周六清理河道', 16],
    ]);
    const [past, open] = calls as [(typeof calls)[0], (typeof calls)[0]];
    const now = Date.now();
    expect(
      past.shifts.every((s) => s.endsAt.getTime() < now - 5 * 86_400_000 && s.taken === s.capacity),
    ).toBe(true);
    expect(past.shifts.every((s) => s.awardsProposedAt !== null)).toBe(true);
    const pastAwards = await prisma.pointAward.findMany({
      where: { source: { startsWith: 'shift:' } },
      include: { member: true },
    });
    const pointsOf = (shift: (typeof past.shifts)[0]) =>
      Object.fromEntries(
        pastAwards
          .filter((a) => a.source === `shift:${shift.id}`)
          .map((a) => [a.member.number, a.points] as const),
      );
    // 5 points an hour, 4 hours: a 5 earns a fifth more, a 3 a fifth less (in from 08:20), the no-show −5,
    // the unscored volunteer who left after two hours 10.
    expect(pointsOf(past.shifts[0] as (typeof past.shifts)[0])).toEqual({ 6: 24, 8: 20, 11: 14, 14: -5 });
    expect(pointsOf(past.shifts[1] as (typeof past.shifts)[0])).toEqual({ 9: 20, 12: 10, 17: 24 });
    expect(pastAwards.every((a) => a.status === 'PROPOSED' && a.batchId !== null)).toBe(true);
    expect(
      await prisma.volunteerCallInvite.count({
        where: { callId: { in: [past.id, open.id] }, status: 'SENT' },
      }),
    ).toBe(32);

    expect(open.shifts.every((s) => s.startsAt.getTime() > now)).toBe(true);
    const seats = open.shifts.map((s) => [
      s.taken,
      s.capacity,
      s.signUps.filter((u) => u.status === 'WAITLISTED').map((u) => u.member.number),
    ]);
    expect(seats).toEqual([
      [3, 5, []],
      [3, 3, [11]],
    ]);
    const callTimers = await prisma.scheduledTimer.findMany({
      where: { job: { in: ['call-fanout', 'shift-awards', 'shift-reminder'] } },
    });
    expect(callTimers.map((t) => `${t.job} ${t.status}`).sort()).toEqual([
      'call-fanout FIRED',
      'shift-awards PENDING',
      'shift-awards PENDING',
      'shift-reminder PENDING',
      'shift-reminder PENDING',
    ]);

    // The points shop: its shelf, a bag of rice collected by 王小军 (11), soy sauce reserved by 王秀英 (3).
    const items = await prisma.shopItem.findMany({
      where: { villageId: village.id },
      orderBy: { number: 'asc' },
    });
    expect(items.map((i) => [i.number, i.name, i.price, i.stock])).toEqual([
      [1, '大米 5 斤', 30, 19],
      [2, '菜籽油 1 升', 40, 10],
      [3, '酱油 一瓶', 10, 29],
      [4, '洗衣粉 一袋', 15, 12],
    ]);
    const redemptions = await prisma.redemption.findMany({
      where: { villageId: village.id },
      include: { member: true, ledger: true },
      orderBy: { id: 'asc' },
    });
    expect(redemptions.map((r) => [r.member.number, r.status, r.ledger?.amount ?? null])).toEqual([
      [11, 'FULFILLED', -30],
      [3, 'RESERVED', null],
    ]);
    const held = await prisma.memberPoints.findFirstOrThrow({
      where: { villageId: village.id, memberId: redemptions[1]?.memberId },
    });
    expect(held).toMatchObject({ balance: 20, reserved: 10 });
    expect(
      await prisma.scheduledTimer.count({ where: { job: 'shop-reservation-expiry', status: 'PENDING' } }),
    ).toBe(1);
  });

  it('changes nothing when run again', async () => {
    const before = await snapshot(prisma);
    const again = await seedDemoVillage(prisma);
    expect(again.created).toBe(false);
    expect(await snapshot(prisma)).toEqual(before);
  });

  it('keeps a newcomer and their number, and numbers the next one after them', async () => {
    await prisma.user.create({ data: { id: 20_001n, firstName: '新村民' } });
    const joined = await joinVillage(prisma, { userId: 20_001n, inviteCode: DEMO_INVITE_CODE });
    expect(joined.memberNumber).toBe(18);

    await seedDemoVillage(prisma);
    const village = await prisma.village.findUniqueOrThrow({ where: { inviteCode: DEMO_INVITE_CODE } });
    expect(village.nextMemberNumber).toBe(19);
    expect(await prisma.member.count({ where: { villageId: village.id } })).toBe(18);
  });

  it("lets a member join tomorrow's river clean-up (2.1) and shows the seeded places in /myshifts", async () => {
    const membershipOf = async (userId: number) => {
      const membership = await findMembership(prisma, BigInt(userId));
      if (!membership) throw new Error(`no membership for ${userId}`);
      return membership;
    };
    const shopkeeper = await membershipOf(10_005);
    const joined = await prisma.$transaction((tx) =>
      joinShift(tx, { actor: shopkeeper, callNumber: 2, position: 1 }),
    );
    expect(joined).toMatchObject({ kind: 'confirmed', shift: { taken: 4, capacity: 5 } });
    const shiftsOf = async (userId: number) =>
      (await prisma.$transaction(async (tx) => listMyShifts(tx, { actor: await membershipOf(userId) }))).map(
        (m) => [`${m.shift.callNumber}.${m.shift.position}`, m.status, m.waitingPlace],
      );
    expect(await shiftsOf(10_005)).toEqual([['2.1', 'CONFIRMED', null]]);
    expect(await shiftsOf(10_013)).toEqual([['2.2', 'CONFIRMED', null]]);
    expect(await shiftsOf(10_011)).toEqual([['2.2', 'WAITLISTED', 1]]);
  });
});
