import type { Db } from '../db/client.ts';

/**
 * Who may review a proposal: the village's active secretaries and supervisors, and its cadres when
 * the village lets cadres review; never its proposer.
 */
export async function findReviewers(db: Db, villageId: number, proposerId: number): Promise<number[]> {
  const village = await db.village.findUniqueOrThrow({
    where: { id: villageId },
    select: { cadresReviewAwards: true },
  });
  const roles = village.cadresReviewAwards
    ? (['SECRETARY', 'SUPERVISOR', 'CADRE'] as const)
    : (['SECRETARY', 'SUPERVISOR'] as const);
  const members = await db.member.findMany({
    where: {
      villageId,
      status: 'ACTIVE',
      id: { not: proposerId },
      roles: { some: { role: { in: [...roles] } } },
    },
    select: { id: true },
    orderBy: { number: 'asc' },
  });
  return members.map((member) => member.id);
}
