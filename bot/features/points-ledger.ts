import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { shortHash } from '../../core/points/ledger-hash.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import type { BotContext } from '../context.ts';

/**
 * `/verify`: any member recomputes their village's points ledger and checks it against every
 * checkpoint published in the group. Read-only. Private chats only.
 */
export const pointsLedgerFeature = new Composer<BotContext>();
const feature = pointsLedgerFeature.chatType('private');

feature.command('verify', async (ctx) => {
  const member = requireAllowed(ctx.membership, 'profile.view');
  const verdict = await verifyLedger(ctx.db, member.villageId);
  if (verdict.ok)
    return ctx.reply(
      verdict.entries === 0
        ? ctx.t('points-verify-empty', { village: member.villageName })
        : ctx.t('points-verify-ok', {
            village: member.villageName,
            entries: verdict.entries,
            hash: shortHash(verdict.headHash),
            checkpoints: verdict.checkpoints,
          }),
    );
  return ctx.reply(
    ctx.t('points-verify-broken', {
      village: member.villageName,
      sequence: verdict.sequence,
      reason: ctx.t(`points-verify-reason-${verdict.reason}`),
    }),
  );
});
