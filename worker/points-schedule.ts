import type { Db } from '../core/db/client.ts';
import type { Owed } from './owed.ts';

/**
 * The timers of Points, set inside the transaction of the change that makes them due, through that
 * change's `Owed` (see talk-schedule.ts for the pattern). One timer per award, keyed by the award: a
 * review retried sets it once, and the ledger's unique award keeps a second firing harmless.
 */
export const awardFinalKey = (awardId: number) => `award-${awardId}`;

/** After an approval: the award is applied at the end of its appeal window. */
export async function setAwardFinalTimer(
  db: Db,
  owed: Owed,
  input: { awardId: number; finalAt: Date },
): Promise<void> {
  await owed.timer(
    db,
    'points-award-final',
    { dedupeKey: awardFinalKey(input.awardId), awardId: input.awardId },
    input.finalAt,
  );
}
