import { Composer } from 'grammy';
import { DomainError } from '../../core/errors.ts';
import { looksLikeHouseholdQr } from '../../core/households/household-qr.ts';
import { revokeHouseholdQr } from '../../core/households/revoke-household-qr.ts';
import { scanHouseholdQr } from '../../core/households/scan-household-qr.ts';
import { requireAllowed } from '../../core/members/membership.ts';
import type { BotContext } from '../context.ts';
import { renderHouseholdCard } from '../render/household-qr.ts';

/**
 * Household door signs: `/qr` (the member's household sign, a PNG), `/qr print` and `/qr revoke <n>`
 * (the secretary's), and scanning a sign (`/start h_…`). Installed before onboarding, whose `/start`
 * handles every other start parameter (`join_<code>`, none). Private chats only.
 */
export const householdQrFeature = new Composer<BotContext>();
const feature = householdQrFeature.chatType('private');

/** The secrets a sign may be signed with: the current one, and the former one while signs are reprinted. */
const qrSecrets = (ctx: BotContext): string[] => {
  const { QR_SECRET, QR_SECRET_PREVIOUS } = ctx.deps.config;
  return QR_SECRET_PREVIOUS ? [QR_SECRET, QR_SECRET_PREVIOUS] : [QR_SECRET];
};

feature.command('start', async (ctx, next) => {
  const payload = ctx.match.trim();
  if (!looksLikeHouseholdQr(payload)) return next();
  // Read-only: the plain SQL pool, as /points (ctx.db refuses raw SQL, and nothing here writes).
  const scan = await scanHouseholdQr(ctx.deps.sql ?? ctx.deps.prisma, {
    secrets: qrSecrets(ctx),
    payload,
    viewerUserId: BigInt(ctx.from.id),
  });
  switch (scan.outcome) {
    case 'forged':
      return ctx.reply(ctx.t('household-qr-forged'));
    case 'revoked':
      return ctx.reply(ctx.t('household-qr-revoked'));
    case 'outsider':
      return ctx.reply(ctx.t('household-qr-outsider', { village: scan.village }));
    case 'member':
      return ctx.reply(renderHouseholdCard(ctx.t, scan.card));
  }
});

feature.command('qr', async (ctx) => {
  const [word, argument, ...rest] = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (word === undefined) {
    const member = requireAllowed(ctx.membership, 'household-qr.show');
    if (member.householdName === null) throw new DomainError('household-qr-no-household');
    // A photo is an upload, which cannot wait in the outbox: a job renders and sends it after the
    // commit, keyed by the update so a retried update owes it once.
    await ctx.write((tx) =>
      ctx.owed.job(tx, 'household-qr-send', {
        dedupeKey: `household-qr-${member.memberId}-u${ctx.update.update_id}`,
        memberId: member.memberId,
      }),
    );
    return ctx.reply(ctx.t('household-qr-coming', { household: member.householdName }));
  }
  if (word === 'print' && argument === undefined) {
    const member = requireAllowed(ctx.membership, 'household-qr.manage');
    await ctx.write((tx) =>
      ctx.owed.job(tx, 'household-qr-print', {
        dedupeKey: `household-qr-print-${member.memberId}-u${ctx.update.update_id}`,
        memberId: member.memberId,
      }),
    );
    return ctx.reply(ctx.t('household-qr-print-coming', { village: member.villageName }));
  }
  const number = Number(argument);
  if (word === 'revoke' && rest.length === 0 && Number.isInteger(number) && number >= 1 && number < 2 ** 31) {
    const actor = ctx.membership;
    const revoked = await ctx.write((tx) => revokeHouseholdQr(tx, { actor, householdNumber: number }));
    return ctx.reply(ctx.t('household-qr-revoked-done', { household: revoked.name, number: revoked.number }));
  }
  return ctx.reply(ctx.t('household-qr-usage'));
});
