import type { Prisma } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import type { Owed } from '../owed.ts';
import type { TimerName, TimerPayloadOf } from '../queues.ts';

/**
 * What a timer does when it fires: its work runs inside the transaction that claimed the timer, so
 * the work and the "fired" mark commit together (a timer run twice does its work once) and whatever
 * it owes (notices) is written through the outbox in that same transaction.
 */

export interface TimerContext {
  /** The clock the timer decides with (tests pass a fixed one). */
  now: Date;
  logger: Logger;
}

/** What a timer's work did; it becomes the `timer` job's return value. */
export type TimerReport = { outcome: 'sent'; notified: number[] } | { outcome: 'skipped'; reason: string };

/** Not yet: the claim is rolled back and the timer fires again at `until`. */
export interface TimerWait {
  outcome: 'wait';
  until: Date;
}

export type TimerWork<N extends TimerName> = (
  tx: Prisma.TransactionClient,
  owed: Owed,
  payload: TimerPayloadOf<N>,
  ctx: TimerContext,
) => Promise<TimerReport | TimerWait>;

/** Every timer kind's work: worker/queues.ts names the kinds and their payloads, this what they do. */
export type TimerWorkRegistry = { [N in TimerName]: TimerWork<N> };
