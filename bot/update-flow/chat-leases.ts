import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { SqlReader } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';

/** Short: after a crash, the dead process's chats wait this long for another to take them. */
export const DEFAULT_LEASE_MS = 6_000;
export const DEFAULT_NUDGE_CHANNEL = 'yingshan_chat_nudge';
const RELISTEN_MS = 1_000;

export interface ChatLeasesOptions {
  /** The pool the lease statements run on (createDatabase's `sql`). */
  sql: SqlReader;
  /** For the LISTEN connection, which has to be a connection of its own, not a pooled one. */
  databaseUrl: string;
  logger: Logger;
  /** How long a lease lasts unless renewed. Default 6 s. */
  leaseMs?: number;
  /** How often the leases in use are renewed. Default a third of leaseMs. */
  renewEveryMs?: number;
  /** holds() turns false this long before the lease runs out. Default a fifth of leaseMs. */
  safetyMarginMs?: number;
  /** This instance's name in the table. Default "<host>:<pid>:<random>", unique per instance. */
  holder?: string;
  /** The NOTIFY channel of nudges (a lower-case identifier); bots sharing a database need one each. */
  channel?: string;
}

interface HeldLease {
  /** performance.now() until which holds() may say yes. */
  freshUntil: number;
  /** performance.now() of the latest acquire, holds() that said yes, or unpin. */
  usedAt: number;
  /** performance.now() of the latest acquire: a renewal sent before it says nothing about it. */
  acquiredAt: number;
}

/*
 * Every statement that locks several lease rows locks them in "chatKey" order (acquire's ORDER BY,
 * the renewal's and close()'s ordered FOR UPDATE), so two processes contending for the same chats
 * wait for each other instead of deadlocking.
 */

const ACQUIRE_SQL = `
  INSERT INTO "ChatLease" ("chatKey", holder, "expiresAt")
  SELECT key, $2, now() + $3::int * interval '1 millisecond'
  FROM unnest($1::text[]) AS key
  ORDER BY key
  ON CONFLICT ("chatKey") DO UPDATE SET holder = EXCLUDED.holder, "expiresAt" = EXCLUDED."expiresAt"
  WHERE "ChatLease"."expiresAt" < now() OR "ChatLease".holder = EXCLUDED.holder
  RETURNING "chatKey"`;

const RENEW_SQL = `
  WITH mine AS MATERIALIZED (
    SELECT "chatKey" FROM "ChatLease"
    WHERE holder = $1 AND "chatKey" = ANY($2::text[])
    ORDER BY "chatKey"
    FOR UPDATE)
  UPDATE "ChatLease" AS lease SET "expiresAt" = now() + $3::int * interval '1 millisecond'
  FROM mine WHERE lease."chatKey" = mine."chatKey"
  RETURNING lease."chatKey"`;

/*
 * Why this cannot strand an update under READ COMMITTED. A receiver stores an update and only after
 * its INSERT commits asks for the chat's lease (and nudges when it does not get it). The DELETE
 * below decides with the snapshot its statement started with:
 *  - the update committed before that snapshot: NOT EXISTS sees it, nothing is deleted, the answer
 *    is false and the holder goes on with the chat;
 *  - it committed later, so the receiver's acquire starts after the DELETE did. Coming after the
 *    DELETE's commit, it finds no row and inserts one. Meeting the row the DELETE has locked,
 *    ON CONFLICT waits for that commit and then inserts. Either way the receiver holds the lease.
 *    Only if it locked the row first does it find it held; it then nudges, after its statement
 *    ended, and a process that hears the nudge and asks for the lease finds the row gone or waits
 *    on the DELETE as above.
 * The dispatcher's periodic inbox scan covers a nudge that is lost. `held` and `pending` are read
 * with the DELETE's snapshot, to tell "more to do" from "not this holder's anymore".
 */
const RELEASE_IF_IDLE_SQL = `
  WITH released AS (
    DELETE FROM "ChatLease"
    WHERE "chatKey" = $1 AND holder = $2
      AND NOT EXISTS (SELECT 1 FROM "InboundUpdate" WHERE "chatKey" = $1 AND "handledAt" IS NULL)
    RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM released) AS released,
         EXISTS (SELECT 1 FROM "ChatLease" WHERE "chatKey" = $1 AND holder = $2) AS held,
         EXISTS (SELECT 1 FROM "InboundUpdate" WHERE "chatKey" = $1 AND "handledAt" IS NULL) AS pending`;

/** Leaving: every lease of this holder goes, and chats with updates waiting are nudged to the others. */
const RELEASE_ALL_SQL = `
  WITH mine AS MATERIALIZED (
    SELECT "chatKey" FROM "ChatLease" WHERE holder = $1 ORDER BY "chatKey" FOR UPDATE),
  released AS (
    DELETE FROM "ChatLease" AS lease USING mine WHERE lease."chatKey" = mine."chatKey"
    RETURNING lease."chatKey")
  SELECT pg_notify($2, released."chatKey") FROM released
  WHERE EXISTS (
    SELECT 1 FROM "InboundUpdate" WHERE "chatKey" = released."chatKey" AND "handledAt" IS NULL)`;

/**
 * Chat leases in PostgreSQL: with several bot processes, one chat's updates run in one process at a
 * time, in order, whichever process received them. A lease is a row (chat, holder, expiry by the
 * database's clock); a process that holds one remembers it with a local deadline a safety margin
 * before the expiry, so the hot path asks `holds()` and makes no query. One statement acquires a
 * batch, one renews every lease in use, and idle leases are left to lapse: a chat that keeps
 * talking costs no lease query at all.
 *
 * How a dispatcher uses them:
 *  - before running a chat's update: `holds(chatKey)`; for the chats where it says no, one
 *    `acquire([...])`. A chat not acquired belongs to another process: `nudge(chatKey)` and leave it.
 *  - around work that may outlast a renewal period (a slow handler): `pin(chatKey)`.
 *  - when a chat's queue runs dry: keep the lease (it lapses about a lease period after its last
 *    use), or `releaseIfIdle(chatKey)` to hand the chat over at once; on false, read the chat's
 *    pending updates from the inbox and go on.
 *  - `onNudge`: updates wait for that chat. Holding it: read them. Not holding it: try to acquire
 *    it, since it may have been released a moment ago.
 * Nudges are not durable (a NOTIFY while the listener reconnects is lost): the dispatcher's
 * periodic inbox scan stays the safety net. A lease guards order; the claim in the update's
 * transaction still guards against running an update twice, should a lease ever be lost mid-run.
 */
export class ChatLeases {
  readonly holder: string;
  readonly #sql: SqlReader;
  readonly #databaseUrl: string;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #renewEveryMs: number;
  readonly #marginMs: number;
  readonly #channel: string;
  readonly #held = new Map<string, HeldLease>();
  readonly #pins = new Map<string, number>();
  /** performance.now() at which the last successful renewal was sent; later uses count as "in use". */
  #lastRenewalAt = Number.NEGATIVE_INFINITY;
  #renewTimer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  readonly #nudgeListeners = new Set<(chatKey: string) => void>();
  #listenClient: pg.Client | undefined;
  #listening: Promise<void> | undefined;
  #relistenTimer: NodeJS.Timeout | undefined;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: ChatLeasesOptions) {
    this.#sql = options.sql;
    this.#databaseUrl = options.databaseUrl;
    this.#logger = options.logger;
    this.#leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.#renewEveryMs = options.renewEveryMs ?? Math.round(this.#leaseMs / 3);
    this.#marginMs = options.safetyMarginMs ?? Math.round(this.#leaseMs / 5);
    this.holder = options.holder ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.#channel = options.channel ?? DEFAULT_NUDGE_CHANNEL;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(this.#channel))
      throw new Error(`nudge channel must be a lower-case identifier: ${this.#channel}`);
    if (this.#marginMs + this.#renewEveryMs >= this.#leaseMs)
      throw new Error('a lease must outlast a renewal period plus the safety margin');
  }

  /**
   * Takes the leases of these chats that are free (no row, or expired) or already this holder's
   * (which extends them), in one statement. Returns the chats this instance now holds.
   */
  async acquire(chatKeys: Iterable<string>): Promise<Set<string>> {
    // ON CONFLICT may not touch one row twice in a statement: no duplicates.
    const keys = [...new Set(chatKeys)];
    if (keys.length === 0 || this.#closed) return new Set();
    const sentAt = performance.now();
    const { rows } = await this.#sql.query(ACQUIRE_SQL, [keys, this.holder, this.#leaseMs]);
    const acquired = new Set((rows as { chatKey: string }[]).map((row) => row.chatKey));
    const freshUntil = sentAt + this.#leaseMs - this.#marginMs;
    for (const key of keys) {
      if (acquired.has(key)) this.#held.set(key, { freshUntil, usedAt: sentAt, acquiredAt: sentAt });
      else this.#held.delete(key); // another process has it now
    }
    this.#renewTimer ??= setInterval(() => void this.renew(), this.#renewEveryMs).unref();
    return acquired;
  }

  /**
   * True while this instance holds the chat's lease with time to spare; no query. A yes counts as
   * use, so the next renewal extends the lease.
   */
  holds(chatKey: string): boolean {
    const lease = this.#held.get(chatKey);
    if (!lease || this.#closed) return false;
    const now = performance.now();
    if (now >= lease.freshUntil) return false;
    lease.usedAt = now;
    return true;
  }

  /** This instance learned it lost the chat (a claim refused for it): holds() says no until acquired again. */
  forget(chatKey: string): void {
    this.#held.delete(chatKey);
  }

  /**
   * Keeps the chat's lease renewed, used or not, until the returned function is called: for work
   * that may run longer than a renewal period. If the lease is lost anyway, holds() turns false.
   */
  pin(chatKey: string): () => void {
    this.#pins.set(chatKey, (this.#pins.get(chatKey) ?? 0) + 1);
    let unpinned = false;
    return () => {
      if (unpinned) return;
      unpinned = true;
      const left = (this.#pins.get(chatKey) ?? 1) - 1;
      if (left > 0) this.#pins.set(chatKey, left);
      else this.#pins.delete(chatKey);
      const lease = this.#held.get(chatKey);
      if (lease) lease.usedAt = performance.now();
    };
  }

  /**
   * Gives the chat's lease up unless the inbox holds an unhandled update for it. True: this instance
   * no longer holds the chat (released now, or it was not this holder's anymore). False: updates
   * are waiting and the lease is still this holder's; go on with them.
   */
  async releaseIfIdle(chatKey: string): Promise<boolean> {
    const { rows } = await this.#sql.query(RELEASE_IF_IDLE_SQL, [chatKey, this.holder]);
    const row = rows[0] as { released: boolean; held: boolean; pending: boolean };
    if (row.released || !(row.held && row.pending)) {
      this.#held.delete(chatKey);
      return true;
    }
    const lease = this.#held.get(chatKey);
    if (lease) lease.usedAt = performance.now();
    return false;
  }

  /** Tells whoever holds the chat (or can take it) that an update waits for it. */
  async nudge(chatKey: string): Promise<void> {
    await this.#sql.query('SELECT pg_notify($1, $2)', [this.#channel, chatKey]);
  }

  /**
   * Calls the listener with the chat key of every nudge, this instance's own included. Resolves once
   * listening; a lost connection is re-established in the background.
   */
  async onNudge(listener: (chatKey: string) => void): Promise<() => void> {
    this.#nudgeListeners.add(listener);
    try {
      await this.#listen();
    } catch (error) {
      this.#nudgeListeners.delete(listener);
      throw error;
    }
    return () => {
      this.#nudgeListeners.delete(listener);
    };
  }

  /**
   * Extends, in one statement, every lease used since the last renewal or pinned; forgets idle ones
   * once they are no longer fresh. Runs every renewEveryMs by itself.
   */
  renew(): Promise<void> {
    this.#renewing ??= this.#renew().finally(() => {
      this.#renewing = undefined;
    });
    return this.#renewing;
  }

  async #renew(): Promise<void> {
    if (this.#closed) return;
    const sentAt = performance.now();
    const inUse: string[] = [];
    for (const [key, lease] of this.#held) {
      if (this.#pins.has(key) || lease.usedAt > this.#lastRenewalAt) inUse.push(key);
      else if (sentAt >= lease.freshUntil) this.#held.delete(key); // idle: left to lapse
    }
    if (inUse.length === 0) {
      this.#lastRenewalAt = sentAt;
      return;
    }
    let renewed: Set<string>;
    try {
      const { rows } = await this.#sql.query(RENEW_SQL, [this.holder, inUse, this.#leaseMs]);
      renewed = new Set((rows as { chatKey: string }[]).map((row) => row.chatKey));
    } catch (error) {
      // Nothing is extended: the next tick tries again, and holds() turns false as leases run out.
      this.#logger.warn({ err: error, leases: inUse.length }, 'could not renew chat leases');
      return;
    }
    this.#lastRenewalAt = sentAt;
    const freshUntil = sentAt + this.#leaseMs - this.#marginMs;
    for (const key of inUse) {
      const lease = this.#held.get(key);
      if (!lease) continue; // released meanwhile
      if (renewed.has(key)) lease.freshUntil = Math.max(lease.freshUntil, freshUntil);
      else if (lease.acquiredAt < sentAt) {
        // It ran out before this renewal and another process took it.
        this.#held.delete(key);
        this.#logger.warn({ chatKey: key }, 'chat lease lost to another process');
      }
    }
  }

  /** Stops renewing, stops listening and gives up every lease this instance holds. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearInterval(this.#renewTimer);
      clearTimeout(this.#relistenTimer);
      await this.#renewing;
      this.#held.clear();
      this.#nudgeListeners.clear();
      const client = this.#listenClient;
      this.#listenClient = undefined;
      await client?.end().catch(() => {});
      try {
        await this.#sql.query(RELEASE_ALL_SQL, [this.holder, this.#channel]);
      } catch (error) {
        this.#logger.warn({ err: error }, 'chat leases not released; they lapse by themselves');
      }
    })();
    return this.#closing;
  }

  #listen(): Promise<void> {
    this.#listening ??= this.#connectListener().catch((error: unknown) => {
      this.#listening = undefined;
      throw error;
    });
    return this.#listening;
  }

  async #connectListener(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.#databaseUrl,
      keepAlive: true,
      application_name: 'yingshan-chat-nudges',
    });
    client.on('notification', (message) => {
      if (message.channel !== this.#channel || !message.payload) return;
      for (const listener of [...this.#nudgeListeners]) {
        try {
          listener(message.payload);
        } catch (error) {
          this.#logger.error({ err: error, chatKey: message.payload }, 'nudge listener failed');
        }
      }
    });
    client.on('error', () => this.#onListenerLost(client));
    client.on('end', () => this.#onListenerLost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.#channel}`);
    } catch (error) {
      client.end().catch(() => {});
      throw error;
    }
    if (this.#closed) {
      await client.end().catch(() => {});
      return;
    }
    this.#listenClient = client;
  }

  #onListenerLost(client: pg.Client): void {
    if (client !== this.#listenClient) return;
    this.#listenClient = undefined;
    this.#listening = undefined;
    client.end().catch(() => {});
    if (this.#closed) return;
    this.#logger.warn('lost the chat nudge connection; listening again (the inbox scan covers the gap)');
    this.#relistenSoon();
  }

  #relistenSoon(): void {
    this.#relistenTimer = setTimeout(() => {
      this.#relistenTimer = undefined;
      if (this.#closed) return;
      this.#listen().then(
        () => this.#logger.info('listening for chat nudges again'),
        () => this.#relistenSoon(),
      );
    }, RELISTEN_MS);
    this.#relistenTimer.unref();
  }
}
