import type { Db, Prisma, PrismaClient } from '../../core/db/client.ts';
import { claimUpdate } from '../../core/inbox/inbox.ts';

/** The update was handled by an earlier run; this one must change nothing. */
export class UpdateAlreadyHandled extends Error {}

class RollbackRequested extends Error {}

// A handler may wait out Telegram's 429s inside its transaction; Prisma's 5 s default is too short.
const TRANSACTION_TIMEOUT_MS = 120_000;

const WRITES = new Set([
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'upsert',
  'delete',
  'deleteMany',
  '$executeRaw',
  '$executeRawUnsafe',
]);

/**
 * The database as one update's handler sees it. Reads go to the pool until the handler first
 * writes; that write opens the update's transaction, which claims the update first, and everything
 * after it runs inside. So an update that writes commits its effects and its "handled" mark together
 * (exactly once), and an update that only reads (/me, /help) costs no transaction at all.
 */
export class LazyUnitOfWork {
  readonly db: Db;
  #tx: Prisma.TransactionClient | undefined;
  #opening: Promise<Prisma.TransactionClient> | undefined;
  #finished: Promise<unknown> | undefined;
  #settle: { commit(): void; rollback(): void } | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly updateId: bigint,
  ) {
    this.db = this.#proxy();
  }

  get opened(): boolean {
    return this.#opening !== undefined;
  }

  /** Commits the transaction if one was opened. Rejects if the commit (or the claim) failed. */
  async commit(): Promise<void> {
    if (!this.#opening) return;
    await this.#opening;
    this.#settle?.commit();
    await this.#finished;
  }

  /** Rolls back the transaction if one was opened; never rejects. */
  async rollback(): Promise<void> {
    if (!this.#opening) return;
    const opened = await this.#opening.then(
      () => true,
      () => false,
    );
    if (opened) this.#settle?.rollback();
    await this.#finished?.catch(() => undefined);
  }

  #open(): Promise<Prisma.TransactionClient> {
    this.#opening ??= new Promise<Prisma.TransactionClient>((resolveTx, rejectTx) => {
      this.#finished = this.prisma
        .$transaction(
          async (tx) => {
            if (!(await claimUpdate(tx, this.updateId))) throw new UpdateAlreadyHandled();
            this.#tx = tx;
            await new Promise<void>((commit, rollback) => {
              this.#settle = { commit, rollback: () => rollback(new RollbackRequested()) };
              resolveTx(tx);
            });
          },
          { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 10_000 },
        )
        .catch((error: unknown) => {
          rejectTx(error);
          throw error;
        });
      // The outcome is read through commit()/rollback(); this only keeps Node from reporting it early.
      this.#finished.catch(() => undefined);
    });
    return this.#opening;
  }

  #proxy(): Db {
    const route = (write: boolean) => {
      if (this.#tx) return this.#tx;
      if (write) return undefined;
      return this.prisma;
    };
    const call = (target: object, member: string, args: unknown[]) =>
      (target as Record<string, (...a: unknown[]) => unknown>)[member]?.(...args);
    return new Proxy({} as Db, {
      get: (_, property) => {
        if (typeof property !== 'string') return undefined;
        if (property.startsWith('$')) {
          return (...args: unknown[]) => {
            const target = route(WRITES.has(property));
            if (target) return call(target, property, args);
            return this.#open().then((tx) => call(tx, property, args));
          };
        }
        return new Proxy(
          {},
          {
            get: (_, method) => {
              if (typeof method !== 'string') return undefined;
              return (...args: unknown[]) => {
                const target = route(WRITES.has(method));
                if (target)
                  return call((target as unknown as Record<string, object>)[property] ?? {}, method, args);
                return this.#open().then((tx) =>
                  call((tx as unknown as Record<string, object>)[property] ?? {}, method, args),
                );
              };
            },
          },
        );
      },
    });
  }
}
