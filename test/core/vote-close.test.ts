import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';
import { readRulebook, readRulebookHistory } from '../../core/rules/read-rulebook.ts';
import { type BallotChoice, castBallot } from '../../core/votes/cast-ballot.ts';
import { type CloseVoteOutcome, closeVote } from '../../core/votes/close-vote.ts';
import { launchVote } from '../../core/votes/launch-vote.ts';
import { readVoteReceipts } from '../../core/votes/read-receipts.ts';
import { findVotersToRemind } from '../../core/votes/remind-voters.ts';
import type { VoteDraft } from '../../core/votes/vote-types.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/**
 * The close of a rule vote on real PostgreSQL: counted once from the ballots, whatever runs twice; the
 * quorum and the thresholds; one ballot per household; a secret vote's key destroyed and its ballots
 * no longer linkable to their voters by transaction id; the rulebook's versions and repeals; a points
 * rule changed by vote.
 */
let prisma: PrismaClient;
let village: Awaited<ReturnType<typeof createTestVillage>>;
let secretary: Membership;
let people: Membership[];
const PEOPLE = [
  [11, '张一'],
  [12, '王二'],
  [13, '李三'],
  [14, '赵四'],
  [15, '钱五'],
] as const;

beforeAll(() => {
  prisma = testPrisma();
});
afterAll(async () => {
  await prisma.$disconnect();
});
beforeEach(async () => {
  await resetDatabase(prisma);
  village = await createTestVillage(prisma, PEOPLE);
  secretary = await village.member(1);
  people = await Promise.all(PEOPLE.map(([id]) => village.member(id)));
});

const HOUR = 3_600_000;

/** A vote launched at `now` (default: the real clock; casts check the deadline with the database's). */
async function launch(draft: Partial<VoteDraft> = {}, now = new Date()) {
  return prisma.$transaction((tx) =>
    launchVote(tx, {
      actor: secretary,
      draft: { title: '禁止婚前宴请', body: '村民办婚事不办婚前宴请。', kind: 'NEW_RULE', ...draft },
      now,
    }),
  );
}

const vote = (voter: Membership, number: number, choice: BallotChoice) =>
  prisma.$transaction((tx) => castBallot(tx, { actor: voter, voteNumber: number, choice }));
const FOR = { meaning: 'FOR' } as const;
const AGAINST = { meaning: 'AGAINST' } as const;
const ABSTAIN = { meaning: 'ABSTAIN' } as const;

function close(voteId: number, now: Date): Promise<CloseVoteOutcome> {
  return prisma.$transaction((tx: Prisma.TransactionClient) => closeVote(tx, { voteId, now }));
}

async function closed(voteId: number, now: Date) {
  const outcome = await close(voteId, now);
  if (outcome.outcome !== 'closed') throw new Error(`not closed: ${outcome.outcome}`);
  return outcome;
}

describe('closing a vote', () => {
  it('waits until the deadline, then closes once: one result, one rule, later ballots refused', async () => {
    const launched = await launch();
    const [a, b, c, d] = people as [Membership, Membership, Membership, Membership];
    await vote(a, launched.number, FOR);
    await vote(b, launched.number, AGAINST);
    await vote(c, launched.number, ABSTAIN);
    await vote(d, launched.number, AGAINST);
    await vote(d, launched.number, FOR); // changed: the latest counts

    expect(await close(launched.voteId, new Date(launched.closesAt.getTime() - 1))).toEqual({
      outcome: 'wait',
      until: launched.closesAt,
    });
    const first = await closed(launched.voteId, launched.closesAt);
    expect(first).toMatchObject({
      result: 'ADOPTED',
      turnout: 4,
      electorateSize: 6,
      quorumMet: true,
      change: { kind: 'rule-added', ruleNumber: 1, version: 1 },
    });
    expect(first.counts.map((o) => [o.meaning, o.count])).toEqual([
      ['FOR', 2],
      ['AGAINST', 1],
      ['ABSTAIN', 1],
    ]);
    expect(first.voterMemberIds.sort()).toEqual([a, b, c, d].map((m) => m.memberId).sort());
    // Twice more (a retried timer, a second worker): nothing changes.
    expect(await close(launched.voteId, new Date(launched.closesAt.getTime() + HOUR))).toEqual({
      outcome: 'already-closed',
    });
    expect(await prisma.ruleVersion.count()).toBe(1);
    expect(await prisma.rule.count()).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: 'vote.closed' } })).toBe(1);
    const row = await prisma.vote.findUniqueOrThrow({ where: { id: launched.voteId } });
    expect(row).toMatchObject({ status: 'CLOSED', result: 'ADOPTED', turnout: 4 });

    // A ballot after the close is refused and changes nothing.
    const [e] = people.slice(4) as [Membership];
    expect(await refusalOf(vote(e, launched.number, AGAINST))).toBe('vote-closed');
    const options = await prisma.voteOption.findMany({
      where: { voteId: launched.voteId },
      orderBy: { position: 'asc' },
    });
    expect(options.map((o) => o.finalCount)).toEqual([2, 1, 1]);

    // The receipts add up to the counts, sorted by receipt.
    const receipts = await readVoteReceipts(prisma, { actor: e, voteNumber: launched.number });
    expect(receipts.receipts).toHaveLength(4);
    expect(receipts.receipts.map((r) => r.receipt)).toEqual(receipts.receipts.map((r) => r.receipt).sort());
    expect(await readRulebook(prisma, { actor: e })).toEqual([
      { number: 1, title: '禁止婚前宴请', version: 1, text: '村民办婚事不办婚前宴请。' },
    ]);
  });

  it('refuses /receipts while the vote is open', async () => {
    const launched = await launch();
    expect(await refusalOf(readVoteReceipts(prisma, { actor: secretary, voteNumber: launched.number }))).toBe(
      'vote-receipts-not-closed',
    );
  });

  it('ignores a ballot the database clock puts after the deadline', async () => {
    const launched = await launch();
    const [a, b] = people as [Membership, Membership];
    await vote(a, launched.number, FOR);
    // The deadline passes (moved into the past) before the close has run.
    await prisma.$executeRaw`UPDATE "Vote" SET "opensAt" = now() - interval '2 hours', "closesAt" = now() - interval '1 second' WHERE id = ${launched.voteId}`;
    expect(await refusalOf(vote(b, launched.number, AGAINST))).toBe('vote-closed');
    const result = await closed(launched.voteId, new Date());
    expect(result.turnout).toBe(1);
    expect(result.result).toBe('ADOPTED');
  });

  it('adopts nothing when the quorum is not met', async () => {
    const launched = await launch({ quorumPercent: 50 });
    await vote(people[0] as Membership, launched.number, FOR);
    await vote(people[1] as Membership, launched.number, FOR);
    const result = await closed(launched.voteId, launched.closesAt);
    expect(result).toMatchObject({
      result: 'NO_QUORUM',
      quorumMet: false,
      turnout: 2,
      change: { kind: 'none' },
    });
    expect(await prisma.rule.count()).toBe(0);
  });

  it('adopts at two thirds and rejects below', async () => {
    const passes = await launch({ threshold: 'TWO_THIRDS' });
    const fails = await launch({ threshold: 'TWO_THIRDS', title: '另一条' });
    const [a, b, c, d, e] = people as [Membership, Membership, Membership, Membership, Membership];
    for (const voter of [a, b]) await vote(voter, passes.number, FOR);
    await vote(c, passes.number, AGAINST);
    await vote(d, passes.number, ABSTAIN);
    for (const voter of [a, b, c]) await vote(voter, fails.number, FOR);
    for (const voter of [d, e]) await vote(voter, fails.number, AGAINST);
    expect((await closed(passes.voteId, passes.closesAt)).result).toBe('ADOPTED');
    expect((await closed(fails.voteId, fails.closesAt)).result).toBe('REJECTED');
    expect(await prisma.rule.count()).toBe(1);
  });

  it('counts one ballot per household, the latest, and tells the member who cast it', async () => {
    const [a, b, c] = people as [Membership, Membership, Membership];
    // a and b share a household.
    const household = await prisma.member.findUniqueOrThrow({ where: { id: a.memberId } });
    await prisma.member.update({ where: { id: b.memberId }, data: { householdId: household.householdId } });
    const launched = await launch({ electorate: 'HOUSEHOLDS' });
    await vote(a, launched.number, FOR);
    await vote(b, launched.number, AGAINST);
    await vote(c, launched.number, FOR);
    const remind = await prisma.$transaction((tx) => findVotersToRemind(tx, { voteId: launched.voteId }));
    if (remind.outcome !== 'remind') throw new Error('not open');
    // Neither member of the household that voted is reminded.
    expect(remind.memberIds).not.toContain(a.memberId);
    expect(remind.memberIds).not.toContain(b.memberId);
    expect(remind.memberIds).not.toContain(c.memberId);
    expect(remind.memberIds).toContain(secretary.memberId);

    const result = await closed(launched.voteId, launched.closesAt);
    expect(result.turnout).toBe(2);
    expect(result.counts.map((o) => o.count)).toEqual([1, 1, 0]);
    expect(result.result).toBe('REJECTED');
    expect(result.voterMemberIds.sort()).toEqual([b.memberId, c.memberId].sort());
    // Once closed nobody is reminded.
    expect(await prisma.$transaction((tx) => findVotersToRemind(tx, { voteId: launched.voteId }))).toEqual({
      outcome: 'not-open',
    });
  });

  it('destroys a secret vote key and leaves no ballot sharing a transaction id with its voter', async () => {
    const launched = await launch({ secret: true });
    for (const [i, voter] of people.entries()) await vote(voter, launched.number, i % 2 ? AGAINST : FOR);
    await vote(people[0] as Membership, launched.number, AGAINST);
    const before = await prisma.$queryRaw<{ ballots: bigint }[]>`
      SELECT count(*) AS ballots FROM "VoteBallot" b JOIN "VoteParticipation" p
        ON p."voteId" = b."voteId" AND p.xmin::text = b.xmin::text WHERE b."voteId" = ${launched.voteId}`;
    // While open, each ballot row was written by the voter's own transaction: linkable.
    expect(Number(before[0]?.ballots)).toBe(5);

    const result = await closed(launched.voteId, launched.closesAt);
    expect(result.turnout).toBe(5);
    const row = await prisma.vote.findUniqueOrThrow({ where: { id: launched.voteId } });
    expect(row.ballotKey).toBeNull();
    const rows = await prisma.$queryRaw<{ ballot: string; participations: string[] }[]>`
      SELECT b.xmin::text AS ballot,
             ARRAY(SELECT p.xmin::text FROM "VoteParticipation" p WHERE p."voteId" = b."voteId") AS participations
      FROM "VoteBallot" b WHERE b."voteId" = ${launched.voteId}`;
    expect(rows).toHaveLength(5);
    for (const ballot of rows) expect(ballot.participations).not.toContain(ballot.ballot);
    // Every ballot now carries the close's transaction id, one and the same.
    expect(new Set(rows.map((r) => r.ballot)).size).toBe(1);
    // The key cannot come back: the CHECK refuses a key on a closed vote.
    await expect(
      prisma.$executeRaw`UPDATE "Vote" SET "ballotKey" = '\\x00'::bytea WHERE id = ${launched.voteId}`,
    ).rejects.toThrow();
  });
});

describe('the rulebook', () => {
  it('versions a rule by vote, refuses an amendment overtaken by another, and repeals', async () => {
    const made = await launch();
    for (const voter of people.slice(0, 3)) await vote(voter, made.number, FOR);
    await closed(made.voteId, made.closesAt);

    // Launched after the rule was adopted (that close ran with the clock at the first deadline).
    const later = new Date(made.closesAt.getTime() + 60_000);
    const amend = await launch(
      { kind: 'AMEND_RULE', ruleNumber: 1, title: '修改第一条', body: '第二版文字' },
      later,
    );
    const rival = await launch(
      { kind: 'AMEND_RULE', ruleNumber: 1, title: '另一个修改', body: '另一种文字' },
      later,
    );
    for (const voter of people.slice(0, 3)) {
      await vote(voter, amend.number, FOR);
      await vote(voter, rival.number, FOR);
    }
    expect((await closed(amend.voteId, amend.closesAt)).change).toEqual({
      kind: 'rule-amended',
      ruleNumber: 1,
      version: 2,
    });
    const overtaken = await closed(rival.voteId, new Date(rival.closesAt.getTime() + 1));
    expect(overtaken.result).toBe('ADOPTED');
    expect(overtaken.change).toEqual({ kind: 'refused', reason: 'rule-changed-meanwhile', ruleNumber: 1 });
    expect(await readRulebook(prisma, { actor: secretary })).toEqual([
      { number: 1, title: '禁止婚前宴请', version: 2, text: '第二版文字' },
    ]);

    const repeal = await launch(
      { kind: 'REPEAL_RULE', ruleNumber: 1, title: '废止第一条', body: '不再需要' },
      new Date(rival.closesAt.getTime() + 60_000),
    );
    for (const voter of people.slice(0, 3)) await vote(voter, repeal.number, FOR);
    expect((await closed(repeal.voteId, repeal.closesAt)).change).toEqual({
      kind: 'rule-repealed',
      ruleNumber: 1,
    });
    expect(await readRulebook(prisma, { actor: secretary })).toEqual([]);
    const history = await readRulebookHistory(prisma, { actor: secretary });
    expect(
      history.map((e) => [e.kind, e.ruleNumber, e.kind === 'version' ? e.version : 0, e.vote?.number]),
    ).toEqual([
      ['version', 1, 1, made.number],
      ['version', 1, 2, amend.number],
      ['repeal', 1, 0, repeal.number],
    ]);
    expect(history[0]?.vote?.counts.map((c) => c.count)).toEqual([3, 0, 0]);
    const rule = await prisma.rule.findFirstOrThrow();
    expect(rule).toMatchObject({ currentVersion: 2, repealedByVoteId: repeal.voteId });
  });

  it('changes a points rule by vote, with the vote creator as the changer, and refuses a clash', async () => {
    const before = await prisma.pointRule.findFirstOrThrow({ where: { code: 'help-neighbour' } });
    const edit = await launch({
      kind: 'POINT_RULE',
      title: '帮邻居加分',
      body: '提高帮邻居的分值',
      pointRuleChange: { action: 'edit', code: 'help-neighbour', points: before.points + 7 },
    });
    // Two votes add the same new code: the first to close adds it, the second finds it taken.
    const added = {
      action: 'add',
      code: 'plant-trees',
      points: 3,
      descriptionZh: '植树',
      descriptionEn: 'Trees',
    } as const;
    const add = await launch({
      kind: 'POINT_RULE',
      title: '植树加分',
      body: '加一条规则',
      pointRuleChange: added,
    });
    const again = await launch({
      kind: 'POINT_RULE',
      title: '植树加分再提',
      body: '同一条',
      pointRuleChange: added,
    });
    for (const voter of people.slice(0, 3)) {
      await vote(voter, edit.number, FOR);
      await vote(voter, add.number, FOR);
      await vote(voter, again.number, FOR);
    }
    const edited = await closed(edit.voteId, edit.closesAt);
    expect(edited.change).toEqual({
      kind: 'point-rule',
      action: 'edit',
      code: 'help-neighbour',
      ruleId: before.id,
      version: before.version + 1,
    });
    const after = await prisma.pointRule.findUniqueOrThrow({ where: { id: before.id } });
    expect(after).toMatchObject({ points: before.points + 7, version: before.version + 1 });
    const version = await prisma.pointRuleVersion.findFirstOrThrow({
      where: { ruleId: before.id, version: before.version + 1 },
    });
    expect(version.changedById).toBe(secretary.memberId);
    expect((await closed(add.voteId, add.closesAt)).change).toMatchObject({
      kind: 'point-rule',
      action: 'add',
      version: 1,
    });
    expect((await closed(again.voteId, again.closesAt)).change).toEqual({
      kind: 'refused',
      reason: 'point-rule-exists',
      code: 'plant-trees',
    });
    expect(await prisma.pointRule.count({ where: { code: 'plant-trees' } })).toBe(1);
  });
});
