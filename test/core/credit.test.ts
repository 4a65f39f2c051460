import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCreditLine, loadMemberCredit, loadVillageScores } from '../../core/credit/load-credit.ts';
import { setLoanTable } from '../../core/credit/loan-settings.ts';
import { addNegativeEntry, removeNegativeEntry } from '../../core/credit/negative-list.ts';
import { createDatabase, type PrismaClient, type SqlReader } from '../../core/db/client.ts';
import { seedDemoVillage } from '../../core/demo/seed-demo-village.ts';
import type { Membership } from '../../core/members/membership.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { resetDatabase, testDatabaseUrl } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { createTestCall, minutesFromNow } from '../support/volunteer-fixture.ts';

/**
 * The credit score and the loan table on a real database: ten villagers in ten households (the
 * secretary has none), household points as in the seeds (583, 483 …), the top 20% with a tie at the cut,
 * the negative list lowering a score (only the secretary keeps it), read through Prisma and plain SQL.
 */
const { prisma, sql }: { prisma: PrismaClient; sql: SqlReader } = createDatabase(testDatabaseUrl());

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

const NAMES = ['谢启富', '李文培', '王秀英', '张三', '李四', '赵五', '钱六', '孙七', '周八', '吴九'] as const;
/** Household points of members 2–11, in order. */
const POINTS = [483, 583, 483, 300, 120, 90, 60, 20, 5, 0] as const;

async function seededVillage() {
  const { member } = await createTestVillage(
    prisma,
    NAMES.map((name, index) => [index + 2, name] as const),
  );
  const people = await Promise.all(Array.from({ length: 11 }, (_, index) => member(index + 1)));
  const secretary = people[0] as Membership;
  const rows = await prisma.member.findMany({
    where: { villageId: secretary.villageId },
    select: { id: true, number: true, householdId: true },
  });
  const entries = rows
    .filter((row) => row.number >= 2 && (POINTS[row.number - 2] ?? 0) > 0)
    .map((row) => ({
      memberId: row.id,
      householdId: row.householdId,
      amount: POINTS[row.number - 2] ?? 0,
      reason: '村务积分',
    }));
  await prisma.$transaction((tx) => appendLedgerEntries(tx, secretary.villageId, entries));
  return { people, secretary, villageId: secretary.villageId };
}

const SOURCES = { prisma: () => prisma, 'plain SQL': () => sql } as const;

describe.each(Object.entries(SOURCES))('credit read through %s', (_, source) => {
  it('makes the top 20% of households eligible, every household tied at the cut included', async () => {
    const { villageId } = await seededVillage();
    const line = await loadCreditLine(source(), villageId);
    expect(line.table).toEqual({ stepPoints: 100, stepHundredths: 10, capHundredths: 100, topPercent: 20 });
    expect(line.households).toHaveLength(10);
    // 10 households: ceil(2.0) = 2 places; two households of 483 share the second.
    const eligible = line.households.filter((household) => household.isEligible);
    expect(
      eligible.map((household) => [
        household.name,
        household.total,
        household.rank,
        household.discountHundredths,
      ]),
    ).toEqual([
      ['李文培家', 583, 1, 58],
      ['谢启富家', 483, 2, 48],
      ['王秀英家', 483, 2, 48],
    ]);
    expect(eligible[0]?.members).toBe('李文培');
  });

  it("shows a member their score, stars, and their household's discount and eligibility", async () => {
    const { people } = await seededVillage();
    const li = people[2] as Membership;
    const credit = await loadMemberCredit(source(), { actor: li });
    expect(credit.number).toBe(3);
    // Named, with a household, joined today; nothing else recorded yet: the middle for the rest.
    expect(credit.score).toEqual({
      activity: 0,
      fulfilment: 100,
      identity: 120,
      behaviour: 200,
      social: 100,
      negative: 0,
      total: 520,
    });
    expect(credit.household).toMatchObject({
      name: '李文培家',
      total: 583,
      discountHundredths: 58,
      isEligible: true,
    });
    const wu = await loadMemberCredit(source(), { actor: people[10] as Membership });
    expect(wu.household).toMatchObject({ total: 0, discountHundredths: 0, isEligible: false });
  });
});

describe('what the score counts', () => {
  it('counts talk, shifts, no-shows, tasks and ratings received where each belongs', async () => {
    const { people, secretary, villageId } = await seededVillage();
    const xie = people[1] as Membership;
    const wang = people[3] as Membership;
    // Two shifts that have ended: Xie came to the first (scored 5) and not to the second (no-show).
    const call = await createTestCall(prisma, {
      villageId,
      createdById: secretary.memberId,
      shifts: [
        { startsAt: minutesFromNow(-300), endsAt: minutesFromNow(-240), capacity: 5 },
        { startsAt: minutesFromNow(-180), endsAt: minutesFromNow(-120), capacity: 5 },
      ],
    });
    const [first = 0, second = 0] = call.shiftIds;
    await prisma.signUp.createMany({
      data: [
        {
          villageId,
          shiftId: first,
          memberId: xie.memberId,
          status: 'CONFIRMED',
          startsAt: minutesFromNow(-300),
          endsAt: minutesFromNow(-240),
          checkInAt: minutesFromNow(-300),
          score: 5,
        },
        {
          villageId,
          shiftId: second,
          memberId: xie.memberId,
          status: 'CONFIRMED',
          startsAt: minutesFromNow(-180),
          endsAt: minutesFromNow(-120),
          noShow: true,
        },
      ],
    });
    // A talk item Xie raised and commented on, handled as Xie's task, done on time and rated 4 stars;
    // Wang's comment counts for Wang, not Xie.
    const item = await prisma.talkItem.create({
      data: {
        villageId,
        number: 1,
        raiserId: xie.memberId,
        category: 'FACILITY',
        text: '路灯坏了',
        status: 'RATED',
      },
    });
    await prisma.talkComment.createMany({
      data: [
        { itemId: item.id, authorId: xie.memberId, text: '东头第三盏' },
        { itemId: item.id, authorId: wang.memberId, text: '我家门口也是' },
      ],
    });
    await prisma.talkTask.create({
      data: {
        itemId: item.id,
        round: 1,
        assigneeId: xie.memberId,
        assignedById: secretary.memberId,
        dueAt: minutesFromNow(60),
        status: 'DONE',
        doneAt: minutesFromNow(-10),
      },
    });
    await prisma.talkRating.create({
      data: { itemId: item.id, round: 1, raterId: wang.memberId, stars: 4, outcome: 'RESOLVED' },
    });

    const credit = await loadMemberCredit(sql, { actor: xie });
    expect(credit.facts).toMatchObject({
      talkItems: 1,
      comments: 1,
      votesCast: 0,
      shiftsAttended: 1,
      shiftsPromised: 2,
      noShows: 1,
      tasksPromised: 1,
      tasksOnTime: 1,
      ratingsSum: 9,
      ratingsCount: 2,
      pointsDeducted: 0,
    });
    // 10 + 5 + 20; 2 kept of 3 promised; 120; 200 − 20; 50 × (4.5 − 1).
    expect(credit.score).toMatchObject({
      activity: 35,
      fulfilment: 133,
      identity: 120,
      behaviour: 180,
      social: 175,
    });
    expect(credit.score.total).toBe(643);
    expect((await loadMemberCredit(sql, { actor: wang })).facts).toMatchObject({ comments: 1, talkItems: 0 });
  });
});

describe('the negative list', () => {
  it('lowers a score by its points until removed, and counts deductions under behaviour', async () => {
    const { people, secretary, villageId } = await seededVillage();
    const xie = people[1] as Membership;
    const before = await loadMemberCredit(prisma, { actor: xie });
    const added = await prisma.$transaction((tx) =>
      addNegativeEntry(tx, {
        actor: secretary,
        memberNumber: 2,
        points: 150,
        reason: '缠访闹访，经村民代表会议认定',
      }),
    );
    expect(added).toMatchObject({ memberId: xie.memberId, memberNumber: 2, points: 150 });
    const after = await loadMemberCredit(sql, { actor: xie });
    expect(after.score.total).toBe(before.score.total - 150);
    expect(after.negatives.map((entry) => [entry.id, entry.points, entry.reason])).toEqual([
      [added.id, 150, '缠访闹访，经村民代表会议认定'],
    ]);
    // The villagers keep 520 and the secretary (no household) 460; Xie, at 370, is last: two stars.
    expect(after.stars).toBe(2);
    expect(after.rank).toBe(11);

    await prisma.$transaction((tx) =>
      appendLedgerEntries(tx, villageId, [{ memberId: xie.memberId, amount: -5, reason: '垃圾未入桶' }]),
    );
    expect((await loadMemberCredit(prisma, { actor: xie })).score.behaviour).toBe(190);

    await prisma.$transaction((tx) => removeNegativeEntry(tx, { actor: secretary, id: added.id }));
    const removed = await loadMemberCredit(prisma, { actor: xie });
    expect(removed.score.negative).toBe(0);
    expect(removed.negatives).toEqual([]);
    expect(await refusalOf(removeNegativeEntry(prisma, { actor: secretary, id: added.id }))).toBe(
      'credit-negative-not-found',
    );
    const audit = await prisma.auditEvent.findMany({
      where: { villageId, action: { startsWith: 'credit.negative' } },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((event) => [event.action, event.actorId])).toEqual([
      ['credit.negative-add', secretary.memberId],
      ['credit.negative-remove', secretary.memberId],
    ]);
  });

  it('is kept only by the secretary, and only the secretary reads another member’s credit', async () => {
    const { people, secretary } = await seededVillage();
    const xie = people[1] as Membership;
    expect(
      await refusalOf(
        addNegativeEntry(prisma, { actor: xie, memberNumber: 3, points: 10, reason: '看他不顺眼' }),
      ),
    ).toBe('forbidden');
    const added = await addNegativeEntry(prisma, {
      actor: secretary,
      memberNumber: 3,
      points: 100,
      reason: '违约',
    });
    expect(await refusalOf(removeNegativeEntry(prisma, { actor: xie, id: added.id }))).toBe('forbidden');
    expect(await refusalOf(loadMemberCredit(prisma, { actor: xie, memberNumber: 3 }))).toBe('forbidden');
    expect((await loadMemberCredit(prisma, { actor: secretary, memberNumber: 3 })).score.negative).toBe(100);
    expect(
      await refusalOf(
        addNegativeEntry(prisma, { actor: secretary, memberNumber: 3, points: 0, reason: '违约' }),
      ),
    ).toBe('credit-negative-invalid');
    expect(
      await refusalOf(
        addNegativeEntry(prisma, { actor: secretary, memberNumber: 3, points: 5, reason: 'x'.repeat(201) }),
      ),
    ).toBe('credit-negative-invalid');
    expect(
      await refusalOf(
        addNegativeEntry(prisma, { actor: secretary, memberNumber: 99, points: 5, reason: '违约' }),
      ),
    ).toBe('member-not-found');
    const scores = await loadVillageScores(prisma, secretary.villageId);
    expect(scores.at(-1)).toMatchObject({ number: 3 });
  });

  it("follows the village's loan table once the secretary changes it", async () => {
    const { people, secretary, villageId } = await seededVillage();
    expect(await refusalOf(setLoanTable(prisma, { actor: people[1], setting: { capHundredths: 50 } }))).toBe(
      'forbidden',
    );
    await setLoanTable(prisma, { actor: secretary, setting: { capHundredths: 50, topPercent: 10 } });
    const line = await loadCreditLine(prisma, villageId);
    expect(line.households[0]).toMatchObject({ total: 583, discountHundredths: 50, isEligible: true });
    // ceil(10 × 10%) = 1 place.
    expect(
      line.households.filter((household) => household.isEligible).map((household) => household.total),
    ).toEqual([583]);
  });
});

describe('the demo village', () => {
  it('scores every member from its seeded history and ranks its households for the credit line', async () => {
    const { villageId } = await seedDemoVillage(prisma);
    const scores = await loadVillageScores(sql, villageId);
    expect(scores.length).toBeGreaterThan(10);
    for (const { score } of scores) {
      expect(score.total).toBeGreaterThanOrEqual(0);
      expect(score.total).toBeLessThanOrEqual(1000);
    }
    // Its history shows: someone voted, attended a shift or was scored, so not everyone is at the start.
    expect(new Set(scores.map(({ score }) => score.total)).size).toBeGreaterThan(1);
    const line = await loadCreditLine(sql, villageId);
    const places = Math.ceil((line.households.length * 20) / 100);
    const eligible = line.households.filter((household) => household.isEligible);
    expect(eligible.length).toBeGreaterThanOrEqual(Math.min(1, places));
    for (const household of eligible) expect(household.rank).toBeLessThanOrEqual(places);
  });
});
