import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface ReleasedRedemption {
  redemptionId: number;
  villageId: number;
  memberId: number;
  itemName: string;
  price: number;
}

/**
 * RESERVED → EXPIRED or CANCELLED with one conditional update, then the unit goes back on the shelf
 * and the points are no longer held. Run twice (a timer fired twice, a double tap), or after the
 * code was handed over, the update finds nothing and nothing is released.
 */
async function release(
  db: Db,
  where: { redemptionId: number; memberId?: number },
  to: 'EXPIRED' | 'CANCELLED',
  now: Date,
): Promise<ReleasedRedemption | undefined> {
  const [released] = await db.$queryRaw<
    { villageId: number; itemId: number; memberId: number; price: number }[]
  >`
    UPDATE "Redemption" SET status = ${to}::"RedemptionStatus", "settledAt" = ${now}
    WHERE id = ${where.redemptionId} AND status = 'RESERVED'
      AND (${where.memberId ?? null}::int IS NULL OR "memberId" = ${where.memberId ?? null}::int)
    RETURNING "villageId", "itemId", "memberId", price`;
  if (!released) return undefined;
  const [item] = await db.$queryRaw<{ name: string }[]>`
    UPDATE "ShopItem" SET stock = stock + 1
    WHERE "villageId" = ${released.villageId} AND id = ${released.itemId}
    RETURNING name`;
  await db.$executeRaw`
    UPDATE "MemberPoints" SET reserved = reserved - ${released.price}
    WHERE "villageId" = ${released.villageId} AND "memberId" = ${released.memberId}`;
  return {
    redemptionId: where.redemptionId,
    villageId: released.villageId,
    memberId: released.memberId,
    itemName: item?.name ?? '',
    price: released.price,
  };
}

export type ExpiryOutcome =
  | { outcome: 'expired'; released: ReleasedRedemption }
  | { outcome: 'wait'; until: Date }
  | { outcome: 'skip'; reason: 'not-found' | 'settled' };

/** The reservation's timer: an uncollected reservation is released once its time is up. */
export async function expireRedemption(
  db: Db,
  input: { redemptionId: number; now: Date },
): Promise<ExpiryOutcome> {
  const redemption = await db.redemption.findUnique({
    where: { id: input.redemptionId },
    select: { status: true, expiresAt: true },
  });
  if (!redemption) return { outcome: 'skip', reason: 'not-found' };
  if (redemption.status !== 'RESERVED') return { outcome: 'skip', reason: 'settled' };
  // expiresAt never changes after the reservation, so reading it first decides nothing a race could undo.
  if (redemption.expiresAt > input.now) return { outcome: 'wait', until: redemption.expiresAt };
  const released = await release(db, { redemptionId: input.redemptionId }, 'EXPIRED', input.now);
  return released ? { outcome: 'expired', released } : { outcome: 'skip', reason: 'settled' };
}

/** A member cancels their own reservation (/myorders); anyone else's is not theirs to cancel. */
export async function cancelRedemption(
  db: Db,
  input: { actor: Membership | undefined; redemptionId: number; now?: Date },
): Promise<ReleasedRedemption> {
  const actor = requireAllowed(input.actor, 'shop.redeem');
  const released = await release(
    db,
    { redemptionId: input.redemptionId, memberId: actor.memberId },
    'CANCELLED',
    input.now ?? new Date(),
  );
  // A member id belongs to one village, so a redemption of theirs is of the village they act in.
  if (released) return released;
  const redemption = await db.redemption.findUnique({
    where: { id: input.redemptionId },
    select: { memberId: true, status: true },
  });
  if (!redemption || redemption.memberId !== actor.memberId) throw new DomainError('shop-not-yours');
  throw settledError(redemption.status);
}

/** Why a redemption that is no longer RESERVED cannot be acted on. */
export function settledError(status: 'RESERVED' | 'FULFILLED' | 'CANCELLED' | 'EXPIRED'): DomainError {
  switch (status) {
    case 'FULFILLED':
      return new DomainError('shop-already-handed-over');
    case 'EXPIRED':
      return new DomainError('shop-reservation-expired');
    default:
      return new DomainError('shop-reservation-cancelled');
  }
}
