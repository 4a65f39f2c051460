import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import type { ShopItemView } from './shop-items.ts';

/** The shopkeeper (or the secretary) puts an item on the shelf; its number is the village's next. */
export async function addShopItem(
  db: Db,
  input: { actor: Membership | undefined; name: string; price: number; stock: number },
): Promise<ShopItemView> {
  const actor = requireAllowed(input.actor, 'shop.manage');
  const { nextShopItemNumber } = await db.village.update({
    where: { id: actor.villageId },
    data: { nextShopItemNumber: { increment: 1 } },
    select: { nextShopItemNumber: true },
  });
  return db.shopItem.create({
    data: {
      villageId: actor.villageId,
      number: nextShopItemNumber - 1,
      name: input.name.trim(),
      price: input.price,
      stock: input.stock,
    },
    select: { id: true, number: true, name: true, price: true, stock: true },
  });
}
