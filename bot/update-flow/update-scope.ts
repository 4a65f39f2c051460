import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { Owed } from '../../worker/owed.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** A Bot API call a handler made, held until the update's outcome is known. */
export interface DeferredCall {
  method: string;
  payload: Record<string, unknown>;
}

/**
 * What the dispatcher keeps for one update while its handler runs: the unit of work, the Bot API
 * calls the handler made (sent only once the update's changes are committed, see defer-sends.ts),
 * the jobs and timers it owes, and how it ended.
 */
export class UpdateScope {
  readonly sends: DeferredCall[] = [];
  readonly owed: Owed;
  /** The error boundary answered a refusal or a failure: roll back, send only that answer. */
  rollback = false;
  /** An earlier run handled this update already: send nothing. */
  alreadyHandled = false;
  /** Calls are held while the handler runs; afterwards they go straight through. */
  deferring = true;
  /**
   * Names this run of the update in the keys of what it owes. Telegram's update ids are not unique
   * for ever (they may start again after a quiet week, and a bot moved to another server starts
   * anew), while outbox keys are; a run's own suffix keeps an old key from swallowing a new intent.
   * Only one run of an update can commit (its claim), so a fresh suffix per run doubles nothing.
   */
  readonly key: string;

  constructor(
    readonly unit: UnitOfWork,
    /** How long this process holds the outbox rows it writes (OUTBOX_LEASE_SECONDS). */
    readonly leaseMs: number,
    updateId: number,
  ) {
    this.owed = new Owed(leaseMs);
    this.key = `${updateId}.${randomBytes(3).toString('hex')}`;
  }

  /** Forgets what the handler meant to send (the change it announced is being rolled back). */
  discardSends(): void {
    this.sends.length = 0;
  }
}

/**
 * grammY builds each update's context itself and calls API transformers without it, so the scope
 * travels with the async call chain of `bot.handleUpdate`.
 */
export const currentUpdate = new AsyncLocalStorage<UpdateScope>();
