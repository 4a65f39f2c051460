import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { listVoteReceipts, type ReceiptRow } from './load-vote-result.ts';
import type { VoteOptionMeaning } from './vote-types.ts';

export interface VoteReceipts {
  voteId: number;
  number: number;
  title: string;
  options: { position: number; meaning: VoteOptionMeaning; label: string | null; count: number }[];
  receipts: ReceiptRow[];
}

/**
 * `/receipts <n>`: a closed vote's receipts with their choices, sorted by receipt, so each voter finds
 * theirs and anyone can recount. Refused while the vote is open: a receipt list is a running tally.
 */
export async function readVoteReceipts(
  db: Db,
  input: { actor: Membership | undefined; voteNumber: number },
): Promise<VoteReceipts> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const vote = await db.vote.findUnique({
    where: { villageId_number: { villageId: actor.villageId, number: input.voteNumber } },
    select: { id: true, number: true, title: true, status: true, options: { orderBy: { position: 'asc' } } },
  });
  if (!vote) throw new DomainError('vote-not-found', { number: input.voteNumber });
  if (vote.status !== 'CLOSED') throw new DomainError('vote-receipts-not-closed', { number: vote.number });
  return {
    voteId: vote.id,
    number: vote.number,
    title: vote.title,
    options: vote.options.map((option) => ({
      position: option.position,
      meaning: option.meaning,
      label: option.label,
      count: option.finalCount ?? 0,
    })),
    receipts: await listVoteReceipts(db, { voteId: vote.id }),
  };
}
