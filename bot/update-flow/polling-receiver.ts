import type { Api } from 'grammy';
import type { PrismaClient } from '../../core/db/client.ts';
import { type InboxUpdate, type PendingUpdate, storeUpdates } from '../../core/inbox/inbox.ts';
import type { Logger } from '../../core/logger.ts';

const LONG_POLL_SECONDS = 25;
const ERROR_BACKOFF_MS = 3_000;

/**
 * Long polling into the inbox. Telegram counts an update as received once getUpdates is called
 * with a higher offset, and this loop only raises the offset after the batch is stored, so a
 * crash at any point loses nothing (a replayed batch is dropped by the inbox's unique ids).
 */
export class PollingReceiver {
  #offset = 0;
  #abort = new AbortController();
  #loop: Promise<void> | undefined;

  constructor(
    private readonly options: {
      api: Api;
      prisma: PrismaClient;
      logger: Logger;
      onStored: (updates: PendingUpdate[]) => void;
    },
  ) {}

  async start(): Promise<void> {
    await this.options.api.deleteWebhook();
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    // Confirm what was stored, so the next start does not fetch it again (harmless if it did).
    if (this.#offset > 0) {
      await this.options.api
        .getUpdates({ offset: this.#offset, limit: 1, timeout: 0 })
        .catch(() => undefined);
    }
  }

  async #run(): Promise<void> {
    const { api, prisma, logger, onStored } = this.options;
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        const updates = await api.getUpdates(
          { offset: this.#offset, timeout: LONG_POLL_SECONDS },
          // grammY types signals with the abort-controller polyfill; the platform one is what it uses.
          signal as unknown as Parameters<Api['getUpdates']>[1],
        );
        if (updates.length === 0) continue;
        const fresh = await storeUpdates(prisma, updates as unknown as InboxUpdate[]);
        this.#offset = Math.max(...updates.map((u) => u.update_id)) + 1;
        onStored(fresh);
      } catch (error) {
        if (signal.aborted) break;
        logger.warn({ err: error }, 'getUpdates failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, ERROR_BACKOFF_MS));
      }
    }
  }
}
