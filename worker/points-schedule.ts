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

/**
 * After a rejected appeal: the award is final at once. A new key, because the award's first timer has
 * fired (and applied nothing: the award was under appeal) or was cancelled, and a key once used is
 * never set again (setTimers keeps the first). An award is appealed once, so this key is used once.
 */
export const awardAfterAppealKey = (awardId: number) => `award-${awardId}-after-appeal`;

export async function setAwardTimerAfterAppeal(
  db: Db,
  owed: Owed,
  input: { awardId: number; finalAt: Date },
): Promise<void> {
  await owed.timer(
    db,
    'points-award-final',
    { dedupeKey: awardAfterAppealKey(input.awardId), awardId: input.awardId },
    input.finalAt,
  );
}

/** An appeal makes the award's first timer moot (it would apply nothing); cancelled with the appeal. */
export async function cancelAwardFinalTimer(db: Db, owed: Owed, awardId: number): Promise<void> {
  await owed.cancelTimer(db, 'points-award-final', awardFinalKey(awardId));
}

/**
 * The key of a points-rule version's announcement, owed by /pointrule and by a vote that changed the
 * rule: one key per version, so it is announced once whoever made it.
 */
export const pointRuleAnnounceKey = (ruleId: number, version: number) => `point-rule-${ruleId}-v${version}`;
