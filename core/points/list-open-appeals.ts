import type { Db } from '../db/client.ts';
import { displayName } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface OpenAppeal {
  awardId: number;
  memberNumber: number;
  memberName: string;
  points: number;
  awardReason: string;
  reason: string;
  createdAt: Date;
}

/** How many open appeals /appeals shows at once (oldest first: they have waited longest). */
export const OPEN_APPEALS_SHOWN = 20;

/** /appeals: what waits for the secretary's decision. */
export async function listOpenAppeals(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<OpenAppeal[]> {
  const actor = requireAllowed(input.actor, 'points.appeal.decide');
  const appeals = await db.pointAppeal.findMany({
    where: { villageId: actor.villageId, status: 'OPEN' },
    orderBy: { createdAt: 'asc' },
    take: OPEN_APPEALS_SHOWN,
    select: {
      awardId: true,
      reason: true,
      createdAt: true,
      award: {
        select: { points: true, reason: true, member: { select: { number: true, realName: true } } },
      },
    },
  });
  return appeals.map((appeal) => ({
    awardId: appeal.awardId,
    memberNumber: appeal.award.member.number,
    memberName: displayName(appeal.award.member),
    points: appeal.award.points,
    awardReason: appeal.award.reason,
    reason: appeal.reason,
    createdAt: appeal.createdAt,
  }));
}
