import { defineVillageCallback } from './codec.ts';

const positive = (text: string | undefined): number | undefined =>
  text !== undefined && /^\d{1,9}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;

/** A member's "redeem" under an item of /shop: the item's village-local number. */
export const shopRedeemCallback = defineVillageCallback('shr', {
  pack: (data: { number: number }) => [data.number],
  unpack: ([n]) => {
    const number = positive(n);
    return number === undefined ? undefined : { number };
  },
});

/** The shopkeeper's "handed over" under a scanned code: the redemption's id (never its code). */
export const shopFulfilCallback = defineVillageCallback('shf', {
  pack: (data: { redemptionId: number }) => [data.redemptionId],
  unpack: ([id]) => {
    const redemptionId = positive(id);
    return redemptionId === undefined ? undefined : { redemptionId };
  },
});

/** A member's "cancel" under a reservation of /myorders. */
export const shopCancelCallback = defineVillageCallback('shc', {
  pack: (data: { redemptionId: number }) => [data.redemptionId],
  unpack: ([id]) => {
    const redemptionId = positive(id);
    return redemptionId === undefined ? undefined : { redemptionId };
  },
});
