import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { validateLongText } from '../text/validate-text.ts';

/** A comment's longest (a CHECK in the migration holds the same). */
export const VOTE_COMMENT_MAX = 500;

async function findVote(db: Db, villageId: number, number: number) {
  const vote = await db.vote.findUnique({
    where: { villageId_number: { villageId, number } },
    select: { id: true, number: true },
  });
  if (!vote) throw new DomainError('vote-not-found', { number });
  return vote;
}

/**
 * A comment on a vote's proposal, as in Villagers Talk: any member of the village, open or closed
 * (talking about a decision does not end with it). Returns what the card needs to be shown again.
 */
export async function commentOnVote(
  db: Db,
  input: { actor: Membership | undefined; voteNumber: number; text: string },
): Promise<{ voteId: number; number: number }> {
  const actor = requireAllowed(input.actor, 'vote.comment');
  const text = validateLongText(input.text, { max: VOTE_COMMENT_MAX, error: 'vote-comment-invalid' });
  const vote = await findVote(db, actor.villageId, input.voteNumber);
  await db.voteComment.create({
    data: { voteId: vote.id, villageId: actor.villageId, authorId: actor.memberId, text },
  });
  return { voteId: vote.id, number: vote.number };
}

/**
 * 👍 on a vote's proposal, once per member (the key): a second press takes it back. The insert decides
 * (ON CONFLICT DO NOTHING), never a read before it.
 */
export async function toggleVoteLike(
  db: Db,
  input: { actor: Membership | undefined; voteNumber: number },
): Promise<{ voteId: number; number: number; liked: boolean; likes: number }> {
  const actor = requireAllowed(input.actor, 'vote.comment');
  const vote = await findVote(db, actor.villageId, input.voteNumber);
  const key = { voteId: vote.id, villageId: actor.villageId, memberId: actor.memberId };
  const { count } = await db.voteLike.createMany({ data: key, skipDuplicates: true });
  if (count === 0) await db.voteLike.deleteMany({ where: { voteId: vote.id, memberId: actor.memberId } });
  const likes = await db.voteLike.count({ where: { voteId: vote.id } });
  return { voteId: vote.id, number: vote.number, liked: count > 0, likes };
}
