import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { isDomainError } from '../../core/errors.ts';
import type { Membership } from '../../core/members/membership.ts';
import { castBallot } from '../../core/votes/cast-ballot.ts';
import { closeVote } from '../../core/votes/close-vote.ts';
import { launchVote } from '../../core/votes/launch-vote.ts';
import { seedActiveMembers } from '../support/bulk-members.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/**
 * 1,000 members cast and change ballots on many connections at once, right up to and across the
 * close, which runs while they do. What the close counted equals a recount of the ballot table as the
 * close committed it, and no ballot whose cast committed after the close's commit was counted (every
 * later cast is refused as closed).
 */
const MEMBERS = 1_000;
const CONNECTIONS = 20;
let prisma: PrismaClient;

beforeAll(() => {
  prisma = testPrisma({ maxConnections: CONNECTIONS + 5 });
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe('a close while 1,000 members vote', () => {
  it('counts exactly the ballots committed before it, and refuses every one after', async () => {
    await resetDatabase(prisma);
    const village = await createTestVillage(prisma, []);
    const secretary = await village.member(1);
    const { members: voters } = await seedActiveMembers(prisma, secretary, MEMBERS);
    const launched = await prisma.$transaction((tx) =>
      launchVote(tx, {
        actor: secretary,
        draft: { title: '并发表决', body: '一千人同时投票。', kind: 'NEW_RULE' },
        now: new Date(),
      }),
    );
    expect(launched.electorateSize).toBe(MEMBERS + 1);

    // Each voter casts, then keeps changing their mind until refused as closed.
    let closeCommittedAt = Number.POSITIVE_INFINITY;
    const acceptedAfterClose: number[] = [];
    let accepted = 0;
    let refused = 0;
    const meanings = ['FOR', 'AGAINST', 'ABSTAIN'] as const;
    let next = 0;
    const worker = async () => {
      for (;;) {
        const i = next++;
        const voter = voters[i % MEMBERS] as Membership;
        try {
          await prisma.$transaction(
            (tx) =>
              castBallot(tx, {
                actor: voter,
                voteNumber: launched.number,
                choice: { meaning: meanings[(i * 7 + voter.number) % 3] as (typeof meanings)[number] },
              }),
            { timeout: 60_000, maxWait: 60_000 },
          );
          // Resolved after its commit: if that is after the close's commit, it must not have counted.
          if (performance.now() > closeCommittedAt) acceptedAfterClose.push(i);
          accepted++;
        } catch (error) {
          if (isDomainError(error) && error.code === 'vote-closed') {
            refused++;
            return;
          }
          throw error;
        }
      }
    };
    const casting = Array.from({ length: CONNECTIONS }, () => worker());
    // Let at least every member vote once (and many change), then close while casts keep coming.
    while (next < MEMBERS * 2) await new Promise((resolve) => setTimeout(resolve, 20));
    const outcome = await prisma.$transaction(
      async (tx) => closeVote(tx, { voteId: launched.voteId, now: launched.closesAt }),
      { timeout: 30_000 },
    );
    closeCommittedAt = performance.now();
    await Promise.all(casting);
    if (outcome.outcome !== 'closed') throw new Error(outcome.outcome);

    // The recount from the ballot table equals the stored tally.
    const recount = await prisma.$queryRaw<{ position: number; count: bigint }[]>`
      SELECT position, count(*) AS count FROM "VoteBallot" WHERE "voteId" = ${launched.voteId} GROUP BY position`;
    const recounted = new Map(recount.map((row) => [row.position, Number(row.count)]));
    const options = await prisma.voteOption.findMany({
      where: { voteId: launched.voteId },
      orderBy: { position: 'asc' },
    });
    for (const option of options) expect(option.finalCount).toBe(recounted.get(option.position) ?? 0);
    expect(outcome.turnout).toBe(MEMBERS);
    expect(options.reduce((sum, option) => sum + (option.finalCount ?? 0), 0)).toBe(MEMBERS);
    expect(await prisma.voteParticipation.count({ where: { voteId: launched.voteId } })).toBe(MEMBERS);
    // Casting went on across the close; every cast after it was refused.
    expect(accepted).toBeGreaterThan(MEMBERS * 2 - CONNECTIONS);
    expect(refused).toBe(CONNECTIONS);
    expect(acceptedAfterClose).toEqual([]);
  }, 120_000);
});
