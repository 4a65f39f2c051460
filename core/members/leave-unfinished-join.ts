import type { Db } from '../db/client.ts';
import type { Membership } from './membership.ts';

/** /cancel during onboarding: the half-finished join is undone; the invite link works again later. */
export async function leaveUnfinishedJoin(db: Db, membership: Membership): Promise<void> {
  await db.member.updateMany({
    where: { id: membership.memberId, status: { in: ['AWAITING_NAME', 'AWAITING_HOUSEHOLD'] } },
    data: { status: 'LEFT' },
  });
}
