import { UnrecoverableError } from 'bullmq';
import { type Api, InputFile } from 'grammy';
import { renderCreditLineCsv } from '../../bot/render/credit.ts';
import type { Locale } from '../../core/config.ts';
import { loadCreditLine } from '../../core/credit/load-credit.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { can } from '../../core/roles/permissions.ts';
import { creditLineFilePayloadSchema } from '../queues.ts';
import { callTelegram, type TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import type { RuleAnnounceJob } from './points-rule-announce.ts';
import { sendOnce } from './recorded-send.ts';

export interface CreditLineFileDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendDocument'>;
  i18n: Translator;
  defaultLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
}

export type CreditLineFileResult =
  | { outcome: 'sent' | 'already-sent'; messageId: number; households: number }
  | { outcome: 'skipped'; reason: 'not-secretary' }
  | { outcome: 'refused'; description: string };

/**
 * /credit export's file: the village's households eligible for a credit line (rank, number, name,
 * points, rate discount, members), as CSV, sent to the secretary who asked, in their language. The
 * list is read when the job runs; the asker must still be an active secretary of that village then.
 * A recorded send: run twice, it sends once.
 */
export async function handleCreditLineFile(
  job: RuleAnnounceJob,
  deps: CreditLineFileDeps,
  token: string | undefined,
): Promise<CreditLineFileResult> {
  const parsed = creditLineFilePayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { villageId, memberId, dedupeKey } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, village_id: villageId, member_id: memberId });
  const member = await deps.prisma.member.findFirst({
    where: { id: memberId, villageId, status: 'ACTIVE' },
    include: { user: true, roles: { select: { role: true } }, village: { select: { name: true } } },
  });
  if (
    !member ||
    !can(
      member.roles.map((grant) => grant.role),
      'credit.export',
    )
  ) {
    return { outcome: 'skipped', reason: 'not-secretary' };
  }
  const locale = resolveLocale(member.user, deps.defaultLocale);
  const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(locale, key, params);
  const line = await loadCreditLine(deps.prisma, villageId);
  const csv = renderCreditLineCsv(t, line);
  const households = line.households.filter((household) => household.isEligible).length;
  const chatId = member.userId;
  const step = await sendOnce(deps.prisma, job, {
    key: `credit-line:${dedupeKey}`,
    chatId,
    send: () =>
      callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, async () => {
        const file = new InputFile(Buffer.from(csv, 'utf8'), `credit-line-${villageId}.csv`);
        const sent = await deps.api.sendDocument(Number(chatId), file, {
          caption: t('credit-csv-caption', {
            village: member.village.name,
            top: line.table.topPercent,
            count: households,
          }),
        });
        return sent.message_id;
      }),
  });
  if (step.outcome === 'refused') return step;
  return {
    outcome: step.outcome === 'sent' ? 'sent' : 'already-sent',
    messageId: step.messageId,
    households,
  };
}
