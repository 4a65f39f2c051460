import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Api } from 'grammy';
import { callJoinKeyboard } from '../../bot/keyboards/volunteers.ts';
import { type FanoutProgressView, renderCallCard, renderFanoutProgress } from '../../bot/render/call-card.ts';
import type { Translate } from '../../bot/render/talk-item.ts';
import type { Locale } from '../../core/config.ts';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { type CallCard, countInvites, fullMaskOf, loadCallCard } from '../../core/volunteers/call-card.ts';
import { callInviteRoundKey } from '../../core/volunteers/call-keys.ts';
import { Owed } from '../owed.ts';
import { callJobPayloadSchema, type JobProducer } from '../queues.ts';
import { callTelegram, isNotModified, isRefusal, type TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import { type RecordedSendJob, sendOnce } from './recorded-send.ts';

/**
 * A call's public side: its post in the village group (`call-post`, once), the cadre's progress message
 * (`call-fanout-progress`, sent once then edited), and the batched refresh of both, and of the invites
 * when a shift fills or reopens (`call-refresh`). Everything is rendered from the call as it is when the
 * job runs, in the village's language (the group) or the reader's (the cadre).
 */

export interface CallJobDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendMessage' | 'editMessageText'>;
  i18n: Translator;
  /** The village group's language. */
  groupLocale: Locale;
  defaultLocale: Locale;
  limits: TelegramLimits;
  /** Where a refresh hands the invite round it owes. */
  jobs: JobProducer;
  logger: Logger;
  now?: () => Date;
}

export interface CallJob extends RecordedSendJob {
  id?: string | undefined;
  name: string;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

const translator =
  (i18n: Translator, locale: Locale): Translate =>
  (key, params) =>
    i18n.t(locale, key, params);

function parseCallId(job: CallJob): number {
  const parsed = callJobPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  return parsed.data.callId;
}

export const callPostRecordKey = (callId: number) => `call-post:${callId}`;

export type CallPostResult =
  | { outcome: 'posted' | 'already-posted'; messageId: number }
  | { outcome: 'skipped'; reason: 'call-missing' | 'no-group' }
  | { outcome: 'refused'; description: string };

/** The call posted in its village group with its join buttons: a recorded send, `groupMessageId` set conditionally. */
export async function handleCallPost(
  job: CallJob,
  deps: CallJobDeps,
  token: string | undefined,
): Promise<CallPostResult> {
  const callId = parseCallId(job);
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, call_id: callId });
  const card = await loadCallCard(prisma, callId);
  if (!card) return { outcome: 'skipped', reason: 'call-missing' };
  if (card.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  if (card.groupMessageId !== null) return { outcome: 'already-posted', messageId: card.groupMessageId };
  const chatId = card.groupChatId;
  const t = translator(deps.i18n, deps.groupLocale);
  const text = renderCallCard(t, card, 'group');
  const keyboard = callJoinKeyboard(t, card, card.villageId);
  const record = (tx: Prisma.TransactionClient | PrismaClient, messageId: number) =>
    tx.volunteerCall.updateMany({
      where: { id: callId, groupMessageId: null },
      data: { groupMessageId: messageId },
    });
  const step = await sendOnce(prisma, job, {
    key: callPostRecordKey(callId),
    chatId,
    send: () =>
      callTelegram(
        { job, token, chatId, limits: deps.limits, logger: log },
        async () =>
          (await deps.api.sendMessage(Number(chatId), text, keyboard ? { reply_markup: keyboard } : {}))
            .message_id,
      ),
    record: async (tx, messageId) => {
      await record(tx, messageId);
    },
  });
  if (step.outcome === 'refused') {
    log.warn({ description: step.description }, 'Telegram refused the call post; not retried');
    return step;
  }
  // Sent by an earlier run that died before recording it on the call: record it now (conditional).
  if (step.outcome === 'already-done') await record(prisma, step.messageId);
  return { outcome: step.outcome === 'sent' ? 'posted' : 'already-posted', messageId: step.messageId };
}

// ─── The cadre's progress message ───────────────────────────────────────

/** How often the message is brought up to date while invites are still going out. */
export const CALL_PROGRESS_INTERVAL_MS = 2_000;
/** Invites still unsettled this long after the fan-out began no longer hold the job open. */
export const CALL_PROGRESS_GIVE_UP_MS = 60 * 60_000;

export type CallProgressResult =
  | { outcome: 'done'; sent: number; failed: number; total: number }
  | { outcome: 'skipped'; reason: 'call-missing' };

export const callProgressRecordKey = (callId: number) => `call-progress:${callId}`;

async function progressOf(prisma: PrismaClient, card: CallCard, now: Date): Promise<FanoutProgressView> {
  const { sent, failed, pending } = await countInvites(prisma, card.callId);
  const deferred = card.fanoutAt !== null && card.fanoutAt > now;
  return {
    number: card.number,
    sent,
    failed,
    total: card.recipients,
    deferredUntil: deferred ? card.fanoutAt : null,
    settled: !deferred && pending === 0,
    timezone: card.timezone,
    createdAt: card.createdAt,
    shifts: card.shifts,
  };
}

async function creatorLocale(prisma: PrismaClient, userId: bigint, fallback: Locale): Promise<Locale> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { locale: true, languageCode: true },
  });
  return resolveLocale(user, fallback);
}

/** Edits the progress message; the same text again, or a message the cadre deleted, is fine. */
async function editProgress(
  deps: CallJobDeps,
  call: Parameters<typeof callTelegram>[0],
  chatId: bigint,
  messageId: number,
  text: string,
): Promise<void> {
  try {
    await callTelegram(call, () => deps.api.editMessageText(Number(chatId), messageId, text));
  } catch (error) {
    if (!isNotModified(error) && !isRefusal(error)) throw error;
  }
}

/**
 * The cadre's one message about a call: while the quiet hours hold the invites back, when they will go;
 * then "sent x, failed y, of z" and each shift's sign-ups ("3/15"), and for a full shift how long after
 * the launch it filled. The first run sends it (a recorded send, `progressMessageId` set conditionally,
 * so two runs send one); later runs edit it and hand the job back (delayed) until every invite is
 * settled, or an hour after the fan-out began. `call-refresh` edits it afterwards as shifts fill.
 */
export async function handleCallFanoutProgress(
  job: CallJob,
  deps: CallJobDeps,
  token: string | undefined,
): Promise<CallProgressResult> {
  const callId = parseCallId(job);
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, call_id: callId });
  const now = (deps.now ?? (() => new Date()))();
  const card = await loadCallCard(prisma, callId, now);
  if (!card) return { outcome: 'skipped', reason: 'call-missing' };
  const progress = await progressOf(prisma, card, now);
  const chatId = card.creatorUserId;
  const locale = await creatorLocale(prisma, chatId, deps.defaultLocale);
  const text = renderFanoutProgress(translator(deps.i18n, locale), progress);
  const call = { job, token, chatId, limits: deps.limits, logger: log };

  if (card.progressMessageId === null) {
    const record = (tx: Prisma.TransactionClient | PrismaClient, messageId: number) =>
      tx.volunteerCall.updateMany({
        where: { id: callId, progressMessageId: null },
        data: { progressChatId: chatId, progressMessageId: messageId },
      });
    const step = await sendOnce(prisma, job, {
      key: callProgressRecordKey(callId),
      chatId,
      send: () =>
        callTelegram(call, async () => (await deps.api.sendMessage(Number(chatId), text)).message_id),
      record: async (tx, messageId) => {
        await record(tx, messageId);
      },
    });
    if (step.outcome === 'already-done') await record(prisma, step.messageId);
  } else {
    await editProgress(deps, call, chatId, card.progressMessageId, text);
  }

  const { sent, failed, total } = progress;
  if (progress.deferredUntil) {
    // Nothing goes out before the quiet hours end: look again then.
    await job.moveToDelayed(progress.deferredUntil.getTime() + CALL_PROGRESS_INTERVAL_MS, token);
    throw new DelayedError();
  }
  const began = (card.fanoutAt ?? card.createdAt).getTime();
  if (!progress.settled && now.getTime() - began < CALL_PROGRESS_GIVE_UP_MS) {
    await job.moveToDelayed(now.getTime() + CALL_PROGRESS_INTERVAL_MS, token);
    throw new DelayedError();
  }
  log.info({ sent, failed, total }, 'call fan-out settled');
  return { outcome: 'done', sent, failed, total };
}

// ─── The batched refresh ────────────────────────────────────────────────

export type CallRefreshResult =
  | { outcome: 'refreshed'; groupPost: boolean; progress: boolean; inviteRound: number | null }
  | { outcome: 'skipped'; reason: 'call-missing' };

/**
 * A bucket of sign-ups is over (worker/volunteers-schedule.ts, oweCallRefresh): the group post and the
 * cadre's progress message are edited with the counts as they are now ('message is not modified' and
 * messages deleted meanwhile are fine), and when which shifts are full changed since the invites last
 * showed it, a new round of invite edits starts (the conditional update of inviteFullMask decides: two
 * refreshes at once start one round) and supersedes any round still going.
 */
export async function handleCallRefresh(
  job: CallJob,
  deps: CallJobDeps,
  token: string | undefined,
): Promise<CallRefreshResult> {
  const callId = parseCallId(job);
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, call_id: callId });
  const now = (deps.now ?? (() => new Date()))();
  const card = await loadCallCard(prisma, callId, now);
  if (!card) return { outcome: 'skipped', reason: 'call-missing' };

  let groupPost = false;
  if (card.groupChatId !== null && card.groupMessageId !== null) {
    const chatId = card.groupChatId;
    const t = translator(deps.i18n, deps.groupLocale);
    const keyboard = callJoinKeyboard(t, card, card.villageId);
    try {
      await callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, () =>
        deps.api.editMessageText(
          Number(chatId),
          card.groupMessageId as number,
          renderCallCard(t, card, 'group'),
          {
            reply_markup: keyboard ?? { inline_keyboard: [] },
          },
        ),
      );
      groupPost = true;
    } catch (error) {
      if (!isNotModified(error) && !isRefusal(error)) throw error;
    }
  }

  let progress = false;
  if (card.progressMessageId !== null) {
    const chatId = card.creatorUserId;
    const locale = await creatorLocale(prisma, chatId, deps.defaultLocale);
    const text = renderFanoutProgress(translator(deps.i18n, locale), await progressOf(prisma, card, now));
    await editProgress(
      deps,
      { job, token, chatId, limits: deps.limits, logger: log },
      chatId,
      card.progressMessageId,
      text,
    );
    progress = true;
  }

  const mask = fullMaskOf(card.shifts);
  let inviteRound: number | null = null;
  if (mask !== card.inviteFullMask) {
    const owed = new Owed();
    inviteRound = await prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<{ inviteRound: number }[]>`
        UPDATE "VolunteerCall" SET "inviteFullMask" = ${mask}::int, "inviteRound" = "inviteRound" + 1
        WHERE id = ${callId}::int AND "inviteFullMask" = ${card.inviteFullMask}::int
        RETURNING "inviteRound"`;
      if (!row) return null;
      await owed.job(tx, 'call-invite-round', {
        dedupeKey: callInviteRoundKey(callId, row.inviteRound, 0),
        callId,
        round: row.inviteRound,
        after: 0,
      });
      return row.inviteRound;
    });
    await owed.deliver({ prisma, jobs: deps.jobs, logger: log });
  }
  return { outcome: 'refreshed', groupPost, progress, inviteRound };
}
