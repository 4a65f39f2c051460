import type { User } from 'grammy/types';
import { ApiError, badRequest, ERRORS, forbidden, tooManyRequests } from '../api-error.ts';
import type { BotState, KnownChat } from '../bot-state.ts';
import type { FileStore } from '../file-store.ts';
import type { StoredMessage } from '../message-store.ts';
import type { ParamReader } from '../params.ts';
import type { RateLimiter } from '../rate-limiter.ts';
import { asReplyTarget, type ReplyTarget } from '../update-factory.ts';

/** What the emulator lends every method implementation. */
export interface MethodEnvironment {
  files: FileStore;
  rateLimiter: RateLimiter;
  callbackQueryTimeoutMs: number;
  now(): number;
  /** Starts webhook delivery for a bot (after setWebhook). */
  kickWebhook(bot: BotState): void;
}

export interface MethodContext {
  method: string;
  bot: BotState;
  params: ParamReader;
  /** Aborted when the HTTP request goes away (long polling stops waiting). */
  signal: AbortSignal;
  env: MethodEnvironment;
  /** Filled in by the method for the call record. */
  trace: { chatId?: number; inPenaltyWindow: boolean; description?: string };
}

export type MethodHandler = (ctx: MethodContext) => unknown;

/** The chat named by chat_id, which must have been seen in an update (or added by a test). */
export function resolveChat(ctx: MethodContext, name = 'chat_id'): KnownChat {
  const id = ctx.params.chatId(name);
  if (id === undefined) throw badRequest(ERRORS.chatIdEmpty);
  if (typeof id === 'number') ctx.trace.chatId = id;
  const known =
    typeof id === 'number'
      ? ctx.bot.chats.get(id)
      : [...ctx.bot.chats.values()].find(
          (chat) => 'username' in chat.chat && `@${chat.chat.username}` === id,
        );
  if (!known) throw badRequest(ERRORS.chatNotFound);
  ctx.trace.chatId = known.chat.id;
  return known;
}

/**
 * Flood control's first check (forced 429 or penalty window) and the chat's block, in the
 * order Telegram applies them. Call before validating content.
 */
export function guardSend(ctx: MethodContext, chat: KnownChat): void {
  const cost = ctx.env.rateLimiter.costOf(ctx.method);
  const decision = ctx.env.rateLimiter.checkPenalty(ctx.bot.token, chat.chat.id, cost, isPaidBroadcast(ctx));
  if (decision && !decision.allowed) {
    ctx.trace.inPenaltyWindow = decision.inPenaltyWindow;
    throw tooManyRequests(decision.retryAfter);
  }
  if (chat.migratedTo !== undefined)
    throw new ApiError(400, `Bad Request: ${ERRORS.upgraded}`, { migrate_to_chat_id: chat.migratedTo });
  if (chat.block === 'deactivated') throw forbidden(ERRORS.deactivated);
  if (chat.block === 'blocked') {
    if (chat.kind === 'private') throw forbidden(ERRORS.blocked);
    throw forbidden(`bot was kicked from the ${chat.chat.type === 'group' ? 'group' : 'supergroup'} chat`);
  }
}

/** Flood control's second check: takes the send's tokens, after the request proved valid. */
export function consumeSend(ctx: MethodContext, chat: KnownChat): void {
  const cost = ctx.env.rateLimiter.costOf(ctx.method);
  const paid = isPaidBroadcast(ctx);
  const decision = ctx.env.rateLimiter.consume(ctx.bot.token, chat.chat.id, chat.kind, cost, paid);
  if (!decision.allowed) throw tooManyRequests(decision.retryAfter);
  // Past every check, the message will be sent: a paid one costs the bot a tenth of a Star.
  if (paid && cost > 0) ctx.bot.paidBroadcasts++;
}

/** A send with `allow_paid_broadcast`: outside the free bot-wide limit, paid for in Stars. */
function isPaidBroadcast(ctx: MethodContext): boolean {
  return ctx.method.toLowerCase().startsWith('send') && ctx.params.bool('allow_paid_broadcast');
}

export function botUser(bot: BotState): User {
  return {
    id: bot.info.id,
    is_bot: true,
    first_name: bot.info.first_name,
    username: bot.info.username,
  };
}

export function nowSeconds(ctx: MethodContext): number {
  return Math.floor(ctx.env.now() / 1000);
}

/** reply_parameters (or the older reply_to_message_id) resolved against the chat's messages. */
export function resolveReply(ctx: MethodContext, chat: KnownChat): ReplyTarget | undefined {
  const replyParameters = ctx.params.json<{
    message_id?: number;
    chat_id?: number | string;
    allow_sending_without_reply?: boolean;
  }>('reply_parameters', "can't parse reply parameters JSON object");
  const messageId = replyParameters?.message_id ?? ctx.params.int('reply_to_message_id');
  if (messageId === undefined) return undefined;
  const allowWithout =
    replyParameters?.allow_sending_without_reply ?? ctx.params.bool('allow_sending_without_reply');
  const target = ctx.bot.messages.get(chat.chat.id, Number(messageId));
  if (!target) {
    if (allowWithout) return undefined;
    throw badRequest(ERRORS.replyNotFound);
  }
  return asReplyTarget(target.message);
}

/** The bot's own, not deleted message named by chat_id + message_id, for an edit. */
export function resolveEditable(ctx: MethodContext): { chat: KnownChat; stored: StoredMessage } {
  if (ctx.params.has('inline_message_id')) throw badRequest(ERRORS.editNotFound);
  const chat = resolveChat(ctx);
  const messageId = ctx.params.int('message_id');
  if (messageId === undefined) throw badRequest(ERRORS.messageIdMissing);
  guardSend(ctx, chat);
  const stored = ctx.bot.messages.get(chat.chat.id, messageId);
  if (!stored) throw badRequest(ERRORS.editNotFound);
  if (!stored.fromBot) throw badRequest(ERRORS.cantBeEdited);
  return { chat, stored };
}

/** Structural equality of JSON-like values, ignoring key order. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([x], [y]) => x.localeCompare(y)),
        )
      : v,
  );
}
