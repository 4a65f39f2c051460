import { InlineKeyboard } from 'grammy';
import type { ShopItemView } from '../../core/shop/shop-items.ts';
import { shopCancelCallback, shopFulfilCallback, shopRedeemCallback } from '../callback-data/shop.ts';
import type { Translate } from '../render/talk-item.ts';

/** Under /shop: one "redeem" button per item still on the shelf. */
export function shopKeyboard(
  t: Translate,
  items: readonly ShopItemView[],
  villageId: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const item of items) {
    if (item.stock <= 0) continue;
    keyboard
      .text(
        t('shop-button-redeem', { number: item.number, name: item.name, price: item.price }),
        shopRedeemCallback.pack({ number: item.number }, villageId),
      )
      .row();
  }
  return keyboard;
}

/**
 * Under a reservation: the deep link the shopkeeper opens (`/start r_<code>`), the one its QR picture
 * (sent by the worker right after) carries, for a shopkeeper who gets it forwarded rather than scanned.
 */
export function redemptionLinkKeyboard(t: Translate, link: string): InlineKeyboard {
  return new InlineKeyboard().url(t('shop-button-link'), link);
}

/** Under a scanned code, for the shopkeeper. */
export function fulfilKeyboard(t: Translate, redemptionId: number, villageId: number): InlineKeyboard {
  return new InlineKeyboard().text(
    t('shop-button-fulfil'),
    shopFulfilCallback.pack({ redemptionId }, villageId),
  );
}

/** Under /myorders: a "cancel" per reservation. */
export function myOrdersKeyboard(
  t: Translate,
  orders: readonly { redemptionId: number; itemName: string }[],
  villageId: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const order of orders)
    keyboard
      .text(
        t('shop-button-cancel', { name: order.itemName }),
        shopCancelCallback.pack({ redemptionId: order.redemptionId }, villageId),
      )
      .row();
  return keyboard;
}
