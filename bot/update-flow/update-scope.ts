import { randomUUID } from 'node:crypto';
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
    // Six hex digits of a v4 UUID: as random as three random bytes, from Node's pooled entropy
    // instead of a system call per update.
    this.key = `${updateId}.${randomUUID().slice(0, 6)}`;
  }

  /** Forgets what the handler meant to send (the change it announced is being rolled back). */
  discardSends(): void {
    this.sends.length = 0;
  }
}

/** The scope of each update being handled, by the update object grammY keeps as `ctx.update`. */
const scopes = new WeakMap<object, UpdateScope>();

/**
 * Runs `handle` (the dispatcher's `bot.handleUpdate(update)`) with `scope` as the update's scope, which
 * the first middleware finds from `ctx.update` (`scopeOf`). Not AsyncLocalStorage: on Node 20 that
 * turns on promise hooks for every promise in the process, about 5% of the bot's CPU per /me
 * (`npm run bench`), only to carry one object that grammY already carries as `ctx.update`.
 */
export async function runInScope<T>(
  update: object,
  scope: UpdateScope,
  handle: () => Promise<T>,
): Promise<T> {
  scopes.set(update, scope);
  try {
    return await handle();
  } finally {
    scopes.delete(update);
  }
}

/** The scope of an update being handled by the dispatcher; undefined outside it. */
export function scopeOf(update: object): UpdateScope | undefined {
  return scopes.get(update);
}
