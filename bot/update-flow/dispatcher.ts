import { type Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import type { PrismaClient } from '../../core/db/client.ts';
import {
  listPendingUpdates,
  loadPendingPayload,
  markUpdatesHandled,
  type PendingUpdate,
  recordFailedAttempt,
} from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';
import type { JobProducer } from '../../worker/queues.ts';
import type { BotContext } from '../context.ts';
import { deliverCommittedSends, sendNow, type WrittenSend, writeUpdateSends } from './deliver-sends.ts';
import { UnitOfWork, UpdateAlreadyHandled } from './unit-of-work.ts';
import { currentUpdate, UpdateScope } from './update-scope.ts';

export interface DispatcherOptions {
  prisma: PrismaClient;
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
}

/** How long read-only updates wait to be marked handled together. */
const MARK_BATCH_MS = 20;
const IDLE_POLL_MS = 1_000;
const RETRY_DELAY_MS = 2_000;

/** 0.5 s, 1 s, 2 s, 4 s … up to 30 s: a database that is restarting gets time to come back. */
function retryDelay(attempts: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempts - 1));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Handles what the inbox holds, exactly once each: an update that writes is claimed in the same
 * transaction as its effects (see LazyUnitOfWork), so a crash before commit leaves it pending (it
 * runs again) and a crash after leaves it handled (it never runs again). An update that writes
 * nothing is marked handled in a batch soon after. Sends made before a crash may repeat (and the
 * reply to a read-only update not yet marked); nothing else can.
 */
export class UpdateDispatcher {
  readonly #options: Required<DispatcherOptions>;
  readonly #busyChats = new Set<string>();
  readonly #delayedChats = new Map<string, number>();
  #wake: (() => void) | undefined;
  /** Set by notify(); a wake-up that arrives while the inbox is being read is not lost. */
  #dirty = false;
  #stopping = false;
  #loop: Promise<void> | undefined;
  readonly #running = new Set<Promise<void>>();

  constructor(options: DispatcherOptions) {
    this.#options = { maxAttempts: 8, outboxLeaseMs: 30_000, holdAfterCommitMs: 0, ...options };
  }

  readonly #queued = new Map<string, PendingUpdate[]>();
  readonly #known = new Set<bigint>();
  readonly #unmarked: bigint[] = [];
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
      if (this.#known.has(update.updateId)) continue;
      this.#known.add(update.updateId);
      const list = this.#queued.get(update.chatKey);
      if (list) list.push(update);
      else this.#queued.set(update.chatKey, [update]);
    }
    this.#pump();
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
        this.offer(await listPendingUpdates(this.#options.prisma, 500));
      } catch (error) {
        this.#options.logger.error({ err: error }, 'could not read the inbox');
      }
      await this.#sleep(IDLE_POLL_MS);
    }
  }

  #pump(): void {
    if (this.#stopping) return;
    for (const [chatKey, updates] of this.#queued) {
      if (this.#busyChats.size >= this.#options.concurrency) break;
      if (this.#busyChats.has(chatKey)) continue;
      const delayedUntil = this.#delayedChats.get(chatKey);
      if (delayedUntil !== undefined && delayedUntil > Date.now()) continue;
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
  }

  async #runChat(chatKey: string, updates: PendingUpdate[]): Promise<void> {
    for (let i = 0; i < updates.length; i++) {
      const update = updates[i] as PendingUpdate;
      if (this.#stopping) return;
      const ok = await this.#handleOne(update);
      if (!ok) {
        // Keep the chat's order: nothing after a failed update runs before it succeeds or is set aside.
        const delay = retryDelay(update.attempts);
        this.#delayedChats.set(chatKey, Date.now() + delay);
        const rest = updates.slice(i).concat(this.#queued.get(chatKey) ?? []);
        this.#queued.set(chatKey, rest);
        setTimeout(() => this.#pump(), delay);
        return;
      }
      if (!this.#unmarked.includes(update.updateId)) this.#known.delete(update.updateId);
    }
  }

  /** Returns false when the update should be tried again later. */
  async #handleOne(pending: PendingUpdate): Promise<boolean> {
    const { prisma, bot } = this.#options;
    const updateId = Number(pending.updateId);
    const payload = pending.payload ?? (await loadPendingPayload(prisma, pending.updateId));
    if (!payload) return true; // handled by an earlier run
    const unit = new UnitOfWork(prisma, pending.updateId);
    const scope = new UpdateScope(unit, this.#options.outboxLeaseMs);
    try {
      await currentUpdate.run(scope, () => bot.handleUpdate(payload as unknown as Update));
    } catch (error) {
      // Only what the error boundary lets through gets here: transient failures, worth another try.
      scope.deferring = false;
      await unit.rollback();
      if (error instanceof UpdateAlreadyHandled) return true;
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
      this.#markLater(pending.updateId);
      return true;
    }
    if (!unit.opened) {
      await sendNow(scope.sends, delivery);
      this.#markLater(pending.updateId);
      if (!scope.owed.isEmpty)
        this.#options.logger.error({ update_id: updateId }, 'owed work without a write');
      return true;
    }
    let written: WrittenSend[];
    try {
      written = await unit.write((tx) => writeUpdateSends(tx, updateId, scope.sends, scope.leaseMs));
      await unit.commit();
      if (this.#options.holdAfterCommitMs > 0) {
        this.#options.logger.warn({ update_id: updateId }, 'test hook: holding after commit');
        await new Promise((resolve) => setTimeout(resolve, this.#options.holdAfterCommitMs));
      }
    } catch (error) {
      await unit.rollback();
      if (error instanceof UpdateAlreadyHandled) return true;
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
      logger.error({ err: cause, update_id: updateId, attempts, givenUp }, 'update not handled');
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
  #markLater(updateId: bigint): void {
    this.#unmarked.push(updateId);
    this.#markTimer ??= setTimeout(() => void this.#flushMarks(), MARK_BATCH_MS);
  }

  async #flushMarks(): Promise<void> {
    this.#markTimer = undefined;
    const ids = this.#unmarked.splice(0);
    if (ids.length === 0) return;
    try {
      await markUpdatesHandled(this.#options.prisma, ids);
      for (const id of ids) this.#known.delete(id);
    } catch (error) {
      this.#options.logger.error({ err: error }, 'could not mark updates handled; trying again');
      this.#unmarked.unshift(...ids);
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
