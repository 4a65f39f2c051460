import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { findActiveItem, type ShopItemView } from './shop-items.ts';

/**
 * A new price, stock or name. Reservations already made keep the price they were made at
 * (Redemption.price), and the stock set here is what is left on the shelf: units reserved are
 * already off it.
 */
export async function editShopItem(
  db: Db,
  input: { actor: Membership | undefined; number: number; price?: number; stock?: number; name?: string },
): Promise<ShopItemView> {
  const actor = requireAllowed(input.actor, 'shop.manage');
  const item = await findActiveItem(db, actor.villageId, input.number);
  return db.shopItem.update({
    where: { id: item.id },
    data: {
      ...(input.price !== undefined && { price: input.price }),
      ...(input.stock !== undefined && { stock: input.stock }),
      ...(input.name !== undefined && { name: input.name.trim() }),
    },
    select: { id: true, number: true, name: true, price: true, stock: true },
  });
}
