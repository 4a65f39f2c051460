import { UnrecoverableError } from 'bullmq';
import { type Api, InputFile } from 'grammy';
import QRCode from 'qrcode';
import type { Locale } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { householdQrLink, signHouseholdQr } from '../../core/households/household-qr.ts';
import {
  type HouseholdSign,
  readMemberHouseholdSign,
  readVillageHouseholdSigns,
} from '../../core/households/household-signs.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { householdQrPayloadSchema } from '../queues.ts';
import { callTelegram, type TelegramLimits } from '../telegram-limits.ts';
import { QR_ERROR_CORRECTION, QR_QUIET_MODULES, renderSignSheet } from './household-sign-sheet.ts';
import type { Translator } from './notify.ts';
import type { RuleAnnounceJob } from './points-rule-announce.ts';
import { sendOnce } from './recorded-send.ts';

export interface HouseholdQrDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendPhoto' | 'sendDocument'>;
  i18n: Translator;
  defaultLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
  qrSecret: string;
  /** The bot's @username (getMe, asked once per worker): the host of every sign's deep link. */
  botUsername: () => Promise<string>;
}

export type HouseholdQrResult =
  | { outcome: 'sent' | 'already-sent'; messageId: number }
  | { outcome: 'skipped'; reason: 'member-missing' | 'no-household' | 'no-households' }
  | { outcome: 'refused'; description: string };

/** The member's PNG is coded as the printed signs are. */
const QR_OPTIONS = { errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_QUIET_MODULES } as const;

async function linkOf(deps: HouseholdQrDeps, sign: HouseholdSign): Promise<string> {
  const payload = signHouseholdQr(deps.qrSecret, {
    villageId: sign.villageId,
    householdId: sign.householdId,
    version: sign.version,
  });
  return householdQrLink(await deps.botUsername(), payload);
}

/** Who asked, from the job's payload: their chat and village, and their language. */
interface Asker {
  memberId: number;
  dedupeKey: string;
  chatId: bigint;
  villageId: number;
  t: (key: string, params?: Record<string, string | number>) => string;
  log: Logger;
}

async function askerOf(job: RuleAnnounceJob, deps: HouseholdQrDeps): Promise<Asker | undefined> {
  const parsed = householdQrPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { memberId, dedupeKey } = parsed.data;
  const member = await deps.prisma.member.findUnique({ where: { id: memberId }, include: { user: true } });
  if (!member) return undefined;
  const locale = resolveLocale(member.user, deps.defaultLocale);
  return {
    memberId,
    dedupeKey,
    chatId: member.userId,
    villageId: member.villageId,
    t: (key, params) => deps.i18n.t(locale, key, params),
    log: deps.logger.child({ job_id: job.id, member_id: memberId }),
  };
}

/** One recorded send to the asker (run twice, it sends once), within Telegram's limits. */
async function sendToAsker(
  job: RuleAnnounceJob,
  deps: HouseholdQrDeps,
  token: string | undefined,
  asker: Asker,
  key: string,
  send: () => Promise<number>,
): Promise<HouseholdQrResult> {
  const { chatId, log } = asker;
  const step = await sendOnce(deps.prisma, job, {
    key,
    chatId,
    send: () => callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, send),
  });
  if (step.outcome === 'refused') return step;
  return { outcome: step.outcome === 'sent' ? 'sent' : 'already-sent', messageId: step.messageId };
}

/**
 * `/qr`: the member's household sign as a PNG photo, rendered from the household's current version
 * when the job runs (a sign revoked meanwhile is never sent). An upload cannot wait in the outbox (it
 * keeps JSON), so the bot owes this job; a recorded send, so a job run twice sends once.
 */
export async function handleHouseholdQrSend(
  job: RuleAnnounceJob,
  deps: HouseholdQrDeps,
  token: string | undefined,
): Promise<HouseholdQrResult> {
  const asker = await askerOf(job, deps);
  if (!asker) return { outcome: 'skipped', reason: 'member-missing' };
  const sign = await readMemberHouseholdSign(deps.prisma, asker.memberId);
  if (!sign) return { outcome: 'skipped', reason: 'no-household' };
  const { chatId, t } = asker;
  return sendToAsker(job, deps, token, asker, `household-qr:${asker.dedupeKey}`, async () => {
    const png = await QRCode.toBuffer(await linkOf(deps, sign), { ...QR_OPTIONS, type: 'png', width: 640 });
    const sent = await deps.api.sendPhoto(
      Number(chatId),
      new InputFile(png, `household-${sign.number}.png`),
      {
        caption: t('household-qr-caption', {
          household: sign.name,
          village: sign.village,
          number: sign.number,
        }),
      },
    );
    return sent.message_id;
  });
}

/**
 * `/qr print`: every household's door sign as one PDF, one A4 page each (household, number, the QR code,
 * the hint, village), ready to print. The codes are vector squares (sharp on paper at any size) and the
 * names are drawn with a CJK font the package ships (see household-sign-sheet.ts), so Chinese names print
 * the same on any computer or phone. Rendered from each household's current version when the job runs;
 * a recorded send, so a job run twice sends once.
 */
export async function handleHouseholdQrPrint(
  job: RuleAnnounceJob,
  deps: HouseholdQrDeps,
  token: string | undefined,
): Promise<HouseholdQrResult> {
  const asker = await askerOf(job, deps);
  if (!asker) return { outcome: 'skipped', reason: 'member-missing' };
  const signs = await readVillageHouseholdSigns(deps.prisma, asker.villageId);
  if (signs.length === 0) return { outcome: 'skipped', reason: 'no-households' };
  const { chatId, villageId, t } = asker;
  return sendToAsker(job, deps, token, asker, `household-qr-print:${asker.dedupeKey}`, async () => {
    const pages = await Promise.all(signs.map(async (sign) => ({ sign, link: await linkOf(deps, sign) })));
    const file = new InputFile(await renderSignSheet(t, pages), `household-qr-signs-${villageId}.pdf`);
    const sent = await deps.api.sendDocument(Number(chatId), file, {
      caption: t('household-qr-print-caption', { village: signs[0]?.village ?? '', count: signs.length }),
    });
    return sent.message_id;
  });
}
