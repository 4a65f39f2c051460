import { UnrecoverableError } from 'bullmq';
import { type Api, InputFile } from 'grammy';
import { DateTime } from 'luxon';
import QRCode from 'qrcode';
import type { Locale } from '../../core/config.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import type { Logger } from '../../core/logger.ts';
import { redemptionLink } from '../../core/shop/shop-values.ts';
import { shopRedemptionQrPayloadSchema } from '../queues.ts';
import { callTelegram, type TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import type { RuleAnnounceJob } from './points-rule-announce.ts';
import { sendOnce } from './recorded-send.ts';

export interface ShopRedemptionQrDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'sendPhoto'>;
  i18n: Translator;
  defaultLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
  /** The bot's @username: the host of the code's deep link. */
  botUsername: () => Promise<string>;
}

export type ShopRedemptionQrResult =
  | { outcome: 'sent' | 'already-sent'; messageId: number }
  | { outcome: 'skipped'; reason: 'not-found' | 'settled' }
  | { outcome: 'refused'; description: string };

/** Error correction M, as the household signs: read from a phone screen held up to another phone. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4, scale: 8 } as const;

/**
 * A reservation's code as a QR picture of `t.me/<bot>?start=r_<code>`, sent to its member, in their
 * language, for the shopkeeper to scan. An upload cannot wait in the outbox (it keeps JSON), so the bot
 * owes this job; a recorded send, so a job run twice sends once, and a reservation already settled
 * (handed over, expired, cancelled) by the time it runs is not sent.
 */
export async function handleShopRedemptionQr(
  job: RuleAnnounceJob,
  deps: ShopRedemptionQrDeps,
  token: string | undefined,
): Promise<ShopRedemptionQrResult> {
  const parsed = shopRedemptionQrPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  const { redemptionId, dedupeKey } = parsed.data;
  const log = deps.logger.child({ job_id: job.id, redemption_id: redemptionId });
  const redemption = await deps.prisma.redemption.findUnique({
    where: { id: redemptionId },
    select: {
      code: true,
      status: true,
      price: true,
      expiresAt: true,
      item: { select: { name: true } },
      village: { select: { timezone: true } },
      member: { select: { userId: true, user: true } },
    },
  });
  if (!redemption) return { outcome: 'skipped', reason: 'not-found' };
  if (redemption.status !== 'RESERVED') return { outcome: 'skipped', reason: 'settled' };
  const locale = resolveLocale(redemption.member.user, deps.defaultLocale);
  const t = (key: string, params?: Record<string, string | number>) => deps.i18n.t(locale, key, params);
  const chatId = redemption.member.userId;
  const link = redemptionLink(await deps.botUsername(), redemption.code);
  const step = await sendOnce(deps.prisma, job, {
    key: `shop-redemption-qr:${dedupeKey}`,
    chatId,
    send: () =>
      callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, async () => {
        const png = await QRCode.toBuffer(link, { ...QR_OPTIONS, type: 'png' });
        const sent = await deps.api.sendPhoto(
          Number(chatId),
          new InputFile(png, `redemption-${redemptionId}.png`),
          {
            caption: t('shop-qr-caption', {
              name: redemption.item.name,
              price: redemption.price,
              code: redemption.code,
              until: DateTime.fromJSDate(redemption.expiresAt, {
                zone: redemption.village.timezone,
              }).toFormat('MM-dd HH:mm'),
            }),
          },
        );
        return sent.message_id;
      }),
  });
  if (step.outcome === 'refused') return step;
  return { outcome: step.outcome === 'sent' ? 'sent' : 'already-sent', messageId: step.messageId };
}
