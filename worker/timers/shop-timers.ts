import { expireRedemption } from '../../core/shop/release-redemption.ts';
import type { TimerWork } from './timer-work.ts';

/**
 * A reservation not collected in time: released (stock back on the shelf, points no longer held) with
 * a conditional update in the timer's transaction, and its member told. Fired twice, or after the
 * goods were handed over or the member cancelled, it releases nothing.
 */
export const expireReservation: TimerWork<'shop-reservation-expiry'> = async (
  tx,
  owed,
  { redemptionId },
  { now },
) => {
  const expired = await expireRedemption(tx, { redemptionId, now });
  if (expired.outcome === 'wait') return { outcome: 'wait', until: expired.until };
  if (expired.outcome === 'skip') return { outcome: 'skipped', reason: expired.reason };
  const { released } = expired;
  await owed.job(tx, 'notify', {
    dedupeKey: `redemption-${redemptionId}-expired`,
    memberId: released.memberId,
    message: { key: 'shop-notice-expired', params: { name: released.itemName, price: released.price } },
  });
  return { outcome: 'sent', notified: [released.memberId] };
};
