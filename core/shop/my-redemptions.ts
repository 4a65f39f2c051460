import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

export interface MyRedemption {
  redemptionId: number;
  code: string;
  itemName: string;
  price: number;
  expiresAt: Date;
}

/** A member's reservations still waiting to be collected (/myorders), oldest first. */
export async function listMyRedemptions(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<MyRedemption[]> {
  const actor = requireAllowed(input.actor, 'shop.redeem');
  const rows = await db.redemption.findMany({
    where: { villageId: actor.villageId, memberId: actor.memberId, status: 'RESERVED' },
    select: { id: true, code: true, price: true, expiresAt: true, item: { select: { name: true } } },
    orderBy: { id: 'asc' },
    take: 20,
  });
  return rows.map((row) => ({
    redemptionId: row.id,
    code: row.code,
    itemName: row.item.name,
    price: row.price,
    expiresAt: row.expiresAt,
  }));
}
