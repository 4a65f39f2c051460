import type { Db } from '../../core/db/client.ts';

/**
 * What the dispatcher hands to the middleware for one update: the transaction its effects
 * commit in, the work to run once they did, and whether the error boundary asked for a rollback.
 * grammY builds the context itself, so the scope travels by update id.
 */
export interface UpdateScope {
  db: Db;
  afterCommit: Array<() => Promise<unknown>>;
  rollback: boolean;
}

export class UpdateScopes {
  readonly #scopes = new Map<number, UpdateScope>();

  open(updateId: number, db: Db): UpdateScope {
    const scope: UpdateScope = { db, afterCommit: [], rollback: false };
    this.#scopes.set(updateId, scope);
    return scope;
  }

  get(updateId: number): UpdateScope | undefined {
    return this.#scopes.get(updateId);
  }

  close(updateId: number): void {
    this.#scopes.delete(updateId);
  }
}
