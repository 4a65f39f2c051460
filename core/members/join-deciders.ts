import type { Db } from '../db/client.ts';

/** The active secretaries and cadres of a village: who may approve or reject a join. */
export async function joinApproversOf(db: Db, villageId: number): Promise<number[]> {
  const grants = await db.roleGrant.findMany({
    where: { role: { in: ['SECRETARY', 'CADRE'] }, member: { villageId, status: 'ACTIVE' } },
    select: { memberId: true },
    orderBy: { memberId: 'asc' },
  });
  return [...new Set(grants.map((grant) => grant.memberId))];
}

/** Who may confirm a newcomer into a household: its active members and the village's secretaries. */
export async function householdConfirmersOf(
  db: Db,
  villageId: number,
  householdId: number,
): Promise<number[]> {
  const members = await db.member.findMany({
    where: {
      villageId,
      status: 'ACTIVE',
      OR: [{ householdId }, { roles: { some: { role: 'SECRETARY' } } }],
    },
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  return members.map((member) => member.id);
}
