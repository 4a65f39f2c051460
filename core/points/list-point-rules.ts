import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface PublishedRule {
  code: string;
  descriptionZh: string;
  descriptionEn: string;
  points: number;
  dailyCap: number | null;
  yearlyCap: number | null;
}

/** /rules points: the village's rules in force, rewards first (largest first), then deductions. */
export async function listPointRules(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<PublishedRule[]> {
  const actor = requireAllowed(input.actor, 'profile.view');
  return db.pointRule.findMany({
    where: { villageId: actor.villageId, retiredAt: null },
    orderBy: [{ points: 'desc' }, { code: 'asc' }],
    select: {
      code: true,
      descriptionZh: true,
      descriptionEn: true,
      points: true,
      dailyCap: true,
      yearlyCap: true,
    },
  });
}
