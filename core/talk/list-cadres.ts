import type { Db } from '../db/client.ts';
import { displayName } from '../members/display-name.ts';

/** Who a task can go to: the village's active cadres (and secretaries), by number, with their names. */
export async function listCadres(
  db: Db,
  villageId: number,
): Promise<Array<{ number: number; name: string }>> {
  const members = await db.member.findMany({
    where: { villageId, status: 'ACTIVE', roles: { some: { role: { in: ['CADRE', 'SECRETARY'] } } } },
    select: { number: true, realName: true },
    orderBy: { number: 'asc' },
  });
  return members.map((m) => ({ number: m.number, name: displayName(m) }));
}
