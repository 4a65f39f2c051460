import type { Db, Prisma, PrismaClient } from '../../core/db/client.ts';
import { claimUpdate, isUpdateHandled } from '../../core/inbox/inbox.ts';

/** The update was handled by an earlier run; this one must change nothing. */
export class UpdateAlreadyHandled extends Error {}

/**
 * This process no longer holds the chat's lease (it stalled past it, and another may have taken the
 * chat): the update is not run here; the dispatcher takes the lease again or leaves the chat.
 */
export class ChatLeaseLost extends Error {}

/** A handler wrote (or locked) through the read handle: a bug, reported loudly. */
export class UnitOfWorkMisuse extends Error {}

class RollbackRequested extends Error {}

/**
 * Nothing talks to Telegram inside the transaction any more (sends wait for the commit), so it only
 * spans the handler's own queries. Generous still: a handler may wait for a row lock.
 */
const TRANSACTION_TIMEOUT_MS = 20_000;

/** Prisma model methods that only read. Everything else goes through `write`. */
const READS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
]);

export type Write = <T>(work: (tx: Prisma.TransactionClient) => Promise<T>) => Promise<T>;

/**
 * One update's unit of work, with reads and writes visibly apart:
 * - `db` reads. Before the first write it reads from the pool; after, inside the transaction (so a
 *   handler sees what it wrote). Anything else through it, a write, raw SQL, `$transaction`, throws
 *   `UnitOfWorkMisuse`: a locking read or an `UPDATE … RETURNING` can never run outside by accident.
 * - `write(tx => …)` runs work in the update's transaction, opening it at the first call: the
 *   transaction claims the update first, so the update's effects and its "handled" mark commit
 *   together, exactly once. Every call of one update shares that transaction.
 * An update that never calls `write` (/me, /help) opens no transaction at all.
 */
export class UnitOfWork {
  readonly db: Db;
  #tx: Prisma.TransactionClient | undefined;
  #opening: Promise<Prisma.TransactionClient> | undefined;
  #finished: Promise<unknown> | undefined;
  #settle: { commit(): void; rollback(): void } | undefined;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly updateId: bigint,
    /** The chat lease's holder name, when chats are leased (several processes). */
    private readonly leaseHolder?: string,
  ) {
    this.db = this.#readHandle();
  }

  get opened(): boolean {
    return this.#opening !== undefined;
  }

  readonly write: Write = async (work) => work(await this.#open());

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
            if (!(await claimUpdate(tx, this.updateId, this.leaseHolder))) {
              throw (await isUpdateHandled(tx, this.updateId))
                ? new UpdateAlreadyHandled()
                : new ChatLeaseLost();
            }
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

  #readHandle(): Db {
    const target = () => this.#tx ?? this.prisma;
    return new Proxy({} as Db, {
      get: (_, property) => {
        if (typeof property !== 'string') return undefined;
        if (property.startsWith('$')) {
          return () => {
            throw new UnitOfWorkMisuse(`ctx.db.${property}: raw SQL and transactions go through ctx.write`);
          };
        }
        return new Proxy(
          {},
          {
            get: (_, method) => {
              if (typeof method !== 'string') return undefined;
              if (!READS.has(method)) {
                return () => {
                  throw new UnitOfWorkMisuse(`ctx.db.${property}.${method}: writes go through ctx.write`);
                };
              }
              return (...args: unknown[]) => {
                const delegate = (
                  target() as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>
                )[property];
                if (!delegate?.[method]) throw new UnitOfWorkMisuse(`ctx.db.${property} is not a model`);
                return delegate[method](...args);
              };
            },
          },
        );
      },
    });
  }
}
