import { setTimeout as sleep } from 'node:timers/promises';
import { DelayedError, RateLimitError } from 'bullmq';
import { GrammyError } from 'grammy';
import type { PenaltyBoard } from '../bot/api/penalty-board.ts';
import type { Logger } from '../core/logger.ts';
import type { OutboundLimiter } from './jobs/notify.ts';

/**
 * Telegram's 429s, answered by the scope they apply to. Private chats share the bot-wide limit (about
 * 30 messages/s), so a 429 there pauses the whole outbound queue, in every worker, as notify does. A
 * group's limit (20 messages/min) is the group's own: a 429 there delays only the job that got it,
 * and any later job for the same group in this process, so one busy village never holds up another.
 */

/** A penalty window ending sooner than this is waited out in the job rather than by handing it back. */
const SHORT_WAIT_MS = 1_000;

/** When Telegram gives no `retry_after` (it always should), wait this long rather than hammer it. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * The penalty windows of group chats that answered 429, in this process's memory. Another worker
 * process learns of a window from its own first 429 there (which extends Telegram's penalty by a
 * little); sharing it through Redis would buy little for a limit that is per group and rarely hit.
 */
export class GroupWindows {
  readonly #until = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Milliseconds left in the chat's window; 0 when none. */
  remainingMs(chatId: bigint | number): number {
    const key = String(chatId);
    const until = this.#until.get(key);
    if (until === undefined) return 0;
    const left = until - this.now();
    if (left <= 0) this.#until.delete(key);
    return Math.max(0, left);
  }

  impose(chatId: bigint | number, ms: number): void {
    const key = String(chatId);
    const until = this.now() + ms;
    if (until > (this.#until.get(key) ?? 0)) this.#until.set(key, until);
  }
}

export interface TelegramLimits {
  /** The outbound queue's shared penalty (private chats, and calls with no chat). */
  queue: OutboundLimiter;
  /** Groups' windows in this process. */
  groups: GroupWindows;
  /** Private chats' windows, shared with the bot (which answers the same people). */
  board?: PenaltyBoard | undefined;
}

/** The part of a BullMQ job that waiting needs. */
export interface DelayableJob {
  id?: string | undefined;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

/** Group and supergroup ids are negative; private chats' are the user's (positive) id. */
export function isGroupChat(chatId: bigint | number | null | undefined): chatId is bigint | number {
  return chatId !== null && chatId !== undefined && chatId < 0;
}

export interface TelegramCallContext {
  job: DelayableJob;
  /** The job's lock token (the processor's second argument): moving a job to delayed needs it. */
  token: string | undefined;
  chatId: bigint | number | null;
  limits: TelegramLimits;
  logger: Logger;
  /** Runs before the job is handed back to wait (e.g. release a lease, so nothing looks held meanwhile). */
  beforeWait?: () => Promise<unknown>;
}

/**
 * Makes one Bot API call within Telegram's rate limits. Inside a known penalty window the call is not
 * made (asking inside it extends the penalty); on a 429 the window is remembered. Either way the job
 * is handed back without spending an attempt: a group's job as a delayed job until its window ends
 * (`DelayedError`), a private chat's by pausing the queue (`RateLimitError`). Every other error is the
 * caller's to classify.
 */
export async function callTelegram<T>(ctx: TelegramCallContext, call: () => Promise<T>): Promise<T> {
  const { chatId, limits } = ctx;
  if (isGroupChat(chatId)) {
    const left = limits.groups.remainingMs(chatId);
    if (left > 0) return waitForChat(ctx, chatId, left);
  } else if ((await limits.queue.remainingPenaltyMs()) > 0) {
    await ctx.beforeWait?.();
    throw new RateLimitError();
  } else if (chatId !== null && limits.board) {
    // The bot met a window on this person's chat: sending into it would only extend it. The end of
    // a window is waited for here (the queue's own pause ends with the window it was set for, give or
    // take a few milliseconds); a longer one hands the job back.
    const left = limits.board.remainingMs(chatId);
    if (left > SHORT_WAIT_MS) return waitForChat(ctx, chatId, left);
    if (left > 0) await sleep(left);
  }
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof GrammyError) || error.error_code !== 429) throw error;
    const ms = (error.parameters.retry_after ?? DEFAULT_RETRY_AFTER_SECONDS) * 1000;
    if (isGroupChat(chatId)) {
      ctx.logger.warn(
        { job_id: ctx.job.id, chat_id: String(chatId), retry_after_ms: ms },
        'Telegram rate limit on a group: delaying its jobs only',
      );
      limits.groups.impose(chatId, ms);
      return waitForChat(ctx, chatId, ms);
    }
    ctx.logger.warn(
      { job_id: ctx.job.id, retry_after_ms: ms },
      'Telegram rate limit: pausing the outbound queue',
    );
    // Taken as the bot's limit here (the queue pauses): the bot's own sends wait it out too.
    if (chatId !== null) await limits.board?.close(chatId, ms, { botWide: true });
    await limits.queue.impose(ms);
    await ctx.beforeWait?.();
    throw new RateLimitError();
  }
}

/** Hands the job back until the chat's window has passed, without spending an attempt. */
async function waitForChat(ctx: TelegramCallContext, chatId: bigint | number, ms: number): Promise<never> {
  await ctx.beforeWait?.();
  ctx.logger.debug({ job_id: ctx.job.id, chat_id: String(chatId), wait_ms: ms }, 'chat in a penalty window');
  await ctx.job.moveToDelayed(Date.now() + ms, ctx.token);
  throw new DelayedError();
}

/** Telegram refused this exact request (4xx other than 429): repeating it cannot help. */
export function isRefusal(error: unknown): error is GrammyError {
  return (
    error instanceof GrammyError &&
    error.error_code >= 400 &&
    error.error_code < 500 &&
    error.error_code !== 429
  );
}

/** An edit that changes nothing: the message already shows what it should. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}
