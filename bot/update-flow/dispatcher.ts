import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { PrismaClient, SqlReader } from '../../core/db/client.ts';
import {
  listPendingUpdates,
  listPendingUpdatesOfChat,
  loadPendingPayload,
  markUpdatesHandled,
  type PendingUpdate,
  recordFailedAttempt,
} from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';
import type { JobProducer } from '../../worker/queues.ts';
import type { BotContext } from '../context.ts';
import type { ChatLeases } from './chat-leases.ts';
import { deliverCommittedSends, sendNow, type WrittenSend, writeUpdateSends } from './deliver-sends.ts';
import { ChatLeaseLost, UnitOfWork, UpdateAlreadyHandled } from './unit-of-work.ts';
import { runInScope, UpdateScope } from './update-scope.ts';

export interface DispatcherOptions {
  prisma: PrismaClient;
  /** The plain SQL reader for the inbox's bookkeeping (createDatabase's `sql`); Prisma without it. */
  sql?: SqlReader | undefined;
  bot: Bot<BotContext>;
  /** Where owed jobs and group sends are handed after a commit. */
  jobs: JobProducer;
  logger: Logger;
  /** Chats handled at once. One chat's updates are always handled one after another. */
  concurrency: number;
  /** An update that keeps failing is set aside after this many attempts, so its chat is not stuck. */
  maxAttempts?: number;
  /** How long the bot holds what it owes before the worker's relay may deliver it. */
  outboxLeaseMs?: number;
  /** Crash tests only: a pause between commit and delivery. */
  holdAfterCommitMs?: number;
  /**
   * With several bot processes: a chat's updates run only in the process holding its lease. Without
   * it (one process, tests) every chat is this process's.
   */
  leases?: ChatLeases | undefined;
}

/** How long read-only updates wait to be marked handled together. */
const MARK_BATCH_MS = 20;
const IDLE_POLL_MS = 1_000;
/** The inbox scan leaves fresh updates to the receiver that is handing them over right now. */
const SCAN_MIN_AGE_MS = 1_000;
const RETRY_DELAY_MS = 2_000;

/** 0.5 s, 1 s, 2 s, 4 s … up to 30 s: a database that is restarting gets time to come back. */
function retryDelay(attempts: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempts - 1));
}

function byUpdateId(a: PendingUpdate, b: PendingUpdate): number {
  return a.updateId < b.updateId ? -1 : a.updateId > b.updateId ? 1 : 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Handles what the inbox holds, exactly once each: an update that writes is claimed in the same
 * transaction as its effects (see UnitOfWork), so a crash before commit leaves it pending (it
 * runs again) and a crash after leaves it handled (it never runs again). An update that writes
 * nothing is marked handled in a batch soon after. Sends made before a crash may repeat (and the
 * reply to a read-only update not yet marked); nothing else can.
 */
export class UpdateDispatcher {
  readonly #options: Required<Omit<DispatcherOptions, 'leases' | 'sql'>>;
  readonly #leases: ChatLeases | undefined;
  readonly #sql: SqlReader | undefined;
  /** Chats whose lease is being asked for. */
  readonly #acquiring = new Set<string>();
  /** Chats with updates stored by another process that must be read from the inbox before going on. */
  readonly #mustRead = new Set<string>();
  readonly #busyChats = new Set<string>();
  readonly #delayedChats = new Map<string, number>();
  #wake: (() => void) | undefined;
  /** Set by notify(); a wake-up that arrives while the inbox is being read is not lost. */
  #dirty = false;
  #stopping = false;
  #loop: Promise<void> | undefined;
  readonly #running = new Set<Promise<void>>();

  constructor(options: DispatcherOptions) {
    const { leases, sql, ...rest } = options;
    this.#options = { maxAttempts: 8, outboxLeaseMs: 30_000, holdAfterCommitMs: 0, ...rest };
    this.#leases = leases;
    this.#sql = sql;
  }

  readonly #queued = new Map<string, PendingUpdate[]>();
  /** Every update this process has in hand (queued, running, or handled and not yet marked), by chat. */
  readonly #known = new Map<string, Set<bigint>>();
  /** Read-only updates handled and not yet marked, with their chat. */
  readonly #unmarked = new Map<bigint, string>();
  #markTimer: NodeJS.Timeout | undefined;

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Called by the receiver when new updates were stored. */
  notify(): void {
    this.#dirty = true;
    this.#wake?.();
  }

  /** The receiver hands over what it just stored: no need to read it back from the inbox. */
  offer(updates: PendingUpdate[]): void {
    for (const update of updates) {
      const known = this.#knownOf(update.chatKey);
      if (known.has(update.updateId)) continue;
      // Older updates of the chat were waiting when this one was stored, more than this process
      // has: another process received them, and the chat's order is read from the inbox.
      if ((update.earlierPending ?? 0) > [...known].filter((id) => id < update.updateId).length) {
        this.#mustRead.add(update.chatKey);
      }
      known.add(update.updateId);
      const list = this.#queued.get(update.chatKey);
      if (!list) this.#queued.set(update.chatKey, [update]);
      else {
        // The inbox scan can bring an older update after a newer one was handed over.
        list.push(update);
        if (list.length > 1 && byUpdateId(list.at(-2) as PendingUpdate, update) > 0) list.sort(byUpdateId);
      }
    }
    this.#pump();
  }

  /**
   * Another process stored an update for a chat (and could not take its lease): if this process
   * holds the chat, or can take it now, it reads the chat's queue from the inbox.
   */
  nudged(chatKey: string): void {
    if (this.#stopping) return;
    this.#mustRead.add(chatKey);
    if (!this.#queued.has(chatKey)) this.#queued.set(chatKey, []);
    this.#pump();
  }

  #knownOf(chatKey: string): Set<bigint> {
    let known = this.#known.get(chatKey);
    if (!known) {
      known = new Set();
      this.#known.set(chatKey, known);
    }
    return known;
  }

  #forget(chatKey: string, updateId: bigint): void {
    const known = this.#known.get(chatKey);
    known?.delete(updateId);
    if (known?.size === 0) this.#known.delete(chatKey);
  }

  /** Another process holds the chat: its updates are that process's to run. */
  #abandon(chatKey: string): void {
    const updates = this.#queued.get(chatKey) ?? [];
    this.#queued.delete(chatKey);
    this.#mustRead.delete(chatKey);
    for (const update of updates) this.#forget(chatKey, update.updateId);
    // The holder may not know of them (they were stored here): tell it. The scan is the safety net.
    if (updates.some((update) => update.payload) && this.#leases) {
      this.#leases.nudge(chatKey).catch(() => undefined);
    }
  }

  /** Stops taking updates and waits for the ones in hand. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.notify();
    await this.#loop;
    await Promise.all(this.#running);
    clearTimeout(this.#markTimer);
    await this.#flushMarks();
  }

  async #run(): Promise<void> {
    // The inbox is the safety net (startup, failures, missed hand-offs), not the hot path.
    while (!this.#stopping) {
      this.#dirty = false;
      try {
        const receivedBefore = new Date(Date.now() - SCAN_MIN_AGE_MS);
        this.offer(await listPendingUpdates(this.#options.prisma, 500, receivedBefore));
      } catch (error) {
        this.#options.logger.error({ err: error }, 'could not read the inbox');
      }
      await this.#sleep(IDLE_POLL_MS);
    }
  }

  #pump(): void {
    if (this.#stopping) return;
    const toAcquire: string[] = [];
    for (const [chatKey, updates] of this.#queued) {
      if (this.#busyChats.size >= this.#options.concurrency) break;
      if (this.#busyChats.has(chatKey) || this.#acquiring.has(chatKey)) continue;
      const delayedUntil = this.#delayedChats.get(chatKey);
      if (delayedUntil !== undefined && delayedUntil > Date.now()) continue;
      if (this.#leases && !this.#leases.holds(chatKey)) {
        toAcquire.push(chatKey);
        continue;
      }
      this.#queued.delete(chatKey);
      this.#busyChats.add(chatKey);
      this.#delayedChats.delete(chatKey);
      const runner = this.#runChat(chatKey, updates).finally(() => {
        this.#busyChats.delete(chatKey);
        this.#running.delete(runner);
        this.#pump();
      });
      this.#running.add(runner);
    }
    if (toAcquire.length > 0) this.#acquire(toAcquire);
  }

  /** One statement for all the chats waiting for their lease; the chats another process holds are left to it. */
  #acquire(chatKeys: string[]): void {
    const leases = this.#leases;
    if (!leases) return;
    for (const chatKey of chatKeys) this.#acquiring.add(chatKey);
    const acquiring = leases.acquire(chatKeys).then(
      (acquired) => {
        for (const chatKey of chatKeys) if (!acquired.has(chatKey)) this.#abandon(chatKey);
      },
      (error: unknown) => {
        this.#options.logger.warn(
          { err: error, chats: chatKeys.length },
          'could not take chat leases; trying again',
        );
        for (const chatKey of chatKeys) this.#delayedChats.set(chatKey, Date.now() + IDLE_POLL_MS);
        setTimeout(() => this.#pump(), IDLE_POLL_MS);
      },
    );
    const settled = acquiring.finally(() => {
      for (const chatKey of chatKeys) this.#acquiring.delete(chatKey);
      this.#running.delete(settled);
      this.#pump();
    });
    this.#running.add(settled);
  }

  async #runChat(chatKey: string, queued: PendingUpdate[]): Promise<void> {
    const unpin = this.#leases?.pin(chatKey);
    try {
      const updates = this.#mustRead.delete(chatKey) ? await this.#withInbox(chatKey, queued) : queued;
      await this.#runUpdates(chatKey, updates);
    } catch (error) {
      // Reading the chat's queue failed: try again soon, in order.
      this.#options.logger.warn({ err: error, chat: chatKey }, 'could not read the chat queue');
      this.#mustRead.add(chatKey);
      this.#queued.set(chatKey, queued.concat(this.#queued.get(chatKey) ?? []));
      this.#delayedChats.set(chatKey, Date.now() + IDLE_POLL_MS);
      setTimeout(() => this.#pump(), IDLE_POLL_MS);
    } finally {
      unpin?.();
    }
  }

  /** The chat's queue as the inbox has it (updates other processes stored included), in update order. */
  async #withInbox(chatKey: string, queued: PendingUpdate[]): Promise<PendingUpdate[]> {
    const fromInbox = await listPendingUpdatesOfChat(this.#options.prisma, chatKey);
    // What was offered for the chat while the inbox was read belongs to this run too, in its place.
    const inHand = new Map(
      queued.concat(this.#queued.get(chatKey) ?? []).map((update) => [update.updateId, update]),
    );
    this.#queued.delete(chatKey);
    const known = this.#knownOf(chatKey);
    for (const update of fromInbox) {
      if (inHand.has(update.updateId)) continue;
      // Known and not in hand: handled here, its read-only mark not yet written.
      if (known.has(update.updateId)) continue;
      known.add(update.updateId);
      inHand.set(update.updateId, update);
    }
    return [...inHand.values()].sort(byUpdateId);
  }

  async #runUpdates(chatKey: string, updates: PendingUpdate[]): Promise<void> {
    for (let i = 0; i < updates.length; i++) {
      const update = updates[i] as PendingUpdate;
      if (this.#stopping) return;
      if (this.#leases && !this.#leases.holds(chatKey)) {
        // The lease ran out (a stall longer than its renewals): take it again before going on.
        this.#queued.set(chatKey, updates.slice(i).concat(this.#queued.get(chatKey) ?? []));
        return;
      }
      const ok = await this.#handleOne(update);
      if (ok === 'lease-lost') {
        this.#leases?.forget(chatKey);
        this.#queued.set(chatKey, updates.slice(i).concat(this.#queued.get(chatKey) ?? []));
        return;
      }
      if (!ok) {
        // Keep the chat's order: nothing after a failed update runs before it succeeds or is set aside.
        const delay = retryDelay(update.attempts);
        this.#delayedChats.set(chatKey, Date.now() + delay);
        const rest = updates.slice(i).concat(this.#queued.get(chatKey) ?? []);
        this.#queued.set(chatKey, rest);
        setTimeout(() => this.#pump(), delay);
        return;
      }
      if (!this.#unmarked.has(update.updateId)) this.#forget(chatKey, update.updateId);
    }
  }

  /**
   * False when the update should be tried again later; 'lease-lost' when this process lost the chat
   * and must take it again before going on (or leave it).
   */
  async #handleOne(pending: PendingUpdate): Promise<boolean | 'lease-lost'> {
    const { prisma, bot } = this.#options;
    const updateId = Number(pending.updateId);
    const payload = pending.payload ?? (await loadPendingPayload(prisma, pending.updateId));
    if (!payload) return true; // handled by an earlier run
    this.#options.logger.debug({ update_id: updateId, chat: pending.chatKey }, 'handling update');
    const unit = new UnitOfWork(prisma, pending.updateId, this.#leases?.holder);
    const scope = new UpdateScope(unit, this.#options.outboxLeaseMs, updateId);
    try {
      await runInScope(payload, scope, () => bot.handleUpdate(payload as unknown as Update));
    } catch (error) {
      // Only what the error boundary lets through gets here: transient failures, worth another try.
      scope.deferring = false;
      await unit.rollback();
      if (error instanceof UpdateAlreadyHandled) return true;
      if (error instanceof ChatLeaseLost) return 'lease-lost';
      return this.#failed(pending, error);
    }
    scope.deferring = false;
    const delivery = this.#delivery();
    if (scope.alreadyHandled) {
      await unit.rollback();
      return true;
    }
    if (scope.rollback) {
      // The user hears the refusal; nothing else was saved, so nothing else is said.
      await unit.rollback();
      await sendNow(scope.sends, delivery);
      this.#markLater(pending);
      return true;
    }
    if (!unit.opened) {
      await sendNow(scope.sends, delivery);
      this.#markLater(pending);
      if (!scope.owed.isEmpty)
        this.#options.logger.error({ update_id: updateId }, 'owed work without a write');
      return true;
    }
    let written: WrittenSend[];
    try {
      written = await unit.write((tx) => writeUpdateSends(tx, scope.key, scope.sends, scope.leaseMs));
      await unit.commit();
      if (this.#options.holdAfterCommitMs > 0) {
        this.#options.logger.warn({ update_id: updateId }, 'test hook: holding after commit');
        await new Promise((resolve) => setTimeout(resolve, this.#options.holdAfterCommitMs));
      }
    } catch (error) {
      await unit.rollback();
      if (error instanceof UpdateAlreadyHandled) return true;
      if (error instanceof ChatLeaseLost) return 'lease-lost';
      return this.#failed(pending, error);
    }
    await deliverCommittedSends(written, { ...delivery, leaseMs: scope.leaseMs });
    await scope.owed
      .deliver(delivery)
      .catch((error: unknown) =>
        this.#options.logger.error({ err: error, update_id: updateId }, 'could not hand owed work on'),
      );
    return true;
  }

  #delivery() {
    const { bot, prisma, jobs, logger } = this.#options;
    return { api: bot.api, prisma, jobs, logger };
  }

  /**
   * Records a failed attempt; the chat waits and the update runs again, until it has failed
   * `maxAttempts` times and is set aside with its error. Never rejects: a database that cannot even
   * record the failure only means the update stays pending and is tried again.
   */
  async #failed(pending: PendingUpdate, error: unknown): Promise<boolean> {
    const { logger, prisma, maxAttempts } = this.#options;
    const updateId = Number(pending.updateId);
    // A BotError carries the whole context (Prisma client included): log what it wraps.
    const cause = error instanceof BotError ? error.error : error;
    try {
      const { givenUp, attempts } = await recordFailedAttempt(
        prisma,
        pending.updateId,
        describe(cause),
        maxAttempts,
      );
      pending.attempts = attempts;
      logger.error(
        { err: cause, update_id: updateId, chat: pending.chatKey, attempts, givenUp },
        'update not handled',
      );
      return givenUp;
    } catch (recordError) {
      logger.error(
        { err: cause, recordError, update_id: updateId },
        'update not handled, and its failure not recorded',
      );
      pending.attempts += 1;
      return false;
    }
  }

  /**
   * Read-only updates are marked handled in batches. Until their mark is written they stay "known",
   * so the inbox's safety net does not hand them out again.
   */
  #markLater(update: PendingUpdate): void {
    this.#unmarked.set(update.updateId, update.chatKey);
    this.#markTimer ??= setTimeout(() => void this.#flushMarks(), MARK_BATCH_MS);
  }

  async #flushMarks(): Promise<void> {
    this.#markTimer = undefined;
    const batch = [...this.#unmarked];
    this.#unmarked.clear();
    if (batch.length === 0) return;
    try {
      await markUpdatesHandled(
        this.#sql ?? this.#options.prisma,
        batch.map(([id]) => id),
      );
      for (const [id, chatKey] of batch) this.#forget(chatKey, id);
    } catch (error) {
      this.#options.logger.error({ err: error }, 'could not mark updates handled; trying again');
      for (const [id, chatKey] of batch) this.#unmarked.set(id, chatKey);
      this.#markTimer ??= setTimeout(() => void this.#flushMarks(), RETRY_DELAY_MS);
    }
  }

  #sleep(ms: number): Promise<void> {
    if (this.#dirty) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }
}
