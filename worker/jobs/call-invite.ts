import { DelayedError, RateLimitError, UnrecoverableError } from 'bullmq';
import { type Api, GrammyError } from 'grammy';
import { callJoinKeyboard } from '../../bot/keyboards/volunteers.ts';
import { renderCallCard } from '../../bot/render/call-card.ts';
import type { Translate } from '../../bot/render/talk-item.ts';
import type { Locale } from '../../core/config.ts';
import { isUniqueViolation, type PrismaClient } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { type CallCard, loadCallCard } from '../../core/volunteers/call-card.ts';
import { callInviteEditKey, callInviteRoundKey } from '../../core/volunteers/call-keys.ts';
import { Owed } from '../owed.ts';
import {
  type CallInviteEditPayload,
  type CallInvitePayload,
  callInviteEditPayloadSchema,
  callInvitePayloadSchema,
  callInviteRoundPayloadSchema,
  type JobProducer,
} from '../queues.ts';
import {
  callTelegram,
  type DelayableJob,
  isNotModified,
  isRefusal,
  type TelegramLimits,
} from '../telegram-limits.ts';
import { isUnreachableError, type Translator } from './notify.ts';

/**
 * A volunteer call's invite to one member: the call's card in their language, with a join button per
 * shift, sent to their private chat at most once per dedupeKey. As notify does, the intent is an
 * OutboundMessage row (PENDING) written before the request and marked SENT after it; the message id is
 * also recorded on the VolunteerCallInvite row with a conditional update (PENDING → SENT), in the same
 * commit, so the progress message counts invites and a refresh round finds the message to edit. The
 * one window left is Telegram's: a crash between its accepting the message and that commit can send
 * that one invite twice. A member who blocked the bot (or whose account is gone) is UNREACHABLE, never
 * retried; another refusal is FAILED.
 */

/**
 * The calls' cards as the invites render them, read once a second per call rather than once per invite
 * (a fan-out of 10,000 reads the call 10,000 times otherwise). A seat count up to a second old is
 * harmless: a shift that fills starts a round of invite edits (call-refresh) that shows it.
 */
export class CallCardCache {
  readonly #cards = new Map<number, { at: number; card: Promise<CallCard | undefined> }>();

  constructor(
    private readonly ttlMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(prisma: PrismaClient, callId: number): Promise<CallCard | undefined> {
    const at = this.now();
    const cached = this.#cards.get(callId);
    if (cached && at - cached.at < this.ttlMs) return cached.card;
    const card = loadCallCard(prisma, callId);
    this.#cards.set(callId, { at, card });
    // A failed read is not kept.
    card.catch(() => this.#cards.delete(callId));
    if (this.#cards.size > 100) {
      for (const [id, entry] of this.#cards) if (at - entry.at >= this.ttlMs) this.#cards.delete(id);
    }
    return card;
  }
}

export interface CallInviteDeps {
  /** Shares card reads between invites of the same call; none: each invite reads the call. */
  cards?: CallCardCache;
  prisma: PrismaClient;
  i18n: Translator;
  api: Pick<Api, 'sendMessage' | 'editMessageText'>;
  defaultLocale: Locale;
  /** The limits of the queue this job runs on (the outbound queue, or the paid one). */
  limits: TelegramLimits;
  logger: Logger;
}

export interface CallInviteJob extends DelayableJob {
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number | undefined };
  updateData(data: unknown): Promise<void>;
}

export type CallInviteResult =
  | { outcome: 'sent'; messageId: number }
  | { outcome: 'already-done'; status: string }
  | { outcome: 'unreachable'; reason: string }
  | { outcome: 'skipped'; reason: 'invite-missing' | 'call-closed' };

export const callInviteRecordKey = (dedupeKey: string) => `call-invite:${dedupeKey}`;

export function memberTranslator(i18n: Translator, locale: Locale): Translate {
  return (key, params) => i18n.t(locale, key, params);
}

/** The invite's text and buttons as this member reads them. */
export function renderInvite(t: Translate, card: CallCard) {
  return {
    text: renderCallCard(t, card, 'member'),
    keyboard: callJoinKeyboard(t, card, card.villageId),
  };
}

export async function handleCallInvite(
  job: CallInviteJob,
  deps: CallInviteDeps,
  token: string | undefined,
  signal?: AbortSignal,
): Promise<CallInviteResult> {
  const parsed = callInvitePayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const payload: CallInvitePayload = parsed.data;
  const { prisma } = deps;
  const { callId, memberId } = payload;
  const key = callInviteRecordKey(payload.dedupeKey);
  const log = deps.logger.child({ job_id: job.id, call_id: callId, member_id: memberId });

  const invite = await prisma.volunteerCallInvite.findUnique({
    where: { callId_memberId: { callId, memberId } },
    select: { status: true, chatId: true, member: { select: { user: true } } },
  });
  if (!invite) return { outcome: 'skipped', reason: 'invite-missing' };
  if (invite.status !== 'PENDING') return { outcome: 'already-done', status: invite.status };

  const record = await recordIntent(prisma, key, invite.chatId);
  if (record.status === 'SENT' && record.messageId !== null) {
    // Sent by an earlier run that died before the invite row said so.
    await markInviteSent(prisma, key, callId, memberId, Number(record.messageId));
    return { outcome: 'already-done', status: 'SENT' };
  }
  if (record.status === 'UNREACHABLE' || record.status === 'FAILED') {
    await settleInvite(prisma, callId, memberId, record.status);
    return { outcome: 'already-done', status: record.status };
  }
  const sentMessageId = (job.data as { sentMessageId?: unknown }).sentMessageId;
  if (typeof sentMessageId === 'number') {
    await markInviteSent(prisma, key, callId, memberId, sentMessageId);
    return { outcome: 'sent', messageId: sentMessageId };
  }

  const card = await (deps.cards ? deps.cards.get(prisma, callId) : loadCallCard(prisma, callId));
  if (!card?.isOpen) {
    // Closed (or cancelled) before this invite went out: it never will.
    await prisma.outboundMessage.update({ where: { key }, data: { status: 'FAILED', error: 'call closed' } });
    await settleInvite(prisma, callId, memberId, 'FAILED');
    return { outcome: 'skipped', reason: 'call-closed' };
  }
  const locale = resolveLocale(invite.member.user, deps.defaultLocale);
  const { text, keyboard } = renderInvite(memberTranslator(deps.i18n, locale), card);
  const chatId = invite.chatId;

  let messageId: number;
  try {
    const apiSignal = signal as Parameters<Api['sendMessage']>[3];
    const sent = await callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, () =>
      deps.api.sendMessage(
        Number(chatId),
        text,
        {
          ...(keyboard && { reply_markup: keyboard }),
          ...(payload.paid && { allow_paid_broadcast: true }),
        },
        apiSignal,
      ),
    );
    messageId = sent.message_id;
  } catch (error) {
    // Handed back to wait out a penalty window: not a failure.
    if (error instanceof RateLimitError || error instanceof DelayedError) throw error;
    if (error instanceof GrammyError && isUnreachableError(error)) {
      await prisma.outboundMessage.update({
        where: { key },
        data: { status: 'UNREACHABLE', error: error.description },
      });
      await settleInvite(prisma, callId, memberId, 'UNREACHABLE');
      log.info({ error_code: error.error_code }, 'member unreachable; invite not sent');
      return { outcome: 'unreachable', reason: error.description };
    }
    if (isRefusal(error)) {
      await prisma.outboundMessage.update({
        where: { key },
        data: { status: 'FAILED', error: error.description },
      });
      await settleInvite(prisma, callId, memberId, 'FAILED');
      throw new UnrecoverableError(error.description);
    }
    // Network errors, 5xx: retried with backoff; the last attempt gives the invite up.
    const isLastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    if (isLastAttempt) {
      await prisma.outboundMessage
        .update({ where: { key }, data: { status: 'FAILED', error: String(error) } })
        .then(() => settleInvite(prisma, callId, memberId, 'FAILED'))
        .catch((dbError: unknown) => log.error({ err: dbError }, 'could not record the failed invite'));
    }
    throw error;
  }

  try {
    await markInviteSent(prisma, key, callId, memberId, messageId);
  } catch (error) {
    // Sent but not recorded: keep the fact in the job so the retry records it instead of sending again.
    log.error({ err: error }, 'invite sent but not recorded; recording it in the job for the retry');
    await job.updateData({ ...payload, sentMessageId: messageId });
    throw error;
  }
  return { outcome: 'sent', messageId };
}

async function recordIntent(prisma: PrismaClient, key: string, chatId: bigint) {
  try {
    return await prisma.outboundMessage.upsert({
      where: { key },
      create: { key, chatId, status: 'PENDING' },
      update: {},
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return await prisma.outboundMessage.findUniqueOrThrow({ where: { key } });
  }
}

/**
 * The send and the invite's message id in one statement (so one commit, one round trip); the invite
 * only if it still waits (conditional).
 */
async function markInviteSent(
  prisma: PrismaClient,
  key: string,
  callId: number,
  memberId: number,
  messageId: number,
): Promise<void> {
  const sentAt = new Date();
  await prisma.$executeRaw`
    WITH sent AS (
      UPDATE "OutboundMessage" SET status = 'SENT', "messageId" = ${messageId}::bigint, "sentAt" = ${sentAt},
             error = NULL
      WHERE key = ${key}
      RETURNING key)
    UPDATE "VolunteerCallInvite" SET status = 'SENT', "messageId" = ${messageId}::int, "sentAt" = ${sentAt}
    WHERE "callId" = ${callId}::int AND "memberId" = ${memberId}::int AND status = 'PENDING'`;
}

async function settleInvite(
  prisma: PrismaClient,
  callId: number,
  memberId: number,
  status: 'FAILED' | 'UNREACHABLE',
): Promise<void> {
  await prisma.volunteerCallInvite.updateMany({
    where: { callId, memberId, status: 'PENDING' },
    data: { status },
  });
}

// ─── Rounds of invite edits ─────────────────────────────────────────────

/** Invites edited per page of a round: at most this many edits are wasted when a newer round supersedes it. */
export const INVITE_ROUND_PAGE = 25;

export interface InviteRoundDeps {
  prisma: PrismaClient;
  jobs: JobProducer;
  logger: Logger;
}

export type InviteRoundResult =
  | { outcome: 'paged'; edits: number; next: number | null }
  | { outcome: 'skipped'; reason: 'superseded' | 'call-missing' };

/**
 * One page of a round of invite edits: the next INVITE_ROUND_PAGE invites (by member, after `after`)
 * that were delivered to members who have not signed up to the call (those already have what they
 * came for) get one `call-invite-edit` each, and the round's next page is owed after them. Both have
 * the edit priority on the outbound queue, so the round goes at the queue's pace behind new sends, one
 * page in the queue at a time. A newer round (VolunteerCall.inviteRound) stops this one here.
 */
export async function handleCallInviteRound(
  job: { id?: string | undefined; name: string; data: unknown },
  deps: InviteRoundDeps,
): Promise<InviteRoundResult> {
  const parsed = callInviteRoundPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { callId, round, after } = parsed.data;
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, call_id: callId, round });
  const owed = new Owed();
  const outcome = await prisma.$transaction(async (tx): Promise<InviteRoundResult> => {
    const call = await tx.volunteerCall.findUnique({ where: { id: callId }, select: { inviteRound: true } });
    if (!call) return { outcome: 'skipped', reason: 'call-missing' };
    if (call.inviteRound !== round) return { outcome: 'skipped', reason: 'superseded' };
    const page = await tx.$queryRaw<{ memberId: number }[]>`
      SELECT i."memberId" FROM "VolunteerCallInvite" i
      WHERE i."callId" = ${callId}::int AND i.status = 'SENT' AND i."memberId" > ${after}::int
        AND NOT EXISTS (
          SELECT 1 FROM "SignUp" s JOIN "VolunteerShift" sh ON sh.id = s."shiftId"
          WHERE sh."callId" = ${callId}::int AND s."memberId" = i."memberId" AND s.status <> 'CANCELLED')
      ORDER BY i."memberId" LIMIT ${INVITE_ROUND_PAGE}::int`;
    await owed.jobs(
      tx,
      'call-invite-edit',
      page.map(({ memberId }) => ({
        dedupeKey: callInviteEditKey(callId, round, memberId),
        callId,
        memberId,
        round,
      })),
    );
    const last = page.at(-1)?.memberId;
    const next = page.length === INVITE_ROUND_PAGE && last !== undefined ? last : null;
    if (next !== null)
      await owed.job(tx, 'call-invite-round', {
        dedupeKey: callInviteRoundKey(callId, round, next),
        callId,
        round,
        after: next,
      });
    return { outcome: 'paged', edits: page.length, next };
  });
  await owed.deliver({ prisma, jobs: deps.jobs, logger: log });
  return outcome;
}

export type InviteEditResult =
  | { outcome: 'edited' | 'unchanged' | 'gone' }
  | { outcome: 'skipped'; reason: 'superseded' | 'not-sent' | 'signed-up' | 'call-missing' };

/** One invite brought up to date (its shifts' fullness and buttons), unless its round was superseded. */
export async function handleCallInviteEdit(
  job: CallInviteJob,
  deps: CallInviteDeps,
  token: string | undefined,
): Promise<InviteEditResult> {
  const parsed = callInviteEditPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { callId, memberId, round }: CallInviteEditPayload = parsed.data;
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, call_id: callId, member_id: memberId, round });
  const card = await loadCallCard(prisma, callId);
  if (!card) return { outcome: 'skipped', reason: 'call-missing' };
  if (card.inviteRound !== round) return { outcome: 'skipped', reason: 'superseded' };
  const invite = await prisma.volunteerCallInvite.findUnique({
    where: { callId_memberId: { callId, memberId } },
    select: { status: true, chatId: true, messageId: true, member: { select: { user: true } } },
  });
  if (invite?.status !== 'SENT' || invite.messageId === null)
    return { outcome: 'skipped', reason: 'not-sent' };
  const signedUp = await prisma.signUp.count({
    where: { memberId, status: { not: 'CANCELLED' }, shift: { callId } },
  });
  if (signedUp > 0) return { outcome: 'skipped', reason: 'signed-up' };
  const locale = resolveLocale(invite.member.user, deps.defaultLocale);
  const { text, keyboard } = renderInvite(memberTranslator(deps.i18n, locale), card);
  const { chatId, messageId } = invite;
  try {
    await callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, () =>
      deps.api.editMessageText(Number(chatId), messageId, text, keyboard ? { reply_markup: keyboard } : {}),
    );
    return { outcome: 'edited' };
  } catch (error) {
    if (isNotModified(error)) return { outcome: 'unchanged' };
    // Deleted by the member, or the bot blocked since: nothing to bring up to date.
    if (isRefusal(error)) return { outcome: 'gone' };
    throw error;
  }
}
