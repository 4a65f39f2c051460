import type { Db } from '../../core/db/client.ts';
import { findReviewers } from '../../core/points/find-reviewers.ts';
import type { BotContext } from '../context.ts';

/** What the reviewers are told of a proposal (numbers, never names: the notice travels through Redis). */
export interface ProposalNotice {
  batchId: number;
  villageId: number;
  memberNumbers: readonly number[];
  ruleCode: string | null;
  points: number;
}

export const signedPoints = (points: number) => (points > 0 ? `+${points}` : String(points));

/**
 * Owes each of the village's reviewers (never the proposer) a notice of the proposal with its
 * approve/reject buttons, in the update's transaction. Returns how many were told.
 */
export async function oweReviewNotices(ctx: BotContext, tx: Db, proposal: ProposalNotice): Promise<number> {
  const proposerId = ctx.membership?.memberId ?? 0;
  const reviewers = await findReviewers(tx, proposal.villageId, proposerId);
  await ctx.owed.jobs(
    tx,
    'notify',
    reviewers.map((memberId) => ({
      dedupeKey: `award-proposed-${proposal.batchId}-${memberId}`,
      memberId,
      message: {
        key: 'points-notice-proposed',
        params: {
          batch: proposal.batchId,
          count: proposal.memberNumbers.length,
          numbers: proposal.memberNumbers.join(', '),
          code: proposal.ruleCode ?? '-',
          points: signedPoints(proposal.points),
          proposer: ctx.membership?.number ?? 0,
        },
      },
      buttons: { kind: 'award-review' as const, batchId: proposal.batchId },
    })),
  );
  return reviewers.length;
}
