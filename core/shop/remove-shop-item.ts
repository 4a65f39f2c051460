import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import type { ShopItemView } from './shop-items.ts';

/**
 * Takes an item off the shelf. The row stays (redemptions refer to it): reservations already made can
 * still be handed over, or expire and release their points.
 */
export async function removeShopItem(
  db: Db,
  input: { actor: Membership | undefined; number: number },
): Promise<ShopItemView> {
  const actor = requireAllowed(input.actor, 'shop.manage');
  const [item] = await db.shopItem.updateManyAndReturn({
    where: { villageId: actor.villageId, number: input.number, active: true },
    data: { active: false },
    select: { id: true, number: true, name: true, price: true, stock: true },
  });
  if (!item) throw new DomainError('shop-item-not-found', { number: input.number });
  return item;
}
