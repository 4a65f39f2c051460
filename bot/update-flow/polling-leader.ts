import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../../core/logger.ts';

const RETRY_MS = 2_000;
const HEARTBEAT_TIMEOUT_MS = 5_000;
/** Standbys listen here, so a poller that stops hands over at once instead of after a retry period. */
const HANDOVER_CHANNEL = 'yingshan_poller_handover';

/**
 * The advisory-lock key of one bot's poller. Derived from the bot id, so two bots sharing a database
 * each have a poller; hashed, so it is unlikely to meet a key some other application chose.
 */
export function pollingLockKey(botId: number): bigint {
  return createHash('sha256').update(`yingshan:polling:${botId}`).digest().readBigInt64BE(0);
}

export interface PollingLeaderOptions {
  databaseUrl: string;
  /** Telegram's id of the bot (the token's digits). */
  botId: number;
  logger: Logger;
  /** How often a process that is not the poller tries again, and how often the poller checks its connection. */
  retryMs?: number;
}

/**
 * Telegram serves one getUpdates at a time per bot and answers a second with 409, so with several bot
 * processes only one may poll. That one holds a PostgreSQL session-level advisory lock on a connection
 * of its own (not the pool: a pooled connection goes back to the pool and the lock with it).
 * The lock lives exactly as long as that session, so when the connection drops (the process died,
 * the server restarted, an administrator ended the session) the lock is gone server-side and the
 * poller must stop at once, because another process may already hold it. Every process still
 * runs its dispatcher; only the receiving is single.
 * On the embedded PGlite every connection shares one session, so every process would lead: it
 * serves one bot process, as `npm start` and the demo run it.
 */
export class PollingLeader {
  readonly lockKey: bigint;
  readonly #options: Required<PollingLeaderOptions>;
  #client: pg.Client | undefined;
  /** Present while this process leads; aborted the moment it stops. */
  #term: AbortController | undefined;
  readonly #waiters = new Set<(signal: AbortSignal | undefined) => void>();
  #stopped = false;
  #loop: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: PollingLeaderOptions) {
    this.#options = { retryMs: RETRY_MS, ...options };
    this.lockKey = pollingLockKey(options.botId);
  }

  get isLeader(): boolean {
    return this.#term !== undefined && !this.#term.signal.aborted;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Resolves once this process is the poller, with a signal that aborts when it no longer is;
   * with undefined when the leader stops (or `cancel` aborts) first.
   */
  leadership(cancel?: AbortSignal): Promise<AbortSignal | undefined> {
    if (this.#stopped || cancel?.aborted) return Promise.resolve(undefined);
    if (this.#term && !this.#term.signal.aborted) return Promise.resolve(this.#term.signal);
    return new Promise((resolve) => {
      const done = (signal: AbortSignal | undefined) => {
        this.#waiters.delete(done);
        cancel?.removeEventListener('abort', onCancel);
        resolve(signal);
      };
      const onCancel = () => done(undefined);
      this.#waiters.add(done);
      cancel?.addEventListener('abort', onCancel, { once: true });
    });
  }

  /** Gives up the lock (or stops waiting for it). Stop polling first: the next poller starts at once. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#stopped = true;
      for (const waiter of [...this.#waiters]) waiter(undefined);
      this.#wake?.();
      await this.#loop;
      const client = this.#client;
      this.#client = undefined;
      this.#term?.abort();
      this.#term = undefined;
      if (!client) return;
      try {
        // Unlocking before the session ends, with the notification in the same statement, lets a
        // standby that hears it find the lock free (NOTIFY is delivered when the statement commits).
        // The lock may have been won just as stop() began, so this does not trust isLeader.
        const { rows } = await client.query<{ released: boolean }>(
          `WITH u AS MATERIALIZED (SELECT pg_advisory_unlock($1::bigint) AS released)
           SELECT released, CASE WHEN released THEN pg_notify($2, $3) END FROM u`,
          [String(this.lockKey), HANDOVER_CHANNEL, String(this.lockKey)],
        );
        if (rows[0]?.released) this.#options.logger.info('handed polling over');
        await client.end();
      } catch (error) {
        // Ending the session releases the lock anyway.
        this.#options.logger.warn({ err: error }, 'poller lock not released cleanly');
        client.end().catch(() => {});
      }
    })();
    return this.#stopping;
  }

  async #run(): Promise<void> {
    const { logger, retryMs } = this.#options;
    let announcedWaiting = false;
    let announcedTrouble = false;
    while (!this.#stopped) {
      try {
        const client = this.#client ?? (await this.#connect());
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock($1::bigint) AS locked',
          [String(this.lockKey)],
        );
        announcedTrouble = false;
        if (this.#stopped) break; // stop() releases whatever this try won
        if (rows[0]?.locked) {
          announcedWaiting = false;
          await this.#lead(client);
          continue;
        }
        if (!announcedWaiting) {
          logger.info('waiting to become the poller');
          announcedWaiting = true;
        }
      } catch (error) {
        this.#drop(this.#client);
        if (!announcedTrouble && !this.#stopped) {
          logger.warn({ err: error }, 'cannot reach the database for the poller lock; trying again');
          announcedTrouble = true;
        }
      }
      await this.#sleep(retryMs);
    }
  }

  /** Holds the lead until the connection is lost or the leader stops; checks the connection meanwhile. */
  async #lead(client: pg.Client): Promise<void> {
    const term = new AbortController();
    this.#term = term;
    this.#options.logger.info('this process polls for updates');
    for (const waiter of [...this.#waiters]) waiter(term.signal);
    while (!term.signal.aborted && !this.#stopped) {
      await this.#sleep(this.#options.retryMs);
      if (term.signal.aborted || this.#stopped) break;
      // A silently broken connection (a network partition) raises no event: without this check the
      // process would poll on while the server, once it notices, gives the lock to another.
      try {
        await withTimeout(client.query('SELECT 1'), HEARTBEAT_TIMEOUT_MS);
      } catch {
        this.#drop(client);
      }
    }
  }

  async #connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.#options.databaseUrl,
      keepAlive: true,
      application_name: 'yingshan-poller',
    });
    client.on('error', () => this.#drop(client));
    client.on('end', () => this.#drop(client));
    client.on('notification', (message) => {
      if (message.payload === String(this.lockKey) && !this.isLeader) this.#wake?.();
    });
    try {
      await client.connect();
      // The server drops the session (and so the lock) ~25 s after the poller's host goes silent,
      // instead of after the operating system's default of two hours.
      await client.query(
        'SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; SET tcp_keepalives_count = 3',
      );
      await client.query(`LISTEN ${HANDOVER_CHANNEL}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    this.#client = client;
    return client;
  }

  /** Forgets a connection that failed; if it held the lock, leadership ends now. */
  #drop(client: pg.Client | undefined): void {
    if (!client || client !== this.#client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    if (this.isLeader) {
      this.#term?.abort();
      this.#options.logger.warn('lost the poller lock (its database connection closed); polling stops');
    }
    this.#term = undefined;
    this.#wake?.();
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
