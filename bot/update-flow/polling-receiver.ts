import { setTimeout as delay } from 'node:timers/promises';
import type { Api } from 'grammy';
import type { PrismaClient, SqlReader } from '../../core/db/client.ts';
import { type InboxUpdate, type PendingUpdate, storeUpdates } from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';
import { LONG_POLL_SECONDS } from '../api/telegram-timeouts.ts';

const STOP_CONFIRM_TIMEOUT_MS = 3_000;
const ERROR_BACKOFF_MS = 3_000;

/** Who may poll now (a PollingLeader): Telegram answers a second concurrent getUpdates with 409. */
export interface PollingTurn {
  readonly isLeader: boolean;
  /** Resolves when this process may poll, with a signal that aborts when it may no longer. */
  leadership(cancel?: AbortSignal): Promise<AbortSignal | undefined>;
}

export interface PollingReceiverOptions {
  api: Api;
  prisma: PrismaClient;
  /** The plain SQL reader to store updates with (createDatabase's `sql`); Prisma without it. */
  sql?: SqlReader | undefined;
  logger: Logger;
  onStored: (updates: PendingUpdate[]) => void;
  /** With several bot processes, only the leader polls. Without one, this process always polls. */
  leader?: PollingTurn;
}

/**
 * Long polling into the inbox. Telegram counts an update as received once getUpdates is called
 * with a higher offset, and this loop only raises the offset after the batch is stored, so a
 * crash at any point loses nothing (a replayed batch is dropped by the inbox's unique ids).
 * A new poller starting from its own offset re-fetches what the last one stored but had not
 * confirmed; the inbox drops those too.
 */
export class PollingReceiver {
  #offset = 0;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(private readonly options: PollingReceiverOptions) {}

  async start(): Promise<void> {
    // Alone, a failing deleteWebhook should stop the boot as it always did; a standby calls it when it leads.
    if (!this.options.leader) await this.options.api.deleteWebhook();
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    // Confirm what was stored, so the next poller does not fetch it again (harmless if it did).
    // Only while this process still leads: otherwise this call would end the new poller's poll with 409.
    if (this.#offset > 0 && (this.options.leader?.isLeader ?? true)) {
      // Bounded: an unreachable Bot API must not hold the shutdown (the inbox drops a replay anyway).
      await this.options.api
        .getUpdates(
          { offset: this.#offset, limit: 1, timeout: 0 },
          AbortSignal.timeout(STOP_CONFIRM_TIMEOUT_MS) as unknown as Parameters<Api['getUpdates']>[1],
        )
        .catch(() => undefined);
    }
  }

  async #run(): Promise<void> {
    const { leader } = this.options;
    const stopped = this.#abort.signal;
    if (!leader) {
      await this.#poll(stopped, false);
      return;
    }
    while (!stopped.aborted) {
      const leading = await leader.leadership(stopped);
      if (!leading) return;
      await this.#poll(AbortSignal.any([stopped, leading]), true);
    }
  }

  /** Polls until the signal aborts. */
  async #poll(signal: AbortSignal, deleteWebhookFirst: boolean): Promise<void> {
    const { api, prisma, sql, logger, onStored } = this.options;
    let webhookDeleted = !deleteWebhookFirst;
    while (!signal.aborted) {
      try {
        if (!webhookDeleted) {
          await api.deleteWebhook();
          webhookDeleted = true;
        }
        const updates = await api.getUpdates(
          { offset: this.#offset, timeout: LONG_POLL_SECONDS },
          // grammY types signals with the abort-controller polyfill; the platform one is what it uses.
          signal as unknown as Parameters<Api['getUpdates']>[1],
        );
        if (updates.length === 0) continue;
        const fresh = await storeUpdates(sql ?? prisma, updates as unknown as InboxUpdate[]);
        this.#offset = Math.max(...updates.map((u) => u.update_id)) + 1;
        onStored(fresh);
      } catch (error) {
        if (signal.aborted) break;
        logger.warn({ err: error }, 'getUpdates failed; retrying');
        await delay(ERROR_BACKOFF_MS, undefined, { signal }).catch(() => undefined);
      }
    }
  }
}
