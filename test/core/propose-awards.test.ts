import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { proposeAwards } from '../../core/points/propose-awards.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';

const prisma: PrismaClient = testPrisma();
const SECRETARY = 8_100_001;
const VILLAGER = 8_100_002;
let secretary: Membership;

beforeEach(async () => {
  await resetDatabase(prisma);
  await syncUser(prisma, { id: SECRETARY, first_name: '书记' });
  const { inviteCode } = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: BigInt(SECRETARY),
    adminIds: [BigInt(SECRETARY)],
    joinApproval: false,
  });
  await syncUser(prisma, { id: VILLAGER, first_name: 'Qifu' });
  await joinVillage(prisma, { userId: BigInt(VILLAGER), inviteCode });
  for (const text of ['谢启富', '谢家']) {
    const membership = await findMembership(prisma, BigInt(VILLAGER));
    if (!membership) throw new Error('no membership');
    await answerOnboarding(prisma, { membership, text });
  }
  const found = await findMembership(prisma, BigInt(SECRETARY));
  if (!found) throw new Error('no secretary');
  secretary = found;
});
afterAll(() => prisma.$disconnect());

const propose = (memberNumbers: number[], ruleCode = 'help-neighbour') =>
  prisma.$transaction((tx) => proposeAwards(tx, { actor: secretary, memberNumbers, ruleCode }));

describe('proposeAwards', () => {
  it("gives every member the rule's points, in one proposal, and refuses unknown members", async () => {
    const proposal = await propose([2, 1, 2]);
    expect(proposal.members.map((m) => m.number)).toEqual([2, 1]);
    const awards = await prisma.pointAward.findMany({ orderBy: { id: 'asc' } });
    expect(awards.map((a) => [a.points, a.batchId, a.status])).toEqual([
      [8, proposal.batchId, 'PROPOSED'],
      [8, proposal.batchId, 'PROPOSED'],
    ]);
    expect(await refusalOf(propose([2, 9]))).toBe('award-member-not-found');
  });

  it('keeps a daily cap, not counting rejected awards, even for two proposals at once', async () => {
    await prisma.pointRule.update({
      where: { villageId_code: { villageId: secretary.villageId, code: 'help-neighbour' } },
      data: { dailyCap: 1 },
    });
    const first = await propose([2]);
    expect(await refusalOf(propose([2]))).toBe('award-daily-cap');
    await prisma.pointAward.updateMany({ where: { batchId: first.batchId }, data: { status: 'REJECTED' } });
    // Two at once after the rejection: the cap lets exactly one through.
    const outcomes = await Promise.all([refusalOf(propose([2])), refusalOf(propose([2]))]);
    expect(outcomes.sort()).toEqual(['award-daily-cap', 'ok']);
    expect(await prisma.pointAward.count({ where: { status: 'PROPOSED' } })).toBe(1);
  });
});
