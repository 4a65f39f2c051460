import { Composer } from 'grammy';
import { DateTime } from 'luxon';
import { DomainError } from '../../core/errors.ts';
import { requireAllowed } from '../../core/members/membership.ts';
import { shortHash } from '../../core/points/ledger-hash.ts';
import { addShopItem } from '../../core/shop/add-shop-item.ts';
import { editShopItem } from '../../core/shop/edit-shop-item.ts';
import { fulfilRedemption, showRedemption } from '../../core/shop/fulfil-redemption.ts';
import { listMyRedemptions } from '../../core/shop/my-redemptions.ts';
import { redeemItem } from '../../core/shop/redeem-item.ts';
import { cancelRedemption } from '../../core/shop/release-redemption.ts';
import { removeShopItem } from '../../core/shop/remove-shop-item.ts';
import { availablePoints, listShopItems, type ShopItemView } from '../../core/shop/shop-items.ts';
import { normalizeRedemptionCode, parseShopCommand, redemptionLink } from '../../core/shop/shop-values.ts';
import { cancelReservationExpiry, setReservationExpiry } from '../../worker/shop-schedule.ts';
import { shopCancelCallback, shopFulfilCallback, shopRedeemCallback } from '../callback-data/shop.ts';
import type { BotContext } from '../context.ts';
import { fulfilKeyboard, myOrdersKeyboard, redemptionLinkKeyboard, shopKeyboard } from '../keyboards/shop.ts';

/**
 * The village points shop: the shopkeeper's `/shop add|edit|remove`, members' `/shop` (a redeem button
 * per item) and `/myorders` (cancel), and the hand-over: the shopkeeper opens the member's code
 * (`/start r_<code>`, installed before onboarding's /start; or `/redeem <code>`) and confirms.
 */
export const shopFeature = new Composer<BotContext>();
const feature = shopFeature.chatType('private');

const REDEEM_PAYLOAD = /^r_([A-Za-z0-9]{12,32})$/;

const until = (ctx: BotContext, at: Date) =>
  DateTime.fromJSDate(at, { zone: ctx.membership?.timezone ?? 'Asia/Shanghai' }).toFormat('MM-dd HH:mm');

const itemLine = (ctx: BotContext, item: ShopItemView) =>
  ctx.t('shop-item-line', { number: item.number, name: item.name, price: item.price, stock: item.stock });

feature.command('shop', async (ctx) => {
  const command = parseShopCommand(ctx.match);
  const actor = ctx.membership;
  if (command.action === 'list') {
    const member = requireAllowed(actor, 'shop.redeem');
    const items = await listShopItems(ctx.db, { actor: member });
    const available = await availablePoints(ctx.db, member);
    const head = ctx.t('shop-title', { village: member.villageName, available });
    if (items.length === 0) return ctx.reply([head, ctx.t('shop-empty')].join('\n\n'));
    const lines = items.map((item) => itemLine(ctx, item));
    return ctx.reply([head, lines.join('\n')].join('\n\n'), {
      reply_markup: shopKeyboard(ctx.t, items, member.villageId),
    });
  }
  const text = await ctx.write(async (tx) => {
    switch (command.action) {
      case 'add':
        return ctx.t('shop-added', { line: itemLine(ctx, await addShopItem(tx, { actor, ...command })) });
      case 'edit':
        return ctx.t('shop-edited', { line: itemLine(ctx, await editShopItem(tx, { actor, ...command })) });
      case 'remove': {
        const item = await removeShopItem(tx, { actor, number: command.number });
        return ctx.t('shop-removed', { number: item.number, name: item.name });
      }
    }
  });
  return ctx.reply(text);
});

feature.callbackQuery(shopRedeemCallback.filter, async (ctx) => {
  const { number } = shopRedeemCallback.unpack(ctx.callbackQuery.data);
  const reserved = await ctx.write(async (tx) => {
    const reservation = await redeemItem(tx, { actor: ctx.membership, itemNumber: number });
    await setReservationExpiry(tx, ctx.owed, reservation);
    // The code as a QR picture follows from the worker (an upload cannot wait in the outbox).
    await ctx.owed.job(tx, 'shop-redemption-qr', {
      dedupeKey: `redemption-${reservation.redemptionId}-qr`,
      redemptionId: reservation.redemptionId,
    });
    return reservation;
  });
  await ctx.answerCallbackQuery({ text: ctx.t('shop-reserved-short', { name: reserved.itemName }) });
  await ctx.reply(
    ctx.t('shop-reserved', {
      name: reserved.itemName,
      price: reserved.price,
      code: reserved.code,
      until: until(ctx, reserved.expiresAt),
    }),
    { reply_markup: redemptionLinkKeyboard(ctx.t, redemptionLink(ctx.me.username, reserved.code)) },
  );
});

/** The shopkeeper scanned or typed a code: what it is for, whose, and a button to confirm the hand-over. */
async function showCode(ctx: BotContext, text: string) {
  const code = normalizeRedemptionCode(text);
  if (!code) throw new DomainError('shop-code-unknown');
  const shown = await showRedemption(ctx.db, { actor: ctx.membership, code });
  const params = {
    name: shown.itemName,
    price: shown.price,
    member: shown.memberName ?? '',
    number: shown.memberNumber,
    household: shown.householdName ?? '',
  };
  if (shown.status !== 'RESERVED') {
    const key = {
      FULFILLED: 'error-shop-already-handed-over',
      EXPIRED: 'error-shop-reservation-expired',
      CANCELLED: 'error-shop-reservation-cancelled',
    }[shown.status];
    return ctx.reply([ctx.t('shop-code-for', params), ctx.t(key)].join('\n'));
  }
  const villageId = ctx.membership?.villageId ?? 0;
  return ctx.reply(ctx.t('shop-code-valid', { ...params, until: until(ctx, shown.expiresAt) }), {
    reply_markup: fulfilKeyboard(ctx.t, shown.redemptionId, villageId),
  });
}

feature.command('start', async (ctx, next) => {
  const code = REDEEM_PAYLOAD.exec(ctx.match.trim())?.[1];
  if (!code) return next();
  return showCode(ctx, code);
});

feature.command('redeem', async (ctx) => {
  if (!ctx.match.trim()) return ctx.reply(ctx.t('shop-redeem-usage'));
  return showCode(ctx, ctx.match);
});

feature.callbackQuery(shopFulfilCallback.filter, async (ctx) => {
  const { redemptionId } = shopFulfilCallback.unpack(ctx.callbackQuery.data);
  const done = await ctx.write(async (tx) => {
    const fulfilled = await fulfilRedemption(tx, { actor: ctx.membership, redemptionId });
    await cancelReservationExpiry(tx, ctx.owed, redemptionId);
    await ctx.owed.job(tx, 'notify', {
      dedupeKey: `redemption-${redemptionId}-fulfilled`,
      memberId: fulfilled.memberId,
      message: {
        key: 'shop-notice-fulfilled',
        params: {
          name: fulfilled.itemName,
          price: fulfilled.price,
          sequence: fulfilled.entry.sequence,
          hash: shortHash(fulfilled.entry.hash),
        },
      },
    });
    return fulfilled;
  });
  const text = ctx.t('shop-fulfilled', {
    name: done.itemName,
    price: done.price,
    sequence: done.entry.sequence,
  });
  await ctx.answerCallbackQuery({ text: text.slice(0, 190) });
  await ctx.reply(text);
});

feature.command('myorders', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'shop.redeem');
  const orders = await listMyRedemptions(ctx.db, { actor: member });
  if (orders.length === 0) return ctx.reply(ctx.t('shop-myorders-empty'));
  const lines = orders.map((order) =>
    ctx.t('shop-myorders-line', {
      name: order.itemName,
      price: order.price,
      code: order.code,
      until: until(ctx, order.expiresAt),
    }),
  );
  return ctx.reply([ctx.t('shop-myorders-title'), lines.join('\n')].join('\n\n'), {
    reply_markup: myOrdersKeyboard(ctx.t, orders, member.villageId),
  });
});

feature.callbackQuery(shopCancelCallback.filter, async (ctx) => {
  const { redemptionId } = shopCancelCallback.unpack(ctx.callbackQuery.data);
  const released = await ctx.write(async (tx) => {
    const cancelled = await cancelRedemption(tx, { actor: ctx.membership, redemptionId });
    await cancelReservationExpiry(tx, ctx.owed, redemptionId);
    return cancelled;
  });
  const text = ctx.t('shop-cancelled', { name: released.itemName, price: released.price });
  await ctx.answerCallbackQuery({ text: text.slice(0, 190) });
  await ctx.reply(text);
});
