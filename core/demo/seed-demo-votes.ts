import type { Prisma } from '../db/client.ts';
import { findMembership, type Membership } from '../members/membership.ts';
import { setTimers, timerRowKey } from '../schedule/timers.ts';
import { castBallot } from '../votes/cast-ballot.ts';
import { closeVote } from '../votes/close-vote.ts';
import { launchVote } from '../votes/launch-vote.ts';
import { voteCloseKey, voteReminderKey } from '../votes/vote-timer-keys.ts';
import type { VoteOptionMeaning } from '../votes/vote-types.ts';

const DAY_MS = 24 * 60 * 60_000;

/**
 * Rule votes in Youyi, through the real use cases: the seed's story (shared seeds, 003) as history,
 * a vote to stop banquets before weddings, adopted and in the rulebook as rule 1; and one vote still
 * open, where some have voted, so a newcomer to the playground sees turnout, comments and ballots.
 */
export async function seedDemoVotes(
  tx: Prisma.TransactionClient,
  input: { villageId: number; secretaryUserId: number; voterUserIds: readonly number[] },
): Promise<void> {
  const now = new Date();
  const secretary = await membershipOf(tx, input.secretaryUserId, input.villageId);

  // History: launched, voted on, then its days moved into the past and closed as the timer would.
  const banquets = await launchVote(tx, {
    actor: secretary,
    now,
    draft: {
      title: '婚前不办酒席',
      body: '本村村民婚前不再摆酒席宴请宾客，喜事新办、节俭办。',
      kind: 'NEW_RULE',
    },
  });
  await castAll(tx, input, banquets.number, (i) => (i === 3 ? 'AGAINST' : 'FOR'));
  await tx.vote.update({
    where: { id: banquets.voteId },
    data: { opensAt: new Date(now.getTime() - 12 * DAY_MS), closesAt: new Date(now.getTime() - 7 * DAY_MS) },
  });
  await closeVote(tx, { voteId: banquets.voteId, now });

  // In progress: a secret vote with three ballots cast, closing in four days; its timers as the bot sets them.
  const tables = await launchVote(tx, {
    actor: secretary,
    now: new Date(now.getTime() - DAY_MS),
    draft: {
      title: '红白喜事酒席不超过10桌',
      body: '红白喜事办酒席，每户不超过10桌，每桌不超过八菜一汤。',
      kind: 'NEW_RULE',
      secret: true,
      quorumPercent: 50,
    },
  });
  await castAll(tx, { ...input, voterUserIds: input.voterUserIds.slice(0, 3) }, tables.number, () => 'FOR');
  await setTimers(tx, [
    timer('vote-close', voteCloseKey(tables.voteId), tables.voteId, tables.closesAt),
    ...(tables.reminderAt
      ? [timer('vote-reminder', voteReminderKey(tables.voteId), tables.voteId, tables.reminderAt)]
      : []),
  ]);
}

async function castAll(
  tx: Prisma.TransactionClient,
  input: { villageId: number; voterUserIds: readonly number[] },
  voteNumber: number,
  meaning: (i: number) => VoteOptionMeaning,
): Promise<void> {
  for (const [i, userId] of input.voterUserIds.entries()) {
    const actor = await membershipOf(tx, userId, input.villageId);
    await castBallot(tx, { actor, voteNumber, choice: { meaning: meaning(i) } });
  }
}

async function membershipOf(
  tx: Prisma.TransactionClient,
  userId: number,
  villageId: number,
): Promise<Membership> {
  const membership = await findMembership(tx, BigInt(userId), villageId);
  if (!membership) throw new Error(`demo person ${userId} is not in the village`);
  return membership;
}

function timer(job: 'vote-close' | 'vote-reminder', key: string, voteId: number, dueAt: Date) {
  return { key: timerRowKey(job, key), job, payload: { dedupeKey: key, voteId }, dueAt };
}
