import { RateLimitError, UnrecoverableError } from 'bullmq';
import { type Api, GrammyError } from 'grammy';
import type { PenaltyBoard } from '../../bot/api/penalty-board.ts';
import { householdConfirmationKeyboard, joinApprovalKeyboard } from '../../bot/keyboards/members.ts';
import { awardReviewKeyboard } from '../../bot/keyboards/points.ts';
import { starsKeyboard } from '../../bot/keyboards/talk.ts';
import { shiftCheckInKeyboard } from '../../bot/keyboards/volunteers.ts';
import { ballotKeyboard } from '../../bot/keyboards/votes.ts';
import { renderVoteCard } from '../../bot/render/vote-card.ts';
import type { Locale } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { isUniqueViolation } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { displayName } from '../../core/members/display-name.ts';
import { loadVoteCard, type VoteCard } from '../../core/votes/vote-card.ts';
import {
  type LocalizedMessage,
  type NoticeButtons,
  type NotifyPayload,
  notifyPayloadSchema,
} from '../queues.ts';

/**
 * Sends one localized message to one member's private chat, at most once per dedupeKey.
 *
 * The recorded step is an OutboundMessage row keyed by the dedupeKey, written (PENDING) before the
 * request and marked SENT after it. A retry, a second job with the same key, or a job re-run after a
 * crash finds SENT/UNREACHABLE and does nothing. The Bot API has no idempotency key, so the one
 * window left is a crash between Telegram accepting the message and the SENT write: that message
 * (only that one) can be sent twice.
 */

/** What the handler needs from @grammyjs/i18n (an `I18n` instance fits). */
export interface Translator {
  t(locale: string, key: string, variables?: Record<string, string | number>): string;
}

/**
 * The outbound queue's shared penalty window (BullMQ's manual rate limit, kept in Redis), so a 429 seen
 * by one worker stops every worker and process from calling Telegram until the window is over.
 */
export interface OutboundLimiter {
  /** Milliseconds left in a penalty imposed by `impose`; 0 when none. */
  remainingPenaltyMs(): Promise<number>;
  /** Stops the queue from handing out jobs for `ms`. */
  impose(ms: number): Promise<void>;
}

export interface NotifyDeps {
  prisma: PrismaClient;
  i18n: Translator;
  api: Pick<Api, 'sendMessage'>;
  defaultLocale: Locale;
  limiter: OutboundLimiter;
  /** Private chats' 429 windows, shared with the bot: none is sent into (see penalty-board.ts). */
  board?: PenaltyBoard | undefined;
  logger: Logger;
}

/** The part of a BullMQ Job the handler uses. */
export interface NotifyJob {
  id?: string | undefined;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number | undefined };
  updateData(data: unknown): Promise<void>;
}

export type NotifyResult =
  | { outcome: 'sent'; messageId: number }
  | { outcome: 'already-done'; status: 'SENT' | 'UNREACHABLE' }
  | { outcome: 'unreachable'; reason: string }
  | { outcome: 'member-missing' };

/** Set in job.data when the send succeeded but recording it did not, so a retry records instead of resending. */
interface SentStep {
  sentMessageId?: number;
}

/** Telegram's refusals that mean "this chat will never receive a message": give up on it, never retry. */
export function isUnreachableError(error: GrammyError): boolean {
  if (error.error_code === 403) return true; // bot was blocked by the user / user is deactivated
  return error.error_code === 400 && /chat not found/i.test(error.description);
}

export function outboundKeyFor(dedupeKey: string): string {
  return `notify:${dedupeKey}`;
}

export class MissingTranslationError extends Error {
  constructor(
    readonly locale: string,
    readonly key: string,
  ) {
    super(`locale ${locale} has no message "${key}"`);
    this.name = 'MissingTranslationError';
  }
}

/** Renders a message or throws: a missing key would otherwise reach the villager as "{key}". */
export function renderMessage(i18n: Translator, locale: Locale, message: LocalizedMessage): string {
  const text = i18n.t(locale, message.key, message.params);
  if (text === `{${message.key}}`) throw new MissingTranslationError(locale, message.key);
  return text;
}

export async function handleNotify(
  job: NotifyJob,
  deps: NotifyDeps,
  signal?: AbortSignal,
): Promise<NotifyResult> {
  const parsed = notifyPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid notify payload: ${parsed.error.message}`);
  const payload: NotifyPayload = parsed.data;
  const sentMessageId = (job.data as { sentMessageId?: unknown }).sentMessageId;
  const key = outboundKeyFor(payload.dedupeKey);
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, member_id: payload.memberId });

  const before = await prisma.outboundMessage.findUnique({ where: { key } });
  if (before?.status === 'SENT' || before?.status === 'UNREACHABLE') {
    log.debug({ status: before.status }, 'notify already done');
    return { outcome: 'already-done', status: before.status };
  }

  const member = await prisma.member.findUnique({ where: { id: payload.memberId }, include: { user: true } });
  if (!member) {
    log.warn('notify skipped: member no longer exists');
    return { outcome: 'member-missing' };
  }

  const record = before ?? (await recordIntent(prisma, key, member.userId));
  if (record.status === 'SENT' || record.status === 'UNREACHABLE') {
    return { outcome: 'already-done', status: record.status };
  }

  if (typeof sentMessageId === 'number') {
    // An earlier attempt sent the message but could not record it: record, never resend.
    await markSent(prisma, key, sentMessageId);
    return { outcome: 'sent', messageId: sentMessageId };
  }

  const locale = resolveLocale(member.user, deps.defaultLocale);
  // Read outside the render's try: a database hiccup here is worth a retry, a missing key is not.
  let message = payload.aboutMemberId
    ? await withMemberParams(prisma, payload.message, payload.aboutMemberId)
    : payload.message;
  // A vote's ballot carries the vote as it is now, in this member's language.
  const voteCard =
    payload.buttons?.kind === 'vote-ballot'
      ? await loadVoteCard(prisma, { voteId: payload.buttons.voteId })
      : undefined;
  let text: string;
  try {
    if (payload.buttons?.kind === 'vote-ballot') {
      if (!voteCard) throw new Error(`vote ${payload.buttons.voteId} is gone`);
      const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(locale, key, params);
      const card = renderVoteCard(t, voteCard, 'member', { locale });
      message = { ...message, params: { ...message.params, card } };
    }
    text = renderMessage(deps.i18n, locale, message);
  } catch (error) {
    await markFailed(prisma, key, String(error));
    throw new UnrecoverableError(String(error));
  }

  // Another job may have hit a 429 while this one was already running: asking inside the
  // window extends Telegram's penalty, so hand the job back untouched.
  if ((await deps.limiter.remainingPenaltyMs()) > 0) throw new RateLimitError();
  const chatWindow = deps.board?.remainingMs(member.userId) ?? 0;
  if (chatWindow > 0) {
    await deps.limiter.impose(chatWindow);
    throw new RateLimitError();
  }

  let messageId: number;
  try {
    // grammY types its signal with the abort-controller polyfill; Node's AbortSignal is what it uses at run time.
    const apiSignal = signal as Parameters<Api['sendMessage']>[3];
    const extra = payload.buttons
      ? { reply_markup: noticeKeyboard(deps.i18n, locale, payload.buttons, member.villageId, voteCard) }
      : {};
    const sent = await deps.api.sendMessage(Number(member.userId), text, extra, apiSignal);
    messageId = sent.message_id;
  } catch (error) {
    return await handleSendError(error, { job, key, chatId: member.userId, deps, log });
  }

  try {
    await markSent(prisma, key, messageId);
  } catch (error) {
    // Sent but not recorded: keep the fact in the job so the retry records it instead of sending again.
    log.error({ err: error }, 'message sent but not recorded; recording it in the job for the retry');
    await job.updateData({ ...payload, sentMessageId: messageId } satisfies NotifyPayload & SentStep);
    throw error;
  }
  log.info({ message_id: messageId }, 'notify sent');
  return { outcome: 'sent', messageId };
}

/** The notice's buttons, acting in the village of the member it goes to. */
function noticeKeyboard(
  i18n: Translator,
  locale: Locale,
  buttons: NoticeButtons,
  villageId: number,
  voteCard: VoteCard | undefined,
) {
  const t = (key: string, params?: Record<string, string | number>) => i18n.t(locale, key, params);
  switch (buttons.kind) {
    case 'rate-stars':
      return starsKeyboard(buttons, villageId);
    case 'join-approval':
      return joinApprovalKeyboard(t, buttons.memberId, villageId);
    case 'household-confirmation':
      return householdConfirmationKeyboard(t, buttons.memberId, buttons.householdId, villageId);
    case 'award-review':
      return awardReviewKeyboard(t, buttons.batchId, villageId);
    case 'vote-ballot':
      return voteCard?.isOpen ? ballotKeyboard(t, voteCard, villageId) : undefined;
    case 'shift-check-in':
      return shiftCheckInKeyboard(t, { call: buttons.call, shift: buttons.shift }, villageId);
  }
}

/** The params of the member a notice is about, as their row says when it is sent. */
async function withMemberParams(
  prisma: PrismaClient,
  message: LocalizedMessage,
  memberId: number,
): Promise<LocalizedMessage> {
  const member = await prisma.member.findUnique({
    where: { id: memberId },
    select: {
      realName: true,
      number: true,
      household: { select: { name: true } },
      pendingHousehold: { select: { name: true } },
    },
  });
  if (!member) return message;
  const household = member.pendingHousehold?.name ?? member.household?.name ?? '';
  return {
    ...message,
    params: { ...message.params, name: displayName(member), number: member.number, household },
  };
}

async function handleSendError(
  error: unknown,
  ctx: { job: NotifyJob; key: string; chatId: bigint; deps: NotifyDeps; log: Logger },
): Promise<NotifyResult> {
  const { job, key, deps, log } = ctx;
  if (error instanceof GrammyError) {
    if (error.error_code === 429) {
      const retryAfterSeconds = error.parameters.retry_after ?? 1;
      log.warn({ retry_after: retryAfterSeconds }, 'Telegram rate limit: pausing the outbound queue');
      // Pauses the whole outbound queue (all workers) and hands this job back to "waiting"
      // without counting an attempt; it runs again once the window is over.
      await deps.board?.close(ctx.chatId, retryAfterSeconds * 1000, { botWide: true });
      await deps.limiter.impose(retryAfterSeconds * 1000);
      throw new RateLimitError();
    }
    if (isUnreachableError(error)) {
      await deps.prisma.outboundMessage.update({
        where: { key },
        data: { status: 'UNREACHABLE', error: error.description },
      });
      log.info({ error_code: error.error_code, description: error.description }, 'member unreachable');
      return { outcome: 'unreachable', reason: error.description };
    }
    if (error.error_code >= 400 && error.error_code < 500) {
      // Any other 4xx is a refusal of this exact request (too long, bad entities): repeating it cannot help.
      await markFailed(deps.prisma, key, error.description);
      throw new UnrecoverableError(error.description);
    }
  }
  // Network errors, 5xx, aborted requests: retried with backoff. Record why, and give up on the last attempt.
  const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  await deps.prisma.outboundMessage
    .update({ where: { key }, data: { status: isLastAttempt ? 'FAILED' : 'PENDING', error: String(error) } })
    .catch((dbError: unknown) => log.error({ err: dbError }, 'could not record the send error'));
  throw error;
}

async function recordIntent(prisma: PrismaClient, key: string, chatId: bigint) {
  try {
    return await prisma.outboundMessage.upsert({
      where: { key },
      create: { key, chatId, status: 'PENDING' },
      update: {},
    });
  } catch (error) {
    // Two runs raced on the insert: the other one's row is the record.
    if (!isUniqueViolation(error)) throw error;
    return await prisma.outboundMessage.findUniqueOrThrow({ where: { key } });
  }
}

function markSent(prisma: PrismaClient, key: string, messageId: number) {
  return prisma.outboundMessage.update({
    where: { key },
    data: { status: 'SENT', messageId: BigInt(messageId), sentAt: new Date(), error: null },
  });
}

function markFailed(prisma: PrismaClient, key: string, error: string) {
  return prisma.outboundMessage.update({ where: { key }, data: { status: 'FAILED', error } });
}
