import type { Db } from '../db/client.ts';
import { recordDecision } from './join-decision-record.ts';
import type { Membership } from './membership.ts';

const UNFINISHED = [
  'AWAITING_NAME',
  'AWAITING_HOUSEHOLD',
  'AWAITING_HOUSEHOLD_CONFIRMATION',
  'AWAITING_APPROVAL',
] as const;

/**
 * /cancel during onboarding, or while others decide: the join is undone (a request waiting on a
 * household or an approver is withdrawn, and its buttons say so); the invite link works again later.
 */
export async function leaveUnfinishedJoin(db: Db, membership: Membership): Promise<void> {
  const left = await db.member.updateMany({
    where: { id: membership.memberId, status: { in: [...UNFINISHED] } },
    data: { status: 'LEFT', pendingHouseholdId: null },
  });
  const wasWaiting =
    membership.status === 'AWAITING_APPROVAL' || membership.status === 'AWAITING_HOUSEHOLD_CONFIRMATION';
  if (left.count > 0 && wasWaiting) {
    await recordDecision(db, {
      villageId: membership.villageId,
      actorId: membership.memberId,
      action: 'member.withdraw',
      memberId: membership.memberId,
    });
  }
}
