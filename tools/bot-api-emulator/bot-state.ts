import type { BotCommand, Chat, Update, UserFromGetMe } from 'grammy/types';
import { type ApiError, conflict, ERRORS } from './api-error.ts';
import { MessageStore } from './message-store.ts';
import type { ChatKind } from './rate-limiter.ts';

export type ChatBlock = 'blocked' | 'deactivated';

export interface KnownChat {
  chat: Chat.PrivateChat | Chat.GroupChat | Chat.SupergroupChat;
  kind: ChatKind;
  block?: ChatBlock;
  /** A basic group upgraded to a supergroup: sends here answer 400 with `migrate_to_chat_id`. */
  migratedTo?: number;
}

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  setAt: number;
}

export interface WebhookDelivery {
  updateId: number;
  at: number;
  /** HTTP status of the bot's answer, absent on a network error. */
  status?: number;
  ok: boolean;
  error?: string;
}

export interface CallbackQueryRecord {
  id: string;
  chatId: number;
  messageId: number;
  userId: number;
  data: string;
  createdAt: number;
  answered: boolean;
  answer?: Record<string, unknown>;
}

/** A failure a test asked for: calls to `method` (for `chatId` only, when given) are refused. */
export interface MethodFault {
  /** The method name as the bot calls it (compared case-insensitively). */
  method: string;
  /** HTTP status and `error_code`. Default 500. */
  status: number;
  description: string;
  chatId?: number;
  /** Calls still to refuse; undefined: every call until cleared. */
  remaining?: number;
}

/** Everything one bot token owns: its update queue, chats, messages, commands, webhook. */
export class BotState {
  readonly updates: Update[] = [];
  readonly chats = new Map<number, KnownChat>();
  readonly messages = new MessageStore();
  readonly commands = new Map<string, BotCommand[]>();
  readonly callbackQueries = new Map<string, CallbackQueryRecord>();
  faults: MethodFault[] = [];
  /** Messages sent with allow_paid_broadcast, each 0.1 Star from the bot's balance. */
  paidBroadcasts = 0;
  webhook: WebhookConfig | undefined;
  webhookDeliveries: WebhookDelivery[] = [];
  lastWebhookError: { date: number; message: string } | undefined;
  private nextUpdateId = 1;
  private readonly updateListeners = new Set<() => void>();
  private activePoll: ((error: ApiError) => void) | undefined;

  constructor(
    public token: string,
    public info: UserFromGetMe,
  ) {}

  get id(): number {
    return this.info.id;
  }

  /** Queues an update with the next update_id and wakes a waiting getUpdates or the webhook. */
  enqueue(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const updateId = update.update_id ?? this.nextUpdateId;
    this.nextUpdateId = Math.max(this.nextUpdateId, updateId + 1);
    const { update_id: _given, ...content } = update;
    // update_id first, as Telegram writes it.
    const full = { update_id: updateId, ...content } as Update;
    this.updates.push(full);
    for (const listener of [...this.updateListeners]) listener();
    return full;
  }

  onUpdate(listener: () => void): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  /** getUpdates' offset: confirms every update below it; a negative offset keeps only the last -offset. */
  confirm(offset: number | undefined): void {
    if (offset === undefined || offset === 0) return;
    if (offset < 0) {
      this.updates.splice(0, Math.max(0, this.updates.length + offset));
      return;
    }
    while (this.updates.length > 0 && (this.updates[0] as Update).update_id < offset) this.updates.shift();
  }

  /** Holds a getUpdates until an update is queued, the timeout passes or the request goes away. */
  waitForUpdates(timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.terminatePoll(conflict(ERRORS.otherGetUpdates));
    // The caller left while its request was being read: nobody is waiting, and a poll kept
    // waiting here would be ended with 409 by that caller's next one.
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const finish = (error?: ApiError) => {
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener('abort', onAbort);
        if (this.activePoll === terminate) this.activePoll = undefined;
        if (error) reject(error);
        else resolve();
      };
      const terminate = (error: ApiError) => finish(error);
      const onAbort = () => finish();
      const timer = setTimeout(() => finish(), timeoutMs);
      const unsubscribe = this.onUpdate(() => finish());
      signal.addEventListener('abort', onAbort, { once: true });
      this.activePoll = terminate;
    });
  }

  /** True while a getUpdates is waiting for updates. */
  get isPolling(): boolean {
    return this.activePoll !== undefined;
  }

  terminatePoll(error: ApiError): void {
    const poll = this.activePoll;
    this.activePoll = undefined;
    poll?.(error);
  }

  /** The fault this call meets, if any; counts it against the fault's remaining calls. */
  takeFault(method: string, chatId: number | string | undefined): MethodFault | undefined {
    const name = method.toLowerCase();
    const fault = this.faults.find(
      (f) => f.method.toLowerCase() === name && (f.chatId === undefined || f.chatId === chatId),
    );
    if (fault?.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    }
    return fault;
  }

  /** Clears chats, messages, queued updates, answers and faults; keeps identity, webhook, commands and update_id. */
  resetConversationState(): void {
    this.faults = [];
    this.paidBroadcasts = 0;
    this.updates.length = 0;
    this.chats.clear();
    this.messages.clear();
    this.callbackQueries.clear();
    this.webhookDeliveries = [];
    this.lastWebhookError = undefined;
  }
}
