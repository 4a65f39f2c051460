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

/** Error correction M (15%): a door sign survives some weather and dirt, and stays easy to scan. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

async function linkOf(deps: HouseholdQrDeps, sign: HouseholdSign): Promise<string> {
  const payload = signHouseholdQr(deps.qrSecret, {
    villageId: sign.villageId,
    householdId: sign.householdId,
    version: sign.version,
  });
  return householdQrLink(await deps.botUsername(), payload);
}

async function recipientOf(deps: HouseholdQrDeps, memberId: number) {
  const member = await deps.prisma.member.findUnique({ where: { id: memberId }, include: { user: true } });
  if (!member) return undefined;
  const locale = resolveLocale(member.user, deps.defaultLocale);
  const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(locale, key, params);
  return { chatId: member.userId, villageId: member.villageId, t };
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
  const parsed = householdQrPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { memberId, dedupeKey } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, member_id: memberId });
  const recipient = await recipientOf(deps, memberId);
  if (!recipient) return { outcome: 'skipped', reason: 'member-missing' };
  const sign = await readMemberHouseholdSign(deps.prisma, memberId);
  if (!sign) return { outcome: 'skipped', reason: 'no-household' };
  const { chatId, t } = recipient;
  const step = await sendOnce(deps.prisma, job, {
    key: `household-qr:${dedupeKey}`,
    chatId,
    send: () =>
      callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, async () => {
        const png = await QRCode.toBuffer(await linkOf(deps, sign), {
          ...QR_OPTIONS,
          type: 'png',
          width: 640,
        });
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
      }),
  });
  if (step.outcome === 'refused') return step;
  return { outcome: step.outcome === 'sent' ? 'sent' : 'already-sent', messageId: step.messageId };
}

/**
 * `/qr print`: every household's door sign, one printed page each (household, number, the QR code,
 * village), as one HTML document the secretary opens in any browser and prints. The codes are SVG
 * (vector: sharp at any paper size) and the names are text the printing computer's own fonts draw, so
 * Chinese names need no font shipped with the bot and no image library.
 */
export async function handleHouseholdQrPrint(
  job: RuleAnnounceJob,
  deps: HouseholdQrDeps,
  token: string | undefined,
): Promise<HouseholdQrResult> {
  const parsed = householdQrPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { memberId, dedupeKey } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, member_id: memberId });
  const recipient = await recipientOf(deps, memberId);
  if (!recipient) return { outcome: 'skipped', reason: 'member-missing' };
  const signs = await readVillageHouseholdSigns(deps.prisma, recipient.villageId);
  if (signs.length === 0) return { outcome: 'skipped', reason: 'no-households' };
  const { chatId, t } = recipient;
  const step = await sendOnce(deps.prisma, job, {
    key: `household-qr-print:${dedupeKey}`,
    chatId,
    send: () =>
      callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, async () => {
        const pages = await Promise.all(
          signs.map(async (sign) => ({
            sign,
            svg: await QRCode.toString(await linkOf(deps, sign), { ...QR_OPTIONS, type: 'svg' }),
          })),
        );
        const html = renderSignSheet(t, pages);
        const file = new InputFile(
          Buffer.from(html, 'utf8'),
          `household-qr-signs-${recipient.villageId}.html`,
        );
        const sent = await deps.api.sendDocument(Number(chatId), file, {
          caption: t('household-qr-print-caption', { village: signs[0]?.village ?? '', count: signs.length }),
        });
        return sent.message_id;
      }),
  });
  if (step.outcome === 'refused') return step;
  return { outcome: step.outcome === 'sent' ? 'sent' : 'already-sent', messageId: step.messageId };
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** The printable sheet: one A4 page per household (a page break after each), names escaped. */
export function renderSignSheet(
  t: (key: string, params?: Record<string, string | number>) => string,
  pages: { sign: HouseholdSign; svg: string }[],
): string {
  const village = escapeHtml(pages[0]?.sign.village ?? '');
  const body = pages
    .map(
      ({ sign, svg }) => `<section class="sign" data-household="${sign.number}">
<h1>${escapeHtml(sign.name)}</h1>
<p class="number">${escapeHtml(t('household-qr-sheet-number', { number: sign.number }))}</p>
<div class="qr">${svg}</div>
<p class="hint">${escapeHtml(t('household-qr-sheet-hint'))}</p>
<p class="village">${escapeHtml(sign.village)}</p>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeHtml(t('household-qr-sheet-title', { village: pages[0]?.sign.village ?? '' }))}</title>
<style>
@page { size: A4; margin: 15mm; }
body { font-family: sans-serif; margin: 0; }
.sign { page-break-after: always; break-after: page; text-align: center; padding-top: 10mm; }
.sign:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 40pt; margin: 0 0 4mm; }
.number { font-size: 18pt; margin: 0 0 6mm; }
.qr svg { width: 120mm; height: 120mm; }
.hint { font-size: 14pt; }
.village { font-size: 24pt; margin-top: 8mm; }
</style></head>
<body data-village="${village}">
${body}
</body></html>
`;
}
