import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type PrismaClient, type SqlReader } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { appendLedgerEntries, type NewLedgerEntry } from '../../core/points/ledger.ts';
import { showMemberPoints } from '../../core/points/member-points.ts';
import { listTopEarners } from '../../core/points/top-earners.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { resetDatabase, testDatabaseUrl } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/**
 * What members see of points, read from a real database: balances, competition ranks, stars,
 * household totals, the latest entries and the /top periods; other villages never counted. The
 * reads run through Prisma and through the bot's plain SQL reader alike.
 */
const { prisma, sql }: { prisma: PrismaClient; sql: SqlReader } = createDatabase(testDatabaseUrl());
const SOURCES = { prisma: () => prisma, 'plain SQL': () => sql } as const;

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

// 2026-11-30 is a Monday; 12:00 in Shanghai.
const NOW = new Date('2026-11-30T04:00:00Z');
const DAY = 24 * 60 * 60 * 1000;

const append = (villageId: number, entries: NewLedgerEntry[], at = NOW) =>
  prisma.$transaction((tx) => appendLedgerEntries(tx, villageId, entries, at));

/** 友谊村 with the secretary (member 1) and villagers 2–6, each in their own household. */
async function village() {
  const { member } = await createTestVillage(prisma, [
    [2, '谢启富'],
    [3, '王秀英'],
    [4, '张三'],
    [5, '李四'],
    [6, '赵五'],
  ]);
  const [secretary, xie, wang, zhang, li, zhao] = await Promise.all([1, 2, 3, 4, 5, 6].map(member));
  const people = [secretary, xie, wang, zhang, li, zhao] as [
    Membership,
    Membership,
    Membership,
    Membership,
    Membership,
    Membership,
  ];
  return { people, villageId: people[0].villageId };
}

const at = <T>(list: readonly T[], i: number): T => {
  const item = list[i];
  if (item === undefined) throw new Error(`no item ${i}`);
  return item;
};

describe.each(Object.entries(SOURCES))('/points read through %s', (_, source) => {
  it('ranks members by balance with ties sharing a rank, and gives each their stars', async () => {
    const { people, villageId } = await village();
    const [secretary, xie, wang, zhang, li] = people;
    await append(villageId, [
      { memberId: xie.memberId, amount: 20, reason: '建议被采纳' },
      { memberId: wang.memberId, amount: 8, reason: '帮助邻居' },
      { memberId: zhang.memberId, amount: 8, reason: '帮助邻居' },
      { memberId: li.memberId, amount: -5, reason: '垃圾未入桶' },
    ]);
    const view = (actor: Membership) => showMemberPoints(source(), { actor, now: NOW });

    expect(await view(xie)).toMatchObject({ balance: 20, entries: 1, rank: 1, rankedAmong: 6, stars: 5 });
    // Ranks 1, 2, 2, then the secretary and 赵五 with no entries (0) at 4, and 李四 (−5) at 6.
    expect(await view(wang)).toMatchObject({ balance: 8, rank: 2, stars: 4 });
    expect(await view(zhang)).toMatchObject({ balance: 8, rank: 2, stars: 4 });
    expect(await view(secretary)).toMatchObject({ balance: 0, entries: 0, rank: 4, stars: 1, recent: [] });
    expect(await view(li)).toMatchObject({ balance: -5, entries: 1, rank: 6, stars: 1 });
  });

  it('lists the last 10 entries newest first, with the village day and the short hash', async () => {
    const { people, villageId } = await village();
    const xie = people[1];
    for (let i = 1; i <= 12; i++) {
      // 20:00 in Shanghai on 11-(17+i) is 12:00 UTC: the day shown is Shanghai's.
      await append(
        villageId,
        [{ memberId: xie.memberId, amount: i, reason: `第${i}次` }],
        new Date(Date.UTC(2026, 10, 17 + i, 12)),
      );
    }
    const points = await showMemberPoints(source(), { actor: xie, now: NOW });
    expect(points.balance).toBe(78);
    expect(points.entries).toBe(12);
    expect(points.recent).toHaveLength(10);
    const stored = await prisma.ledgerEntry.findFirstOrThrow({ where: { villageId, sequence: 12 } });
    expect(points.recent[0]).toEqual({
      sequence: 12,
      amount: 12,
      reason: '第12次',
      date: '11-29',
      hash: stored.hash.slice(0, 8),
    });
    expect(points.recent.map((entry) => entry.sequence)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
  });

  it('totals the entries recorded to a household and ranks it among households', async () => {
    const { people, villageId } = await village();
    const [, xie, wang, zhang] = people;
    // 王秀英 lives with 谢启富 now; her earlier entry stays with the household it was recorded to.
    const xieHome = (await prisma.member.findUniqueOrThrow({ where: { id: xie.memberId } })).householdId;
    const wangHome = (await prisma.member.findUniqueOrThrow({ where: { id: wang.memberId } })).householdId;
    await append(villageId, [{ memberId: wang.memberId, householdId: wangHome, amount: 3, reason: 'x' }]);
    await prisma.member.update({ where: { id: wang.memberId }, data: { householdId: xieHome } });
    await append(villageId, [
      { memberId: xie.memberId, householdId: xieHome, amount: 8, reason: 'x' },
      { memberId: wang.memberId, householdId: xieHome, amount: 8, reason: 'x' },
      { memberId: zhang.memberId, householdId: null, amount: 50, reason: 'x' },
    ]);
    const xieView = await showMemberPoints(source(), { actor: xie, now: NOW });
    // Households with active members (the secretary named none): 谢启富家 (two members), 张三家, 李四家,
    // 赵五家; 王秀英家, where nobody lives now, is not ranked.
    expect(xieView.household).toEqual({ name: '谢启富家', total: 16, rank: 1, rankedAmong: 4 });
    const wangNow = await findMembership(prisma, 3n);
    expect((await showMemberPoints(source(), { actor: wangNow, now: NOW })).household).toEqual(
      xieView.household,
    );
    // An entry recorded to no household counts for the member only.
    const zhangView = await showMemberPoints(source(), { actor: zhang, now: NOW });
    expect(zhangView).toMatchObject({ balance: 50, rank: 1, household: { total: 0, rank: 2 } });
  });

  it("never counts another village's entries; a member of two villages sees each village's own", async () => {
    const { people, villageId } = await village();
    const xie = people[1];
    // 谢启富 also joins 西村, where he is the only villager besides its secretary.
    await syncUser(prisma, { id: 90, first_name: '西村书记' });
    const west = await createVillage(prisma, {
      name: '西村',
      creatorUserId: 90n,
      adminIds: [90n],
      joinApproval: false,
    });
    await joinVillage(prisma, { userId: 2n, inviteCode: west.inviteCode });
    for (const text of ['谢启富', '谢家西院']) {
      const membership = await findMembership(prisma, 2n, west.villageId);
      if (!membership) throw new Error('not joined');
      await answerOnboarding(prisma, { membership, text });
    }
    const xieWest = await findMembership(prisma, 2n, west.villageId);
    if (!xieWest) throw new Error('not joined');
    const westSecretary = await findMembership(prisma, 90n, west.villageId);
    if (!westSecretary) throw new Error('no secretary');
    await append(villageId, [
      { memberId: xie.memberId, amount: 8, reason: 'east' },
      { memberId: people[2].memberId, amount: 30, reason: 'east' },
    ]);
    await append(west.villageId, [
      { memberId: xieWest.memberId, amount: 100, reason: 'west' },
      { memberId: westSecretary.memberId, amount: 5, reason: 'west' },
    ]);

    const east = await showMemberPoints(source(), { actor: xie, now: NOW });
    expect(east).toMatchObject({ balance: 8, rank: 2, rankedAmong: 6 });
    expect(east.recent.map((entry) => entry.reason)).toEqual(['east']);
    const westView = await showMemberPoints(source(), { actor: xieWest, now: NOW });
    expect(westView).toMatchObject({ balance: 100, rank: 1, rankedAmong: 2, stars: 5 });
    expect(westView.household).toEqual({ name: '谢家西院', total: 0, rank: 1, rankedAmong: 1 });

    const eastTop = await listTopEarners(source(), { actor: xie, period: 'all', now: NOW });
    expect(eastTop.shown.map((row) => [row.realName, row.points])).toEqual([
      ['王秀英', 30],
      ['谢启富', 8],
    ]);
    const westTop = await listTopEarners(source(), { actor: xieWest, period: 'all', now: NOW });
    expect(westTop.shown.map((row) => [row.number, row.points])).toEqual([
      [xieWest.number, 100],
      [1, 5],
    ]);
  });
});

describe.each(Object.entries(SOURCES))('/top read through %s', (_, source) => {
  it('ranks all time with ties, leaves out members with nothing to show, and gives the asker', async () => {
    const { people, villageId } = await village();
    const [secretary, xie, wang, zhang, li, zhao] = people;
    await append(villageId, [
      { memberId: xie.memberId, amount: 20, reason: 'x' },
      { memberId: wang.memberId, amount: 8, reason: 'x' },
      { memberId: zhang.memberId, amount: 8, reason: 'x' },
      { memberId: li.memberId, amount: -5, reason: 'x' },
      { memberId: zhao.memberId, amount: 5, reason: 'x' },
      { memberId: zhao.memberId, amount: -5, reason: 'x' },
    ]);
    const top = await listTopEarners(source(), { actor: secretary, period: 'all', now: NOW });
    expect(top.shown.map((row) => [row.rank, row.number, row.realName, row.points])).toEqual([
      [1, xie.number, '谢启富', 20],
      [2, wang.number, '王秀英', 8],
      [2, zhang.number, '张三', 8],
    ]);
    expect(top).toMatchObject({ period: 'all', moreTied: 0, asker: undefined, askerShown: false });
    expect((await listTopEarners(source(), { actor: zhang, period: 'all', now: NOW })).askerShown).toBe(true);
  });

  it("counts only this week's or this month's entries, in the village's time zone", async () => {
    const { people, villageId } = await village();
    const [secretary, xie, wang] = people;
    // Sunday 11-29 23:00 in Shanghai: last week. Monday 11-30 01:00 in Shanghai: this week.
    await append(
      villageId,
      [{ memberId: xie.memberId, amount: 50, reason: 'x' }],
      new Date('2026-11-29T15:00:00Z'),
    );
    await append(
      villageId,
      [{ memberId: wang.memberId, amount: 5, reason: 'x' }],
      new Date('2026-11-29T17:00:00Z'),
    );
    await append(
      villageId,
      [{ memberId: xie.memberId, amount: 2, reason: 'x' }],
      new Date('2026-11-30T02:00:00Z'),
    );
    // October: neither this week nor this month.
    await append(
      villageId,
      [{ memberId: secretary.memberId, amount: 100, reason: 'x' }],
      new Date(NOW.getTime() - 40 * DAY),
    );

    const rows = async (period: 'week' | 'month' | 'all') =>
      (await listTopEarners(source(), { actor: wang, period, now: NOW })).shown.map((row) => [
        row.rank,
        row.realName,
        row.points,
      ]);
    expect(await rows('week')).toEqual([
      [1, '王秀英', 5],
      [2, '谢启富', 2],
    ]);
    expect(await rows('month')).toEqual([
      [1, '谢启富', 52],
      [2, '王秀英', 5],
    ]);
    expect((await rows('all'))[0]).toEqual([1, '李书记', 100]);
  });

  it('takes everyone tied at place 10 and gives an asker below the top their own place', async () => {
    const people = Array.from({ length: 15 }, (_, i) => [10 + i, `村民${i + 1}`] as const);
    const { member } = await createTestVillage(prisma, people);
    const members = await Promise.all(people.map(([id]) => member(id)));
    const villageId = at(members, 0).villageId;
    // 村民1 … 村民9 have 90 … 10 points; 村民10 … 村民12 are tied with 5; 村民13 has 3; 村民14, 15 have none.
    const points = [90, 80, 70, 60, 50, 40, 30, 20, 10, 5, 5, 5, 3];
    await append(
      villageId,
      points.map((amount, i) => ({ memberId: at(members, i).memberId, amount, reason: 'x' })),
    );
    const top = await listTopEarners(source(), { actor: at(members, 12), period: 'all', now: NOW });
    expect(top.shown.map((row) => row.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]);
    expect(top.asker).toMatchObject({ realName: '村民13', rank: 13, points: 3 });
    const unranked = await listTopEarners(source(), { actor: at(members, 14), period: 'all', now: NOW });
    expect(unranked).toMatchObject({ asker: undefined, askerShown: false });
  });
});

describe('a village of 2,000 members and 100,000 entries', () => {
  it('ranks and totals exactly as the ledger sums them', async () => {
    const { people, villageId } = await village();
    const asker = people[1];
    // Bulk data straight into the tables (hashes need not chain for ranking): one statement each.
    await prisma.$executeRaw`
      INSERT INTO "User" (id, "firstName", "updatedAt")
      SELECT 5000000 + g, 'bulk' || g, now() FROM generate_series(1, 2000) g`;
    await prisma.$executeRaw`
      INSERT INTO "Household" ("villageId", number, name)
      SELECT ${villageId}, 1000 + g, 'bulk home ' || g FROM generate_series(1, 500) g`;
    await prisma.$executeRaw`
      INSERT INTO "Member" ("villageId", "userId", number, "realName", "householdId", status)
      SELECT ${villageId}, 5000000 + g, 1000 + g, 'bulk' || g, h.id,
             CASE WHEN g % 100 = 0 THEN 'LEFT'::"MemberStatus" ELSE 'ACTIVE'::"MemberStatus" END
      FROM generate_series(1, 2000) g
      JOIN "Household" h ON h."villageId" = ${villageId} AND h.number = 1000 + 1 + g % 500`;
    await prisma.$executeRaw`
      INSERT INTO "RoleGrant" ("memberId", role)
      SELECT id, 'VILLAGER' FROM "Member" WHERE "villageId" = ${villageId} AND number > 1000`;
    // Amounts from −5 to +17, spread over the last 60 days, members chosen by a fixed stride.
    await prisma.$executeRaw`
      INSERT INTO "LedgerEntry" ("villageId", sequence, "memberId", "householdId", amount, reason, "prevHash", hash, "createdAt")
      SELECT ${villageId}, g, m.id, m."householdId", (g * 7919 % 23) - 5, 'bulk',
             md5(g::text), md5(g::text) || md5((-g)::text), ${NOW}::timestamp - (g % 60) * interval '1 day'
      FROM generate_series(1, 100000) g
      JOIN "Member" m ON m."villageId" = ${villageId} AND m.number = 1000 + 1 + (g * 31 % 2000)`;
    await prisma.$executeRaw`ANALYZE`;

    // The truth, summed from the ledger itself.
    const sums = await prisma.$queryRaw<{ memberId: number; total: number; status: string }[]>`
      SELECT m.id AS "memberId", COALESCE(sum(e.amount), 0)::int AS total, m.status::text AS status
      FROM "Member" m LEFT JOIN "LedgerEntry" e ON e."memberId" = m.id
      WHERE m."villageId" = ${villageId} GROUP BY m.id`;
    const active = sums.filter((row) => row.status === 'ACTIVE');
    const bulkAsker = await findMembership(prisma, 5_000_007n);
    if (!bulkAsker) throw new Error('no bulk member');
    const mine = sums.find((row) => row.memberId === bulkAsker.memberId)?.total ?? NaN;

    for (const read of Object.values(SOURCES)) {
      const points = await showMemberPoints(read(), { actor: bulkAsker, now: NOW });
      expect(points.balance).toBe(mine);
      expect(points.rankedAmong).toBe(active.length);
      expect(points.rank).toBe(1 + active.filter((row) => row.total > mine).length);
      expect(points.recent).toHaveLength(10);

      const top = await listTopEarners(read(), { actor: bulkAsker, period: 'all', now: NOW });
      const expected = active
        .filter((row) => row.total > 0)
        .map((row) => ({ memberId: row.memberId, total: row.total }))
        .sort((a, b) => b.total - a.total);
      const rankOf = (total: number) => 1 + expected.filter((row) => row.total > total).length;
      expect(top.shown.map((row) => row.points)).toEqual(
        expected
          .filter((row) => rankOf(row.total) <= 10)
          .map((row) => row.total)
          .slice(0, 30),
      );
      expect(top.shown.every((row) => row.rank === rankOf(row.points))).toBe(true);
      if (top.asker) expect(top.asker).toMatchObject({ points: mine, rank: rankOf(mine) });
    }

    // The trigger's running totals agree with the ledger, member by member and household by household.
    const drift = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT "memberId", sum(amount)::int AS total, count(*)::int AS entries FROM "LedgerEntry"
        WHERE "villageId" = ${villageId} GROUP BY "memberId"
      ) s FULL JOIN (SELECT * FROM "MemberPoints" WHERE "villageId" = ${villageId}) p ON p."memberId" = s."memberId"
      WHERE p.balance IS DISTINCT FROM s.total OR p.entries IS DISTINCT FROM s.entries`;
    expect(drift).toEqual([{ n: 0 }]);
    const householdDrift = await prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT "householdId", sum(amount)::int AS total FROM "LedgerEntry"
        WHERE "villageId" = ${villageId} AND "householdId" IS NOT NULL GROUP BY "householdId"
      ) s FULL JOIN (SELECT * FROM "HouseholdPoints" WHERE "villageId" = ${villageId}) p
        ON p."householdId" = s."householdId"
      WHERE p.total IS DISTINCT FROM s.total`;
    expect(householdDrift).toEqual([{ n: 0 }]);

    // This week (Monday 11-30 in Shanghai): only entries made today count.
    const week = await listTopEarners(sql, { actor: bulkAsker, period: 'week', now: NOW });
    const weekSums = await prisma.$queryRaw<{ total: number }[]>`
      SELECT sum(e.amount)::int AS total FROM "LedgerEntry" e JOIN "Member" m ON m.id = e."memberId"
      WHERE e."villageId" = ${villageId} AND e."createdAt" >= ${new Date('2026-11-29T16:00:00Z')}
        AND m.status = 'ACTIVE'
      GROUP BY e."memberId" HAVING sum(e.amount) > 0 ORDER BY 1 DESC LIMIT 1`;
    expect(week.shown[0]?.points).toBe(weekSums[0]?.total);
    expect(asker.villageId).toBe(villageId);
  }, 120_000);
});
