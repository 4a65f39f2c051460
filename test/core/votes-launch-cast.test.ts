import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db, PrismaClient } from '../../core/db/client.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BallotChoice, castBallot } from '../../core/votes/cast-ballot.ts';
import { launchVote } from '../../core/votes/launch-vote.ts';
import type { VoteDraft } from '../../core/votes/vote-types.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';

const prisma: PrismaClient = testPrisma({ maxConnections: 12 });
const SECRETARY = 1001n;
const NOW = new Date('2026-12-01T02:00:00Z');

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

/**
 * A village whose secretary (user 1001) is member 1, and villagers 2…n+1 (users 2…n+1), active, two to
 * a household; plus a newcomer who has not finished joining.
 */
async function village(villagers: number, name = '友谊村', secretary = SECRETARY) {
  await syncUser(prisma, { id: Number(secretary), first_name: '李书记' });
  const { villageId } = await createVillage(prisma, {
    name,
    creatorUserId: secretary,
    adminIds: [secretary],
    joinApproval: false,
  });
  for (let i = 0; i < villagers; i++) {
    const userId = BigInt(secretary === SECRETARY ? 2 + i : Number(secretary) + 1 + i);
    await syncUser(prisma, { id: Number(userId), first_name: `村民${i}` });
    const household = await prisma.household.upsert({
      where: { villageId_name: { villageId, name: `第${Math.floor(i / 2)}户` } },
      create: { villageId, name: `第${Math.floor(i / 2)}户`, number: 100 + Math.floor(i / 2) },
      update: {},
    });
    await prisma.member.create({
      data: {
        villageId,
        userId,
        number: 10 + i,
        realName: `村民${i}`,
        householdId: household.id,
        status: 'ACTIVE',
        roles: { create: { role: 'VILLAGER' } },
      },
    });
  }
  return villageId;
}

async function as(userId: number | bigint, villageId?: number): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId), villageId);
  if (!found) throw new Error(`no membership for ${userId}`);
  return found;
}

const inTx = <T>(work: (tx: Db) => Promise<T>) => prisma.$transaction((tx) => work(tx));

async function launch(draft: Partial<VoteDraft> = {}, actor?: Membership) {
  const secretary = actor ?? (await as(SECRETARY));
  return inTx((tx) =>
    launchVote(tx, {
      actor: secretary,
      now: NOW,
      draft: {
        title: '禁止大操大办婚前宴',
        body: '本村不再办婚前宴，喜事新办。',
        kind: 'NEW_RULE',
        ...draft,
      },
    }),
  );
}

async function cast(userId: number, voteNumber: number, choice: BallotChoice, forMemberNumber?: number) {
  const actor = await as(userId);
  return inTx((tx) =>
    castBallot(tx, { actor, voteNumber, choice, ...(forMemberNumber !== undefined && { forMemberNumber }) }),
  );
}

describe('launching a vote', () => {
  it('fixes the electorate of active members, the default options and the timers', async () => {
    const villageId = await village(4);
    await syncUser(prisma, { id: 99, first_name: '新来的' });
    await prisma.member.create({ data: { villageId, userId: 99n, number: 99, status: 'AWAITING_NAME' } });

    const launched = await launch();
    expect(launched.number).toBe(1);
    expect(launched.electorateSize).toBe(5); // the secretary and four villagers; not the newcomer
    expect(launched.electorMemberIds).toHaveLength(5);
    expect(launched.closesAt.toISOString()).toBe('2026-12-06T02:00:00.000Z');
    expect(launched.reminderAt?.toISOString()).toBe('2026-12-05T02:00:00.000Z');
    const vote = await prisma.vote.findUniqueOrThrow({
      where: { id: launched.voteId },
      include: { options: { orderBy: { position: 'asc' } } },
    });
    expect(vote.options.map((option) => [option.position, option.meaning, option.label])).toEqual([
      [1, 'FOR', null],
      [2, 'AGAINST', null],
      [3, 'ABSTAIN', null],
    ]);
    expect(vote).toMatchObject({
      secret: false,
      ballotKey: null,
      quorumPercent: null,
      threshold: 'MAJORITY',
    });
    expect((await launch({ durationMinutes: 120 })).reminderAt).toBeNull();
  });

  it('is the secretary’s: a villager or a cadre is refused, and nothing is written', async () => {
    await village(2);
    const cadre = await as(2);
    await grantRole(prisma, { actor: await as(SECRETARY), memberNumber: cadre.number, role: 'CADRE' });
    expect(await refusalOf(launch({}, await as(2)))).toBe('forbidden');
    expect(await refusalOf(launch({}, await as(3)))).toBe('forbidden');
    expect(await prisma.vote.count()).toBe(0);
  });

  it('checks what it changes: a missing or repealed rule, a points rule that exists or not, a bad list', async () => {
    const villageId = await village(2);
    expect(await refusalOf(launch({ kind: 'AMEND_RULE', ruleNumber: 4 }))).toBe('vote-rule-not-found');
    await prisma.rule.create({ data: { villageId, number: 4, title: '旧规', currentVersion: 1 } });
    expect(await refusalOf(launch({ kind: 'AMEND_RULE', ruleNumber: 4 }))).toBe('ok');
    const adopting = await prisma.vote.findFirstOrThrow({ where: { ruleNumber: 4 } });
    await prisma.rule.update({
      where: { villageId_number: { villageId, number: 4 } },
      data: { repealedAt: NOW, repealedByVoteId: adopting.id },
    });
    expect(await refusalOf(launch({ kind: 'REPEAL_RULE', ruleNumber: 4 }))).toBe('vote-rule-repealed');
    const { code, points } = await prisma.pointRule.findFirstOrThrow({
      where: { villageId, retiredAt: null },
    });
    expect(
      await refusalOf(
        launch({
          kind: 'POINT_RULE',
          pointRuleChange: { action: 'add', code, points: 3, descriptionZh: '重复', descriptionEn: 'again' },
        }),
      ),
    ).toBe('point-rule-exists');
    expect(
      await refusalOf(launch({ kind: 'POINT_RULE', pointRuleChange: { action: 'edit', code, points } })),
    ).toBe('point-rule-unchanged');
    expect(
      await refusalOf(
        launch({ kind: 'POINT_RULE', pointRuleChange: { action: 'retire', code: 'no-such-rule' } }),
      ),
    ).toBe('point-rule-not-found');
    expect(await refusalOf(launch({ electorate: 'LIST', listMemberNumbers: [10, 77] }))).toBe(
      'vote-list-invalid',
    );
    expect(await refusalOf(launch({ talkItemNumber: 5 }))).toBe('talk-not-found');
    expect(await prisma.vote.count()).toBe(1);
  });

  it('one vote per household: the electorate counts households, and a named list only its members', async () => {
    await village(4); // households 第0户 (members 10, 11) and 第1户 (12, 13); the secretary has none: a household of one
    const households = await launch({ electorate: 'HOUSEHOLDS' });
    expect(households.electorateSize).toBe(3);
    expect(households.electorMemberIds).toHaveLength(5);
    const list = await launch({ electorate: 'LIST', listMemberNumbers: [10, 13, 13] });
    expect(list.electorateSize).toBe(2);
  });
});

describe('casting a ballot', () => {
  it('confirms the choice with a receipt; a change replaces the ballot and the latest counts', async () => {
    await village(2);
    const { voteId, number } = await launch();
    const first = await cast(2, number, { meaning: 'FOR' });
    expect(first).toMatchObject({ position: 1, meaning: 'FOR', changed: false, proxyByMemberId: null });
    expect(first.receipt).toMatch(/^[A-Z2-7]{10}$/);
    const second = await cast(2, number, { position: 2 });
    expect(second).toMatchObject({ position: 2, meaning: 'AGAINST', changed: true });
    expect(second.receipt).not.toBe(first.receipt);
    const ballots = await prisma.voteBallot.findMany({ where: { voteId } });
    expect(ballots).toEqual([
      { voteId, pseudonym: `m${second.castForMemberId}`, position: 2, receipt: second.receipt },
    ]);
    expect(await prisma.voteParticipation.findMany({ where: { voteId } })).toMatchObject([{ casts: 2 }]);
    expect(await refusalOf(cast(2, number, { position: 7 }))).toBe('vote-option-unknown');
    expect(await refusalOf(cast(2, 42, { meaning: 'FOR' }))).toBe('vote-not-found');
  });

  it('one vote per household: two members replace each other’s ballot', async () => {
    await village(2); // users 2 and 3 share 第0户
    const { voteId, number } = await launch({ electorate: 'HOUSEHOLDS' });
    await cast(2, number, { meaning: 'FOR' });
    const second = await cast(3, number, { meaning: 'AGAINST' });
    expect(second.changed).toBe(true);
    const [participation, ...others] = await prisma.voteParticipation.findMany({ where: { voteId } });
    expect(others).toEqual([]);
    expect(participation).toMatchObject({ casts: 2, castById: second.castForMemberId });
    expect(await prisma.voteBallot.findMany({ where: { voteId }, select: { position: true } })).toEqual([
      { position: 2 },
    ]);
  });

  it('refuses a newcomer who joined after the launch, a member of another village, and a closed vote', async () => {
    const villageId = await village(2);
    const { voteId, number } = await launch();
    await syncUser(prisma, { id: 50, first_name: '后来的' });
    await prisma.member.create({
      data: {
        villageId,
        userId: 50n,
        number: 50,
        realName: '后来的',
        status: 'ACTIVE',
        roles: { create: { role: 'VILLAGER' } },
      },
    });
    expect(await refusalOf(cast(50, number, { meaning: 'FOR' }))).toBe('vote-not-elector');

    // A secretary of another village launches vote 1 there; this village's vote 1 is not theirs to vote in.
    const otherVillage = await village(0, '和平村', 2001n);
    const other = await as(2001n, otherVillage);
    const otherVote = await launch({}, other);
    expect(otherVote.number).toBe(1);
    await cast(2001, 1, { meaning: 'AGAINST' });
    expect(await prisma.voteParticipation.count({ where: { voteId } })).toBe(0);

    await prisma.vote.update({
      where: { id: voteId },
      data: { closesAt: new Date(Date.now() - 1000), opensAt: new Date(Date.now() - 60_000) },
    });
    expect(await refusalOf(cast(2, number, { meaning: 'FOR' }))).toBe('vote-closed');
    await prisma.vote.update({
      where: { id: voteId },
      data: { status: 'CLOSED', result: 'REJECTED', closedAt: new Date(), turnout: 0 },
    });
    expect(await refusalOf(cast(2, number, { meaning: 'FOR' }))).toBe('vote-closed');
    expect(await prisma.voteBallot.count({ where: { voteId } })).toBe(0);
  });

  it('secret: the ballot is stored under an HMAC of the holder, never the holder', async () => {
    await village(2);
    const { voteId, number } = await launch({ secret: true });
    const ballot = await cast(2, number, { meaning: 'FOR' });
    expect(ballot.secret).toBe(true);
    const [row] = await prisma.voteBallot.findMany({ where: { voteId } });
    expect(row?.pseudonym).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(row?.pseudonym).not.toBe(`m${ballot.castForMemberId}`);
    // The same holder maps to the same pseudonym while the key lives: a change replaces, never adds.
    await cast(2, number, { meaning: 'ABSTAIN' });
    expect(await prisma.voteBallot.count({ where: { voteId } })).toBe(1);
  });

  it('by proxy: a cadre votes for a villager, whose own vote replaces it; never the other way round', async () => {
    await village(3);
    await grantRole(prisma, { actor: await as(SECRETARY), memberNumber: 10, role: 'CADRE' });
    const { voteId, number } = await launch();
    expect(await refusalOf(cast(3, number, { meaning: 'FOR' }, 12))).toBe('forbidden');
    expect(await refusalOf(cast(2, number, { meaning: 'FOR' }, 10))).toBe('vote-proxy-self');
    expect(await refusalOf(cast(2, number, { meaning: 'FOR' }, 404))).toBe('member-not-found');

    const byProxy = await cast(2, number, { meaning: 'FOR' }, 11);
    const villager = await as(3);
    const cadre = await as(2);
    expect(byProxy).toMatchObject({ castForMemberId: villager.memberId, proxyByMemberId: cadre.memberId });
    const own = await cast(3, number, { meaning: 'AGAINST' });
    expect(own.changed).toBe(true);
    expect(await prisma.voteParticipation.findFirstOrThrow({ where: { voteId } })).toMatchObject({
      castById: villager.memberId,
      proxyById: null,
      casts: 2,
    });
    expect(await refusalOf(cast(2, number, { meaning: 'FOR' }, 11))).toBe('vote-proxy-voted-in-person');
    expect(await prisma.voteBallot.findMany({ where: { voteId }, select: { position: true } })).toEqual([
      { position: 2 },
    ]);
  });

  it('many voters at once: every ballot counted once', async () => {
    await village(40);
    const { voteId, number } = await launch();
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => cast(2 + i, number, { meaning: i % 3 === 0 ? 'AGAINST' : 'FOR' })),
    );
    expect(await prisma.voteParticipation.count({ where: { voteId } })).toBe(40);
    expect(await prisma.voteBallot.count({ where: { voteId, position: 2 } })).toBe(14);
  });
});
