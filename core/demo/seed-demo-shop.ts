import type { Prisma } from '../db/client.ts';
import { findMembership, type Membership } from '../members/membership.ts';
import { setTimers, timerRowKey } from '../schedule/timers.ts';
import { addShopItem } from '../shop/add-shop-item.ts';
import { fulfilRedemption } from '../shop/fulfil-redemption.ts';
import { redeemItem } from '../shop/redeem-item.ts';
import { reservationExpiryKey } from '../shop/shop-values.ts';

/** The shelf of Youyi's shop, as 陈小梅 (the shopkeeper) stocked it: name, price, stock. */
export const DEMO_SHOP_ITEMS: ReadonlyArray<readonly [string, number, number]> = [
  ['大米 5 斤', 30, 20],
  ['菜籽油 1 升', 40, 10],
  ['酱油 一瓶', 10, 30],
  ['洗衣粉 一袋', 15, 12],
];

/**
 * The points shop in use, through the real use cases: the shelf; 王小军 (member 11, 100 points for
 * joining the army) redeemed a bag of rice and collected it (a ledger debit); 王秀英 (member 3, who reads
 * English) has a bottle of soy sauce reserved, not yet collected: its code waits in her /myorders for
 * the shopkeeper to scan, and its expiry timer is pending.
 */
export async function seedDemoShop(
  tx: Prisma.TransactionClient,
  context: { villageId: number; userIdOf: (number: number) => number },
): Promise<void> {
  const as = async (number: number): Promise<Membership> => {
    const membership = await findMembership(tx, BigInt(context.userIdOf(number)), context.villageId);
    if (!membership) throw new Error(`demo member ${number} is missing`);
    return membership;
  };
  const shopkeeper = await as(5);
  for (const [name, price, stock] of DEMO_SHOP_ITEMS)
    await addShopItem(tx, { actor: shopkeeper, name, price, stock });
  const rice = await redeemItem(tx, { actor: await as(11), itemNumber: 1 });
  await fulfilRedemption(tx, { actor: shopkeeper, redemptionId: rice.redemptionId });
  const soy = await redeemItem(tx, { actor: await as(3), itemNumber: 3 });
  const key = reservationExpiryKey(soy.redemptionId);
  await setTimers(tx, [
    {
      key: timerRowKey('shop-reservation-expiry', key),
      job: 'shop-reservation-expiry',
      payload: { dedupeKey: key, redemptionId: soy.redemptionId },
      dueAt: soy.expiresAt,
    },
  ]);
}
