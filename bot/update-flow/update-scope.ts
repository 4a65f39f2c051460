import { AsyncLocalStorage } from 'node:async_hooks';
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

  constructor(
    readonly unit: UnitOfWork,
    /** How long this process holds the outbox rows it writes (OUTBOX_LEASE_SECONDS). */
    readonly leaseMs: number,
  ) {
    this.owed = new Owed(leaseMs);
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
