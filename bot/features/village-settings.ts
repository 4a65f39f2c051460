import { Composer } from 'grammy';
import { readLoanSetting, readLoanTable, setLoanTable } from '../../core/credit/loan-settings.ts';
import { readInviteCode, rotateInviteCode } from '../../core/villages/village-invite.ts';
import {
  readVillageSettings,
  setCadresReviewAwards,
  setJoinApproval,
} from '../../core/villages/village-settings.ts';
import {
  readVolunteerSetting,
  readVolunteerSettings,
  setVolunteerSetting,
} from '../../core/volunteers/volunteer-settings.ts';
import type { BotContext } from '../context.ts';
import { inviteLink } from '../invite-link.ts';
import { loanTableParams } from '../render/credit.ts';

/** /settings (the secretary's village settings) and /invite (the invite link, or a new one). */
export const villageSettingsFeature = new Composer<BotContext>();
const feature = villageSettingsFeature.chatType('private');

const SWITCH: Record<string, boolean> = {
  on: true,
  off: false,
  开: true,
  关: false,
  开启: true,
  关闭: false,
};

feature.command('settings', async (ctx) => {
  const args = ctx.match.trim().split(/\s+/).filter(Boolean);
  if (args.length === 0) {
    const settings = await readVillageSettings(ctx.db, { actor: ctx.membership });
    const volunteers = await readVolunteerSettings(ctx.db, { actor: ctx.membership });
    const loan = await readLoanTable(ctx.db, { actor: ctx.membership });
    const clock = (minutes: number) =>
      `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    return ctx.reply(
      [
        ctx.t('settings-show', {
          village: settings.villageName,
          approval: settings.joinApproval ? 'on' : 'off',
          review: settings.cadresReviewAwards ? 'on' : 'off',
          link: inviteLink(ctx, settings.inviteCode),
        }),
        ctx.t('settings-show-volunteers', {
          quiet: volunteers.quietHours
            ? `${clock(volunteers.quietHours.start)}-${clock(volunteers.quietHours.end)}`
            : 'off',
          reminder: volunteers.shiftReminderMinutes,
          noshow: volunteers.noShowPoints,
          paid: volunteers.paidBroadcastEnabled ? 'on' : 'off',
          budget: volunteers.paidBroadcastBudgetStars,
          spent: (volunteers.paidBroadcastSpentTenths / 10).toFixed(1),
        }),
        ctx.t('settings-show-loan', loanTableParams(loan)),
      ].join('\n\n'),
      { link_preview_options: { is_disabled: true } },
    );
  }
  // `/settings loan step=100 off=0.1 cap=1 top=20` (贷款 每= 降= 最多= 前=): the loan table.
  const loanSetting = readLoanSetting(args);
  if (loanSetting) {
    const table = await ctx.write((tx) => setLoanTable(tx, { actor: ctx.membership, setting: loanSetting }));
    return ctx.reply(ctx.t('settings-loan-set', loanTableParams(table)));
  }
  if (['loan', '贷款'].includes((args[0] ?? '').toLowerCase())) {
    await readLoanTable(ctx.db, { actor: ctx.membership });
    return ctx.reply(ctx.t('settings-loan-usage'));
  }
  const volunteerSetting = readVolunteerSetting(args);
  if (volunteerSetting) {
    await ctx.write((tx) => setVolunteerSetting(tx, { actor: ctx.membership, setting: volunteerSetting }));
    return ctx.reply(ctx.t('settings-volunteers-set'));
  }
  // `/settings review cadres on|off` (评分审核 干部 开|关): cadres may review each other's points proposals.
  if (
    ['review', '积分审核'].includes((args[0] ?? '').toLowerCase()) &&
    ['cadres', '干部'].includes(args[1] ?? '')
  ) {
    const on = SWITCH[(args[2] ?? '').toLowerCase()];
    if (on !== undefined && args.length === 3) {
      const { changed } = await ctx.write((tx) => setCadresReviewAwards(tx, { actor: ctx.membership, on }));
      return ctx.reply(
        ctx.t(changed ? 'settings-review-set' : 'settings-review-unchanged', { review: on ? 'on' : 'off' }),
      );
    }
  }
  const [name = '', value = '', ...rest] = args;
  const on = SWITCH[value.toLowerCase()];
  if (!['approval', '审核'].includes(name.toLowerCase()) || on === undefined || rest.length > 0) {
    // The refusal of a villager comes before the usage: core decides who may change settings.
    await readVillageSettings(ctx.db, { actor: ctx.membership });
    return ctx.reply(ctx.t('settings-usage'));
  }
  const { changed } = await ctx.write((tx) => setJoinApproval(tx, { actor: ctx.membership, on }));
  return ctx.reply(
    ctx.t(changed ? 'settings-approval-set' : 'settings-approval-unchanged', { approval: on ? 'on' : 'off' }),
  );
});

feature.command('invite', async (ctx) => {
  const arg = ctx.match.trim().toLowerCase();
  if (arg === '') {
    const code = await readInviteCode(ctx.db, { actor: ctx.membership });
    return ctx.reply(ctx.t('invite-current', { code, link: inviteLink(ctx, code) }), {
      link_preview_options: { is_disabled: true },
    });
  }
  if (arg !== 'new' && arg !== '新') {
    await readInviteCode(ctx.db, { actor: ctx.membership });
    return ctx.reply(ctx.t('invite-usage'));
  }
  const code = await ctx.write((tx) => rotateInviteCode(tx, { actor: ctx.membership }));
  return ctx.reply(ctx.t('invite-rotated', { code, link: inviteLink(ctx, code) }), {
    link_preview_options: { is_disabled: true },
  });
});
