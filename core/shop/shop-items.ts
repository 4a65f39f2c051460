import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

/** An item as the shop shows it. */
export interface ShopItemView {
  id: number;
  number: number;
  name: string;
  price: number;
  stock: number;
}

const VIEW = { id: true, number: true, name: true, price: true, stock: true } as const;

/** The shop's shelf, in number order: active items only. */
export async function listShopItems(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<ShopItemView[]> {
  const actor = requireAllowed(input.actor, 'shop.redeem');
  return db.shopItem.findMany({
    where: { villageId: actor.villageId, active: true },
    select: VIEW,
    orderBy: { number: 'asc' },
  });
}

/** What a member may spend now: their balance less what their reservations hold. */
export async function availablePoints(
  db: Db,
  input: { villageId: number; memberId: number },
): Promise<number> {
  const row = await db.memberPoints.findUnique({
    where: { villageId_memberId: { villageId: input.villageId, memberId: input.memberId } },
    select: { balance: true, reserved: true },
  });
  return row ? row.balance - row.reserved : 0;
}

export async function findActiveItem(db: Db, villageId: number, number: number): Promise<ShopItemView> {
  const item = await db.shopItem.findUnique({
    where: { villageId_number: { villageId, number } },
    select: { ...VIEW, active: true },
  });
  if (!item?.active) throw new DomainError('shop-item-not-found', { number });
  const { active: _active, ...view } = item;
  return view;
}
