import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { availablePoints, findActiveItem } from './shop-items.ts';
import { newRedemptionCode, RESERVATION_HOLD_MS } from './shop-values.ts';

export interface Reservation {
  redemptionId: number;
  villageId: number;
  memberId: number;
  code: string;
  itemNumber: number;
  itemName: string;
  price: number;
  expiresAt: Date;
}

/**
 * A member redeems one unit of an item, in the caller's transaction (the update's): one unit of stock
 * and the price in points are reserved, and a RESERVED redemption with a single-use code is written.
 * The caller owes its expiry timer in the same transaction; a refusal rolls all of it back.
 *
 * No read-then-write anywhere. The stock is taken with `UPDATE … SET stock = stock - 1 WHERE stock > 0`
 * and the points with `UPDATE "MemberPoints" SET reserved = reserved + price WHERE balance - reserved
 * >= price`. Each statement locks its row, and under READ COMMITTED a statement that waited for the
 * lock re-checks its WHERE against the row as the other transaction committed it, so two redemptions
 * cannot both take the last unit or the same points. The member's MemberPoints row is the per-member
 * lock: the ledger's tally trigger writes the same row when an entry is appended (under the village's
 * chain-head lock), so reservations and appends of one member queue on it, while other members, and
 * other villages' chains, never wait for a redemption. Row order everywhere: redemption, item,
 * (chain head,) member points — fulfil, expiry and cancellation take the same order, so they cannot
 * deadlock with each other or with a redemption.
 */
export async function redeemItem(
  db: Db,
  input: { actor: Membership | undefined; itemNumber: number; now?: Date; holdMs?: number },
): Promise<Reservation> {
  const actor = requireAllowed(input.actor, 'shop.redeem');
  const now = input.now ?? new Date();
  const [item] = await db.$queryRaw<{ id: number; name: string; price: number }[]>`
    UPDATE "ShopItem" SET stock = stock - 1
    WHERE "villageId" = ${actor.villageId} AND number = ${input.itemNumber} AND active AND stock > 0
    RETURNING id, name, price`;
  if (!item) {
    const shelf = await findActiveItem(db, actor.villageId, input.itemNumber);
    throw new DomainError('shop-out-of-stock', { number: shelf.number, name: shelf.name });
  }
  const held = await db.$executeRaw`
    UPDATE "MemberPoints" SET reserved = reserved + ${item.price}
    WHERE "villageId" = ${actor.villageId} AND "memberId" = ${actor.memberId}
      AND balance - reserved >= ${item.price}`;
  if (held === 0) {
    const available = await availablePoints(db, { villageId: actor.villageId, memberId: actor.memberId });
    throw new DomainError('shop-insufficient-points', { name: item.name, price: item.price, available });
  }
  const expiresAt = new Date(now.getTime() + (input.holdMs ?? RESERVATION_HOLD_MS));
  const code = newRedemptionCode();
  const redemption = await db.redemption.create({
    data: {
      villageId: actor.villageId,
      itemId: item.id,
      memberId: actor.memberId,
      price: item.price,
      code,
      expiresAt,
      createdAt: now,
    },
    select: { id: true },
  });
  return {
    redemptionId: redemption.id,
    villageId: actor.villageId,
    memberId: actor.memberId,
    code,
    itemNumber: input.itemNumber,
    itemName: item.name,
    price: item.price,
    expiresAt,
  };
}
