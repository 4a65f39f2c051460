import { DelayedError, UnrecoverableError } from 'bullmq';
import type { Api } from 'grammy';
import type { Locale } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { loadFanoutProgress, recordProgressMessage } from '../../core/votes/vote-invites.ts';
import { voteJobPayloadSchema } from '../queues.ts';
import { callTelegram, isNotModified, isRefusal, type TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import { type RecordedSendJob, sendOnce } from './recorded-send.ts';

/** How often the message is brought up to date while ballots are still going out. */
export const PROGRESS_INTERVAL_MS = 2_000;
/** Ballots still unsettled this long after the launch (a member deleted meanwhile, a lost job) no longer hold it open. */
export const PROGRESS_GIVE_UP_MS = 60 * 60_000;

export interface FanoutProgressDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendMessage' | 'editMessageText'>;
  i18n: Translator;
  defaultLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
  now?: () => Date;
}

export interface FanoutProgressJob extends RecordedSendJob {
  id?: string | undefined;
  name: string;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
}

export type FanoutProgressResult =
  | { outcome: 'done'; sent: number; failed: number; total: number }
  | { outcome: 'skipped'; reason: 'vote-missing' };

export const progressMessageKey = (voteId: number) => `vote-progress:${voteId}`;

/**
 * The secretary's one message about a launch's fan-out: "sent x, failed y, of z". The first run sends
 * it (a recorded send, and `Vote.progressMessageId` set with a conditional update, so two runs send one);
 * every run edits it with the counts of the vote's ballot notices in OutboundMessage, then, while some
 * are unsettled, hands itself back as a delayed job (the same job: nothing new is owed, so it cannot
 * multiply) and stops by itself once all are settled, or an hour after the launch.
 */
export async function handleVoteFanoutProgress(
  job: FanoutProgressJob,
  deps: FanoutProgressDeps,
  token: string | undefined,
): Promise<FanoutProgressResult> {
  const parsed = voteJobPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { voteId } = parsed.data;
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, vote_id: voteId });
  const progress = await loadFanoutProgress(prisma, voteId);
  if (!progress) return { outcome: 'skipped', reason: 'vote-missing' };
  const chatId = progress.secretaryUserId;
  const user = await prisma.user.findUnique({ where: { id: chatId } });
  const locale = user ? resolveLocale(user, deps.defaultLocale) : deps.defaultLocale;
  const vote = await prisma.vote.findUniqueOrThrow({ where: { id: voteId }, select: { number: true } });
  const { sent, failed, total } = progress;
  const settled = sent + failed >= total;
  const text = deps.i18n.t(locale, settled ? 'vote-launch-progress-done' : 'vote-launch-progress', {
    number: vote.number,
    sent,
    failed,
    total,
  });
  const call = { job, token, chatId, limits: deps.limits, logger: log };

  if (progress.progressMessageId === null) {
    const step = await sendOnce(prisma, job, {
      key: progressMessageKey(voteId),
      chatId,
      send: () =>
        callTelegram(call, async () => (await deps.api.sendMessage(Number(chatId), text)).message_id),
      record: async (tx, messageId) => {
        await recordProgressMessage(tx, voteId, chatId, messageId);
      },
    });
    // Sent by an earlier run that died before recording it on the vote: record it now (conditional).
    if (step.outcome === 'already-done') await recordProgressMessage(prisma, voteId, chatId, step.messageId);
  } else {
    const messageId = progress.progressMessageId;
    try {
      await callTelegram(call, () => deps.api.editMessageText(Number(chatId), messageId, text));
    } catch (error) {
      // The same counts again, or a message the secretary deleted: nothing to show, go on counting.
      if (!isNotModified(error) && !isRefusal(error)) throw error;
    }
  }

  const now = (deps.now ?? (() => new Date()))();
  if (!settled && now.getTime() - progress.opensAt.getTime() < PROGRESS_GIVE_UP_MS) {
    await job.moveToDelayed(now.getTime() + PROGRESS_INTERVAL_MS, token);
    throw new DelayedError();
  }
  log.info({ sent, failed, total }, 'vote fan-out settled');
  return { outcome: 'done', sent, failed, total };
}
