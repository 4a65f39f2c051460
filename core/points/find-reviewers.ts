import type { Db } from '../db/client.ts';

/** Who may review a proposal: the village's active secretaries and supervisors, never its proposer. */
export async function findReviewers(db: Db, villageId: number, proposerId: number): Promise<number[]> {
  const members = await db.member.findMany({
    where: {
      villageId,
      status: 'ACTIVE',
      id: { not: proposerId },
      roles: { some: { role: { in: ['SECRETARY', 'SUPERVISOR'] } } },
    },
    select: { id: true },
    orderBy: { number: 'asc' },
  });
  return members.map((member) => member.id);
}
