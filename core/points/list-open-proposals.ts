import type { Db } from '../db/client.ts';
import type { Membership } from '../members/membership.ts';
import { requireReviewer } from './may-review.ts';

export interface OpenProposal {
  batchId: number;
  ruleCode: string | null;
  points: number;
  reason: string;
  memberNumbers: number[];
  proposerNumber: number | null;
  evidenceFileId: string | null;
}

/** A reviewer's inbox: proposals with awards still waiting for review, oldest first. */
export async function listOpenProposals(
  db: Db,
  input: { actor: Membership | undefined; limit?: number },
): Promise<OpenProposal[]> {
  const actor = await requireReviewer(db, input.actor);
  const awards = await db.pointAward.findMany({
    where: { villageId: actor.villageId, status: 'PROPOSED' },
    select: {
      id: true,
      batchId: true,
      points: true,
      reason: true,
      evidenceFileId: true,
      rule: { select: { code: true } },
      member: { select: { number: true } },
      proposedBy: { select: { number: true } },
    },
    orderBy: { id: 'asc' },
    take: 2_000,
  });
  const proposals = new Map<number, OpenProposal>();
  for (const award of awards) {
    const batchId = award.batchId ?? award.id;
    const proposal = proposals.get(batchId) ?? {
      batchId,
      ruleCode: award.rule?.code ?? null,
      points: award.points,
      reason: award.reason,
      memberNumbers: [],
      proposerNumber: award.proposedBy?.number ?? null,
      evidenceFileId: award.evidenceFileId,
    };
    proposal.memberNumbers.push(award.member.number);
    proposals.set(batchId, proposal);
  }
  return [...proposals.values()].slice(0, input.limit ?? 20);
}
