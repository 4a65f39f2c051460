import type { Db } from '../core/db/client.ts';
import { reservationExpiryKey } from '../core/shop/shop-values.ts';
import type { Owed } from './owed.ts';

export { reservationExpiryKey };

/**
 * The points shop's one timer, set in the transaction of the redemption that makes it due and
 * cancelled in the one that makes it moot (handed over, cancelled): one key per redemption
 * (`reservationExpiryKey`, in core so the demo seed can set it too).
 */

export async function setReservationExpiry(
  db: Db,
  owed: Owed,
  input: { redemptionId: number; expiresAt: Date },
): Promise<void> {
  await owed.timer(
    db,
    'shop-reservation-expiry',
    { dedupeKey: reservationExpiryKey(input.redemptionId), redemptionId: input.redemptionId },
    input.expiresAt,
  );
}

/** A courtesy: a timer that fires anyway finds the redemption settled and releases nothing. */
export async function cancelReservationExpiry(db: Db, owed: Owed, redemptionId: number): Promise<void> {
  await owed.cancelTimer(db, 'shop-reservation-expiry', reservationExpiryKey(redemptionId));
}
