import { performance } from 'node:perf_hooks';
import type { BotApiEmulator, EmulatorEvent } from '../../tools/bot-api-emulator/index.ts';

export interface Reply {
  /** performance.now() when the emulator recorded the bot's sendMessage. */
  at: number;
  text: string;
  ok: boolean;
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Hears one bot's sendMessage calls through the emulator's in-process event hub, which fires
 * synchronously as the call is recorded: no polling, and no scan of the growing call log per reply.
 * Waiters are registered before the update is injected, so a fast reply cannot be missed.
 */
export class ReplyWatcher {
  readonly #waiters = new Map<number, Waiter[]>();
  readonly #unsubscribe: () => void;
  /** Replies nobody waited for (a bot answering twice, or after a waiter timed out). */
  strayReplies = 0;
  failedSends = 0;

  constructor(emulator: BotApiEmulator, token: string) {
    this.#unsubscribe = emulator.core.events.subscribe((event) => this.#onEvent(event, token));
  }

  /** The next reply to `chatId`; rejects after `timeoutMs`. Call it before injecting the update. */
  next(chatId: number, timeoutMs: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const list = this.#waiters.get(chatId) ?? [];
          const index = list.indexOf(waiter);
          if (index >= 0) list.splice(index, 1);
          reject(new Error(`no reply to chat ${chatId} within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      const list = this.#waiters.get(chatId);
      if (list) list.push(waiter);
      else this.#waiters.set(chatId, [waiter]);
    });
  }

  close(): void {
    this.#unsubscribe();
    for (const list of this.#waiters.values()) for (const waiter of list) clearTimeout(waiter.timer);
    this.#waiters.clear();
  }

  #onEvent(event: EmulatorEvent, token: string): void {
    if (event.type !== 'call') return;
    const { call } = event;
    if (call.token !== token || call.method !== 'sendMessage' || call.chatId === undefined) return;
    const at = performance.now();
    if (!call.ok) this.failedSends++;
    const waiter = this.#waiters.get(call.chatId)?.shift();
    if (!waiter) {
      this.strayReplies++;
      return;
    }
    clearTimeout(waiter.timer);
    waiter.resolve({ at, text: String(call.params.text ?? ''), ok: call.ok });
  }
}
