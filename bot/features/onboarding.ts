import { Composer } from 'grammy';
import { DomainError } from '../../core/errors.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { listVillagesOf, returnToPreviousVillage } from '../../core/members/current-village.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { leaveUnfinishedJoin } from '../../core/members/leave-unfinished-join.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import type { BotContext } from '../context.ts';
import { inviteLink } from '../invite-link.ts';
import { rolesGreeting } from '../render/roles.ts';
import { oweJoinNotices } from './join-notices.ts';

const JOIN_PAYLOAD = /^join_([A-Za-z0-9]+)$/;

/** Creating a village, joining one, and the two onboarding questions. Private chats only. */
export const onboardingFeature = new Composer<BotContext>();
const feature = onboardingFeature.chatType('private');

feature.command('newvillage', async (ctx) => {
  const created = await ctx.write((tx) =>
    createVillage(tx, {
      name: ctx.match,
      creatorUserId: BigInt(ctx.from.id),
      adminIds: ctx.deps.config.BOT_ADMINS,
      askName: true,
    }),
  );
  const link = inviteLink(ctx, created.inviteCode);
  // The secretary gives their real name next, as a joining villager does (one message, not two).
  const question = ctx.t('join-ask-name');
  await ctx.reply(
    ctx.t('village-created', { name: created.name, code: created.inviteCode, link, question }),
    {
      link_preview_options: { is_disabled: true },
    },
  );
});

feature.command('start', async (ctx) => {
  const code = JOIN_PAYLOAD.exec(ctx.match.trim())?.[1];
  if (code) return join(ctx, code);
  if (ctx.membership?.status === 'ACTIVE') {
    const { villageName, roles } = ctx.membership;
    const greeting = ctx.t('start-member', { village: villageName, roles: rolesGreeting(ctx, roles) });
    const count = (await listVillagesOf(ctx.db, BigInt(ctx.from.id))).length;
    return ctx.reply(count > 1 ? `${greeting}\n${ctx.t('start-member-villages', { count })}` : greeting);
  }
  if (ctx.membership) return askNextQuestion(ctx);
  return ctx.reply(ctx.t('start-newcomer'));
});

feature.command('join', async (ctx) => {
  const code = ctx.match.trim();
  if (!code) return ctx.reply(ctx.t('join-usage'));
  return join(ctx, code);
});

feature.command('cancel', async (ctx) => {
  const membership = ctx.membership;
  // The village's creator cannot walk away from it half-onboarded: the questions are asked again.
  if (membership && membership.status !== 'ACTIVE' && membership.roles.includes('SECRETARY'))
    return askNextQuestion(ctx);
  if (membership && membership.status !== 'ACTIVE') {
    const back = await ctx.write(async (tx) => {
      await leaveUnfinishedJoin(tx, membership);
      return returnToPreviousVillage(tx, BigInt(ctx.from.id), membership.villageId);
    });
    return ctx.reply(back ? ctx.t('join-cancelled-back', { village: back }) : ctx.t('join-cancelled'));
  }
  return ctx.reply(ctx.t('cancel-nothing'));
});

/**
 * While others decide on a newcomer, whatever they send (but a command) is answered with what they
 * wait for: it must not become a talk item, nor an answer to a question already answered.
 */
feature.on('message').filter(
  (ctx) => isWaitingOnOthers(ctx) && !(ctx.message.text ?? ctx.message.caption ?? '').startsWith('/'),
  (ctx) => askNextQuestion(ctx),
);

/** While a member is being onboarded, their plain text answers the current question. */
feature.on('message:text').filter(
  (ctx) =>
    ctx.membership !== undefined && ctx.membership.status !== 'ACTIVE' && !ctx.message.text.startsWith('/'),
  async (ctx) => {
    const membership = ctx.membership;
    if (!membership) return;
    const result = await ctx.write((tx) => answerOnboarding(tx, { membership, text: ctx.message.text }));
    const village = membership.villageName;
    const household = result.status === 'AWAITING_HOUSEHOLD' ? '' : result.householdName;
    switch (result.status) {
      case 'AWAITING_HOUSEHOLD':
        return ctx.reply(ctx.t('join-ask-household'));
      case 'AWAITING_HOUSEHOLD_CONFIRMATION':
        await oweJoinNotices(ctx, {
          recipients: result.notify,
          newcomerId: membership.memberId,
          intent: 'household-request',
          message: { key: 'join-notice-household-request', params: { village } },
          buttons: {
            kind: 'household-confirmation',
            memberId: membership.memberId,
            householdId: result.householdId,
          },
        });
        return ctx.reply(ctx.t('join-household-asked', { village, household }));
      case 'AWAITING_APPROVAL':
        await oweJoinNotices(ctx, {
          recipients: result.notify,
          newcomerId: membership.memberId,
          intent: 'join-request',
          message: { key: 'join-notice-approval-request', params: { village } },
          buttons: { kind: 'join-approval', memberId: membership.memberId },
        });
        return ctx.reply(ctx.t('join-approval-asked', { village, number: membership.number, household }));
      case 'ACTIVE':
        return ctx.reply(ctx.t('join-done', { village, number: membership.number, household }));
    }
  },
);

async function join(ctx: BotContext, code: string) {
  if (!ctx.from) return;
  const userId = BigInt(ctx.from.id);
  const result = await ctx.write((tx) => joinVillage(tx, { userId, inviteCode: code }));
  if (result.status === 'AWAITING_APPROVAL')
    return ctx.reply(ctx.t('join-awaiting-approval', { village: result.villageName }));
  if (result.status === 'AWAITING_HOUSEHOLD_CONFIRMATION')
    return ctx.reply(ctx.t('join-awaiting-household', { village: result.villageName }));
  // One message, not two: Telegram allows about one message a second per private chat.
  const question = ctx.t(result.status === 'AWAITING_HOUSEHOLD' ? 'join-ask-household' : 'join-ask-name');
  return ctx.reply(
    ctx.t('join-welcome', { village: result.villageName, number: result.memberNumber, question }),
  );
}

async function askNextQuestion(ctx: BotContext) {
  const membership = ctx.membership;
  if (membership?.status === 'AWAITING_NAME') return ctx.reply(ctx.t('join-ask-name'));
  if (membership?.status === 'AWAITING_HOUSEHOLD') return ctx.reply(ctx.t('join-ask-household'));
  if (membership?.status === 'AWAITING_APPROVAL')
    return ctx.reply(ctx.t('join-awaiting-approval', { village: membership.villageName }));
  if (membership?.status === 'AWAITING_HOUSEHOLD_CONFIRMATION')
    return ctx.reply(ctx.t('join-awaiting-household', { village: membership.villageName }));
  throw new DomainError('not-member');
}

function isWaitingOnOthers(ctx: BotContext): boolean {
  const status = ctx.membership?.status;
  return status === 'AWAITING_APPROVAL' || status === 'AWAITING_HOUSEHOLD_CONFIRMATION';
}
