import { UnrecoverableError } from 'bullmq';
import { type Api, InputFile } from 'grammy';
import { renderReceiptsFile } from '../../bot/render/vote-results.ts';
import type { Locale } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { listVoteReceipts } from '../../core/votes/load-vote-result.ts';
import { voteReceiptsFilePayloadSchema } from '../queues.ts';
import { callTelegram, type TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import type { RuleAnnounceJob } from './points-rule-announce.ts';
import { sendOnce } from './recorded-send.ts';

export interface ReceiptsFileDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendDocument'>;
  i18n: Translator;
  defaultLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
}

export type ReceiptsFileResult =
  | { outcome: 'sent' | 'already-sent'; messageId: number }
  | { outcome: 'skipped'; reason: 'not-closed' | 'member-missing' }
  | { outcome: 'refused'; description: string };

/**
 * /receipts' file: every receipt of a closed vote with its choice, one per line, sorted by receipt,
 * sent to the member who asked, in their language. A file upload cannot wait in the outbox (it keeps
 * JSON), so the bot owes this job; a recorded send, so it runs twice and sends once.
 */
export async function handleVoteReceiptsFile(
  job: RuleAnnounceJob,
  deps: ReceiptsFileDeps,
  token: string | undefined,
): Promise<ReceiptsFileResult> {
  const parsed = voteReceiptsFilePayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { voteId, memberId, dedupeKey } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, vote_id: voteId, member_id: memberId });
  const [vote, member] = await Promise.all([
    deps.prisma.vote.findUnique({
      where: { id: voteId },
      select: { number: true, title: true, status: true, options: { orderBy: { position: 'asc' } } },
    }),
    deps.prisma.member.findUnique({ where: { id: memberId }, include: { user: true } }),
  ]);
  if (!member) return { outcome: 'skipped', reason: 'member-missing' };
  if (vote?.status !== 'CLOSED') return { outcome: 'skipped', reason: 'not-closed' };
  const locale = resolveLocale(member.user, deps.defaultLocale);
  const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(locale, key, params);
  const receipts = await listVoteReceipts(deps.prisma, { voteId });
  const text = renderReceiptsFile(t, vote, receipts);
  const chatId = member.userId;
  const step = await sendOnce(deps.prisma, job, {
    key: `vote-receipts:${dedupeKey}`,
    chatId,
    send: () =>
      callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, async () => {
        const file = new InputFile(Buffer.from(text, 'utf8'), `vote-${vote.number}-receipts.txt`);
        const sent = await deps.api.sendDocument(Number(chatId), file, {
          caption: t('vote-receipts-file-caption', { number: vote.number, count: receipts.length }),
        });
        return sent.message_id;
      }),
  });
  if (step.outcome === 'refused') return step;
  return { outcome: step.outcome === 'sent' ? 'sent' : 'already-sent', messageId: step.messageId };
}
