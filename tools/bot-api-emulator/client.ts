import type { CallbackQueryRecord, ChatBlock } from './bot-state.ts';
import type { CallFilter, RecordedCall } from './call-recorder.ts';
import type {
  BotSelector,
  FailMethodOptions,
  InjectMessageInput,
  InjectResult,
  PaidBroadcastsView,
  PendingUpdatesView,
  PressButtonInput,
  WebhookStateView,
} from './control.ts';
import type { ChatMessageView } from './message-store.ts';
import type { RateLimitOptions } from './rate-limiter.ts';
import type { GroupSpec, MessageContent, UserSpec } from './update-factory.ts';

export class EmulatorClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'EmulatorClientError';
  }
}

type InjectOptions = Omit<InjectMessageInput, 'user' | 'content'>;

/**
 * The emulator's control API over HTTP, for end-to-end tests whose bot runs in another process.
 * `bot` (token or id) picks a bot when the emulator serves several; it defaults to the one given here.
 */
export class EmulatorClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly defaults: BotSelector = {},
  ) {
    this.base = `${url.replace(/\/+$/, '')}/__emulator`;
  }

  sendText(user: UserSpec, text: string, options: InjectOptions = {}): Promise<InjectResult> {
    return this.sendMessage(user, { text }, options);
  }

  sendGroupText(
    group: GroupSpec,
    user: UserSpec,
    text: string,
    options: InjectOptions = {},
  ): Promise<InjectResult> {
    return this.sendMessage(user, { text }, { ...options, chat: group });
  }

  replyTo(
    user: UserSpec,
    messageId: number,
    text: string,
    options: InjectOptions = {},
  ): Promise<InjectResult> {
    return this.sendMessage(user, { text }, { ...options, replyToMessageId: messageId });
  }

  /** Any user message: text, photo, document, sticker, location or voice. */
  sendMessage(user: UserSpec, content: MessageContent, options: InjectOptions = {}): Promise<InjectResult> {
    return this.post('/messages', { ...this.defaults, ...options, user, content });
  }

  /** Presses the button with `data` on a message (a message id, or a message object / chat view). */
  pressButton(
    user: UserSpec,
    message: number | { message_id: number; chat: { id: number } } | { messageId: number; chatId: number },
    data: string,
    options: Omit<PressButtonInput, 'user' | 'messageId' | 'data'> = {},
  ): Promise<InjectResult> {
    const target =
      typeof message === 'number'
        ? { messageId: message }
        : 'message_id' in message
          ? { messageId: message.message_id, chatId: message.chat.id }
          : { messageId: message.messageId, chatId: message.chatId };
    return this.post('/callback-queries', { ...this.defaults, ...options, ...target, user, data });
  }

  injectUpdate(update: Record<string, unknown>, selector: BotSelector = {}): Promise<InjectResult> {
    return this.post('/updates', { ...this.defaults, ...selector, update });
  }

  async addChat(spec: ({ user: UserSpec } | { group: GroupSpec }) & BotSelector): Promise<unknown> {
    return (await this.post<{ chat: unknown }>('/chats', { ...this.defaults, ...spec })).chat;
  }

  async calls(filter: CallFilter = {}): Promise<RecordedCall[]> {
    const query = new URLSearchParams();
    const merged = { ...(this.defaults.bot !== undefined && { bot: this.defaults.bot }), ...filter };
    for (const [key, value] of Object.entries(merged)) {
      if (value !== undefined) query.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    return (await this.get<{ calls: RecordedCall[] }>(`/calls?${query}`)).calls;
  }

  async lastSeq(): Promise<number> {
    return (await this.get<{ seq: number }>('/calls/last-seq')).seq;
  }

  /** The first call matching the filter, waiting up to timeoutMs; throws EmulatorClientError(408) on timeout. */
  async waitForCall(filter: CallFilter, timeoutMs = 5000): Promise<RecordedCall> {
    const merged = { ...(this.defaults.bot !== undefined && { bot: this.defaults.bot }), ...filter };
    return (await this.post<{ call: RecordedCall }>('/calls/wait', { filter: merged, timeoutMs })).call;
  }

  async chatMessages(
    chatId: number,
    options: { includeDeleted?: boolean } & BotSelector = {},
  ): Promise<ChatMessageView[]> {
    const query = new URLSearchParams();
    const bot = options.bot ?? this.defaults.bot;
    if (bot !== undefined) query.set('bot', String(bot));
    if (options.includeDeleted === false) query.set('includeDeleted', 'false');
    return (await this.get<{ messages: ChatMessageView[] }>(`/chats/${chatId}/messages?${query}`)).messages;
  }

  async callbackQuery(id: string): Promise<CallbackQueryRecord | null> {
    const query =
      this.defaults.bot === undefined ? '' : `?bot=${encodeURIComponent(String(this.defaults.bot))}`;
    return (await this.get<{ callbackQuery: CallbackQueryRecord | null }>(`/callback-queries/${id}${query}`))
      .callbackQuery;
  }

  async blockChat(chatId: number, reason: ChatBlock = 'blocked'): Promise<void> {
    await this.post(`/chats/${chatId}/block`, { ...this.defaults, reason });
  }

  async unblockChat(chatId: number): Promise<void> {
    await this.post(`/chats/${chatId}/unblock`, { ...this.defaults });
  }

  async force429(chatId: number, count: number, retryAfter: number, penalize = false): Promise<void> {
    await this.post(`/chats/${chatId}/force-429`, { ...this.defaults, count, retryAfter, penalize });
  }

  /** Makes the Bot API refuse a method (see EmulatorControl.failMethod). */
  async failMethod(method: string, options: FailMethodOptions = {}): Promise<void> {
    await this.post('/faults', { ...this.defaults, ...options, method });
  }

  async clearFaults(method?: string): Promise<void> {
    await this.post('/faults/clear', { ...this.defaults, ...(method !== undefined && { method }) });
  }

  /** Paid broadcasts sent so far and the Stars they cost. */
  paidBroadcasts(): Promise<PaidBroadcastsView> {
    return this.get<PaidBroadcastsView>('/paid-broadcasts');
  }

  async configureRateLimits(options: RateLimitOptions | false): Promise<void> {
    await this.request('PUT', '/rate-limits', options === false ? { enabled: false } : options);
  }

  async setLatency(ms: number, methods?: string[]): Promise<void> {
    await this.request('PUT', '/latency', { ms, ...(methods && { methods }) });
  }

  async pendingUpdates(): Promise<PendingUpdatesView[]> {
    return (await this.get<{ bots: PendingUpdatesView[] }>('/pending-updates')).bots;
  }

  webhookState(): Promise<WebhookStateView> {
    const query =
      this.defaults.bot === undefined ? '' : `?bot=${encodeURIComponent(String(this.defaults.bot))}`;
    return this.get(`/webhook${query}`);
  }

  async reset(): Promise<void> {
    await this.post('/reset', {});
  }

  private get<T>(path: string): Promise<T> {
    return this.request('GET', path);
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.request('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    });
    const payload = (await response.json()) as T & { error?: string };
    if (!response.ok) throw new EmulatorClientError(response.status, payload.error ?? response.statusText);
    return payload;
  }
}
