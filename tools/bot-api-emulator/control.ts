import { randomInt } from 'node:crypto';
import type { BotCommand, Message, Update } from 'grammy/types';
import type {
  BotState,
  CallbackQueryRecord,
  ChatBlock,
  KnownChat,
  MethodFault,
  WebhookDelivery,
} from './bot-state.ts';
import type { CallFilter, RecordedCall } from './call-recorder.ts';
import { type BotApiEmulatorOptions, ControlError, EmulatorCore } from './emulator-core.ts';
import { type ChatMessageView, viewOf } from './message-store.ts';
import { scopeKey } from './methods/chats.ts';
import type { RateLimitOptions } from './rate-limiter.ts';
import { callbackDataOf } from './reply-markup.ts';
import {
  asReplyTarget,
  callbackQueryOf,
  contentFields,
  type GroupSpec,
  groupChatOf,
  type MessageContent,
  privateChatOf,
  type ReplyTarget,
  type UserSpec,
  userOf,
} from './update-factory.ts';

/** Which bot a control call addresses: its token or id. Omitted: the first bot that called. */
export interface BotSelector {
  bot?: string | number;
}

export interface InjectMessageInput extends BotSelector {
  user: UserSpec;
  /** A group the message is posted in; omitted: the user's private chat. */
  chat?: GroupSpec;
  /** Makes the message a reply to this message of the same chat. */
  replyToMessageId?: number;
  content: MessageContent;
}

export interface InjectResult {
  update: Update;
  updateId: number;
  /** The injected message, for message updates. */
  message?: Message;
  /** The callback query's id, for button presses. */
  callbackQueryId?: string;
  /** The call log's seq when the update was queued: pass it as `sinceSeq` to wait for the bot's answer. */
  sinceSeq: number;
}

export interface PressButtonInput extends BotSelector {
  user: UserSpec;
  messageId: number;
  /** Chat of the message; omitted: the user's private chat. */
  chatId?: number;
  data: string;
  /** Press even if no button on the message carries this data. */
  allowUnknownData?: boolean;
}

export interface WebhookStateView {
  botId: number;
  url?: string;
  secretToken?: string;
  pendingUpdateCount: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
  deliveries: WebhookDelivery[];
}

export interface PendingUpdatesView {
  botId: number;
  username: string;
  pending: number;
}

export interface PaidBroadcastsView {
  /** Messages sent with allow_paid_broadcast. */
  messages: number;
  /** Stars they cost (0.1 each). */
  starsSpent: number;
}

type ChatMessagesOptions = BotSelector & { includeDeleted?: boolean };

export interface FailMethodOptions extends BotSelector {
  /** HTTP status and `error_code`. Default 500. */
  status?: number;
  /** Default: Telegram's text for the status ("Internal Server Error", "Bad Request: …"). */
  description?: string;
  /** Refuse only calls for this chat_id. */
  chatId?: number;
  /** Refuse this many calls, then answer normally again. Default: every call until clearFaults(). */
  times?: number;
}

const DEFAULT_FAULT_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad Request: injected failure',
  403: 'Forbidden: injected failure',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
};

/** The test and playground operations, in process. The HTTP control routes call exactly these. */
export class EmulatorControl {
  readonly core: EmulatorCore;

  constructor(options: BotApiEmulatorOptions = {}) {
    this.core = new EmulatorCore(options);
  }

  /** A user's message (text, photo, document, sticker, location or voice), queued as an update. */
  injectMessage(input: InjectMessageInput): InjectResult {
    const bot = this.core.botFor(input.bot);
    const known = this.rememberChat(bot, input.chat ? { group: input.chat } : { user: input.user });
    const chatId = known.chat.id;
    let replyTo: ReplyTarget | undefined;
    if (input.replyToMessageId !== undefined) {
      const target = bot.messages.get(chatId, input.replyToMessageId);
      if (!target)
        throw new ControlError(404, `message ${input.replyToMessageId} not found in chat ${chatId}`);
      replyTo = asReplyTarget(target.message);
    }
    let fields: Partial<Message>;
    try {
      fields = contentFields(input.content, this.core.files);
    } catch (error) {
      throw new ControlError(400, (error as Error).message);
    }
    const date = Math.floor(this.core.now() / 1000);
    const stored = bot.messages.add(
      chatId,
      false,
      (messageId) =>
        ({
          message_id: messageId,
          from: userOf(input.user),
          chat: known.chat,
          date,
          ...(replyTo && { reply_to_message: replyTo }),
          ...fields,
        }) as Message,
    );
    const result = this.enqueue(bot, { message: stored.message as NonNullable<Update['message']> });
    return { ...result, message: stored.message };
  }

  sendText(
    user: UserSpec,
    text: string,
    options: Omit<InjectMessageInput, 'user' | 'content'> = {},
  ): InjectResult {
    return this.injectMessage({ ...options, user, content: { text } });
  }

  sendGroupText(
    group: GroupSpec,
    user: UserSpec,
    text: string,
    options: Omit<InjectMessageInput, 'user' | 'content' | 'chat'> = {},
  ): InjectResult {
    return this.injectMessage({ ...options, user, chat: group, content: { text } });
  }

  replyTo(
    user: UserSpec,
    messageId: number,
    text: string,
    options: Omit<InjectMessageInput, 'user' | 'content' | 'replyToMessageId'> = {},
  ): InjectResult {
    return this.injectMessage({ ...options, user, replyToMessageId: messageId, content: { text } });
  }

  /** A button press on a message's inline keyboard. */
  pressButton(input: PressButtonInput): InjectResult {
    const bot = this.core.botFor(input.bot);
    const chatId = input.chatId ?? input.user.id;
    const stored = bot.messages.get(chatId, input.messageId);
    if (!stored) throw new ControlError(404, `message ${input.messageId} not found in chat ${chatId}`);
    if (!input.allowUnknownData && !callbackDataOf(stored.message.reply_markup).includes(input.data)) {
      throw new ControlError(
        400,
        `message ${input.messageId} has no button with callback_data ${input.data}`,
      );
    }
    if (!bot.chats.has(input.user.id) && chatId === input.user.id)
      this.rememberChat(bot, { user: input.user });
    const id = String(randomInt(1, 2 ** 47) * 1000 + randomInt(0, 1000));
    const record: CallbackQueryRecord = {
      id,
      chatId,
      messageId: input.messageId,
      userId: input.user.id,
      data: input.data,
      createdAt: this.core.now(),
      answered: false,
    };
    bot.callbackQueries.set(id, record);
    const result = this.enqueue(bot, {
      callback_query: callbackQueryOf(id, input.user, stored.message, input.data),
    });
    return { ...result, callbackQueryId: id };
  }

  /** Any update object as given (update_id assigned when absent); its chat and callback query become known. */
  injectUpdate(update: Partial<Update>, selector: BotSelector = {}): InjectResult {
    const bot = this.core.botFor(selector.bot);
    const message = update.message ?? update.edited_message ?? update.callback_query?.message;
    if (message && 'chat' in message && message.chat.type !== 'channel') {
      const chat = message.chat as KnownChat['chat'];
      if (!bot.chats.has(chat.id))
        bot.chats.set(chat.id, { chat, kind: chat.type === 'private' ? 'private' : 'group' });
    }
    const query = update.callback_query;
    if (query) {
      bot.callbackQueries.set(query.id, {
        id: query.id,
        chatId: query.message?.chat.id ?? query.from.id,
        messageId: query.message?.message_id ?? 0,
        userId: query.from.id,
        data: query.data ?? '',
        createdAt: this.core.now(),
        answered: false,
      });
    }
    return this.enqueue(bot, update);
  }

  /** Makes a chat known without a message, so the bot may write to it first. */
  addChat(spec: ({ user: UserSpec } | { group: GroupSpec }) & BotSelector): KnownChat {
    return this.rememberChat(this.core.botFor(spec.bot), spec);
  }

  /**
   * A basic group is upgraded to a supergroup, as Telegram does it: the bot gets two service messages,
   * `migrate_to_chat_id` in the old group and `migrate_from_chat_id` in the new supergroup, and sends
   * to the old id answer 400 "group chat was upgraded to a supergroup chat" with `migrate_to_chat_id`.
   */
  migrateGroup(
    group: GroupSpec,
    newChatId: number,
    user: UserSpec,
    selector: BotSelector = {},
  ): { toOld: InjectResult; toNew: InjectResult } {
    const bot = this.core.botFor(selector.bot);
    const old = this.rememberChat(bot, { group: { ...group, type: 'group' } });
    const upgraded = this.rememberChat(bot, {
      group: { id: newChatId, type: 'supergroup', ...(group.title !== undefined && { title: group.title }) },
    });
    const date = Math.floor(this.core.now() / 1000);
    const service = (chat: KnownChat, fields: Partial<Message>) =>
      bot.messages.add(
        chat.chat.id,
        false,
        (messageId) =>
          ({ message_id: messageId, from: userOf(user), chat: chat.chat, date, ...fields }) as Message,
      ).message as NonNullable<Update['message']>;
    const toOld = this.enqueue(bot, { message: service(old, { migrate_to_chat_id: newChatId }) });
    old.migratedTo = newChatId;
    const toNew = this.enqueue(bot, { message: service(upgraded, { migrate_from_chat_id: group.id }) });
    return { toOld, toNew };
  }

  /** The chat blocked the bot (or the user deleted their account); sends get 403 until unblocked. */
  blockChat(chatId: number, reason: ChatBlock = 'blocked', selector: BotSelector = {}): void {
    const known = this.knownChat(chatId, selector);
    known.block = reason;
  }

  unblockChat(chatId: number, selector: BotSelector = {}): void {
    delete this.knownChat(chatId, selector).block;
  }

  /** The next `count` sends to the chat get 429 with `retryAfter` (optionally opening a penalty window). */
  force429(
    chatId: number,
    count: number,
    retryAfter: number,
    options: BotSelector & { penalize?: boolean } = {},
  ): void {
    const bot = this.core.botFor(options.bot);
    this.core.rateLimiter.force(bot.token, chatId, count, retryAfter, options.penalize ?? false);
  }

  /**
   * Makes the Bot API refuse a method (for one chat, or a number of times) with the given status,
   * the way Telegram answers: `{ ok: false, error_code, description }`. The call is recorded as failed.
   */
  failMethod(method: string, options: FailMethodOptions = {}): void {
    const status = options.status ?? 500;
    if (!Number.isInteger(status) || status < 400 || status > 599)
      throw new ControlError(400, `status must be an HTTP error status (400-599), not ${status}`);
    if (options.times !== undefined && (!Number.isInteger(options.times) || options.times < 1))
      throw new ControlError(400, `times must be a positive integer, not ${options.times}`);
    const fault: MethodFault = {
      method,
      status,
      description: options.description ?? DEFAULT_FAULT_DESCRIPTIONS[status] ?? `Error ${status}`,
      ...(options.chatId !== undefined && { chatId: options.chatId }),
      ...(options.times !== undefined && { remaining: options.times }),
    };
    this.core.botFor(options.bot).faults.push(fault);
  }

  /** Forgets the faults for a method (every method when omitted). */
  clearFaults(method?: string, selector: BotSelector = {}): void {
    const bot = this.core.botFor(selector.bot);
    bot.faults =
      method === undefined ? [] : bot.faults.filter((f) => f.method.toLowerCase() !== method.toLowerCase());
  }

  /** What the bot's paid broadcasts (sends with allow_paid_broadcast) cost so far: 0.1 Star a message. */
  paidBroadcasts(selector: BotSelector = {}): PaidBroadcastsView {
    const messages = this.core.botFor(selector.bot).paidBroadcasts;
    return { messages, starsSpent: messages / 10 };
  }

  configureRateLimits(options: RateLimitOptions | false): void {
    this.core.rateLimiter.configure(options);
  }

  /** Answers Bot API calls `ms` late (0: at once); the calls themselves take effect at once. */
  setLatency(ms: number, methods?: string[]): void {
    this.core.setLatency({ ms, ...(methods && { methods }) });
  }

  calls(filter: CallFilter = {}): RecordedCall[] {
    return this.core.recorder.list(filter);
  }

  lastSeq(): number {
    return this.core.recorder.lastSeq;
  }

  /** The first call matching the filter (recorded already or still to come); rejects after timeoutMs. */
  waitForCall(filter: CallFilter, timeoutMs = 5000): Promise<RecordedCall> {
    return this.core.recorder.waitFor(filter, timeoutMs);
  }

  /** What the chat looks like now: user and bot messages in order, edits and deletions applied. */
  chatMessages(chatId: number, options: ChatMessagesOptions = {}): ChatMessageView[] {
    const bot = this.core.botFor(options.bot);
    return bot.messages
      .list(chatId)
      .filter((stored) => options.includeDeleted !== false || !stored.deleted)
      .map(viewOf);
  }

  /**
   * The command menu a user with this Telegram language sees: the list set for the language
   * (`setMyCommands` with `language_code`), else the default list, as Telegram picks it.
   */
  botCommands(languageCode = '', selector: BotSelector = {}): BotCommand[] {
    const bot = this.core.botFor(selector.bot);
    const language = languageCode.split('-')[0]?.toLowerCase() ?? '';
    return (
      (language && bot.commands.get(scopeKey({ type: 'default' }, language))) ||
      bot.commands.get(scopeKey({ type: 'default' }, '')) ||
      []
    );
  }

  callbackQuery(id: string, selector: BotSelector = {}): CallbackQueryRecord | undefined {
    return this.core.botFor(selector.bot).callbackQueries.get(id);
  }

  /** Updates queued and not yet confirmed (getUpdates offset) or delivered (webhook), per bot. */
  pendingUpdates(): PendingUpdatesView[] {
    return this.core
      .allBots()
      .map((bot) => ({ botId: bot.id, username: bot.info.username, pending: bot.updates.length }));
  }

  webhookState(selector: BotSelector = {}): WebhookStateView {
    const bot = this.core.botFor(selector.bot);
    return {
      botId: bot.id,
      ...(bot.webhook && { url: bot.webhook.url }),
      ...(bot.webhook?.secretToken !== undefined && { secretToken: bot.webhook.secretToken }),
      pendingUpdateCount: bot.updates.length,
      ...(bot.lastWebhookError && {
        lastErrorDate: bot.lastWebhookError.date,
        lastErrorMessage: bot.lastWebhookError.message,
      }),
      deliveries: bot.webhookDeliveries,
    };
  }

  /**
   * Forgets calls, chats, messages, queued updates, blocks, faults and flood-control state. Bots keep
   * their identity, webhook, commands and update_id counter (a running bot's offset stays valid),
   * and call seq keeps counting.
   */
  reset(): void {
    this.core.recorder.clear();
    this.core.rateLimiter.reset();
    for (const bot of this.core.allBots()) bot.resetConversationState();
    this.core.events.emit({ type: 'reset' });
  }

  private enqueue(bot: BotState, update: Partial<Update>): InjectResult {
    const sinceSeq = this.core.recorder.lastSeq;
    const queued = bot.enqueue(update as Omit<Update, 'update_id'>);
    this.core.events.emit({ type: 'update', botId: bot.id, update: queued });
    return { update: queued, updateId: queued.update_id, sinceSeq };
  }

  private rememberChat(bot: BotState, spec: { user: UserSpec } | { group: GroupSpec }): KnownChat {
    const chat = 'user' in spec ? privateChatOf(spec.user) : groupChatOf(spec.group);
    const existing = bot.chats.get(chat.id);
    const known: KnownChat = {
      chat,
      kind: chat.type === 'private' ? 'private' : 'group',
      ...(existing?.block && { block: existing.block }),
      ...(existing?.migratedTo !== undefined && { migratedTo: existing.migratedTo }),
    };
    bot.chats.set(chat.id, known);
    return known;
  }

  private knownChat(chatId: number, selector: BotSelector): KnownChat {
    const known = this.core.botFor(selector.bot).chats.get(chatId);
    if (!known)
      throw new ControlError(404, `chat ${chatId} is not known (inject a message or addChat first)`);
    return known;
  }
}
