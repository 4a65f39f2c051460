import type { Prisma } from '../db/client.ts';

export type RemindVotersOutcome =
  | { outcome: 'remind'; voteId: number; number: number; closesAt: Date; memberIds: number[] }
  | { outcome: 'not-open' };

/**
 * Whom the reminder before the close goes to: the electors whose ballot nobody has cast yet. Under
 * one vote per household every member of a household that has not voted hears it, and none of a
 * household that has. Only while the vote is open, and only to electors still active in the village.
 * One statement, so the answer is one snapshot; a ballot cast a moment later does not undo a reminder
 * already owed (the notice says only that the vote closes soon).
 */
export async function findVotersToRemind(
  tx: Prisma.TransactionClient,
  input: { voteId: number },
): Promise<RemindVotersOutcome> {
  const vote = await tx.vote.findUnique({
    where: { id: input.voteId },
    select: { id: true, number: true, status: true, closesAt: true },
  });
  if (vote?.status !== 'OPEN') return { outcome: 'not-open' };
  const rows = await tx.$queryRaw<{ memberId: number }[]>`
    SELECT e."memberId"
    FROM "VoteElector" e
    JOIN "Member" m ON m.id = e."memberId" AND m.status = 'ACTIVE'
    WHERE e."voteId" = ${input.voteId}
      AND NOT EXISTS (
        SELECT 1 FROM "VoteParticipation" p WHERE p."voteId" = e."voteId" AND p.holder = e.holder
      )
    ORDER BY e."memberId"`;
  return {
    outcome: 'remind',
    voteId: vote.id,
    number: vote.number,
    closesAt: vote.closesAt,
    memberIds: rows.map((row) => row.memberId),
  };
}
