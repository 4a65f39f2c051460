import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { loadStep } from '../../core/talk/dialog-step.ts';
import { formatCallTime } from '../../core/volunteers/call-card.ts';
import { createCall, quoteCall } from '../../core/volunteers/create-call.ts';
import {
  answerRecruitChoice,
  answerRecruitText,
  isRecruitExpired,
  quickRecruit,
  type RecruitConversation,
  type RecruitReading,
  startRecruit,
  toCallDraft,
} from '../../core/volunteers/recruit-conversation.ts';
import {
  endRecruitConversation,
  loadRecruitConversation,
  saveRecruitConversation,
} from '../../core/volunteers/recruit-conversation-store.ts';
import type { ConversationOwner } from '../../core/votes/vote-conversation-store.ts';
import { oweCallLaunch } from '../../worker/volunteers-schedule.ts';
import { recruitDraftCallback } from '../callback-data/volunteers.ts';
import type { BotContext } from '../context.ts';
import { recruitKeyboard } from '../keyboards/recruit.ts';
import { renderCallPreview } from '../render/call-preview.ts';
import { isActive, readerTranslate, stepOwner } from './talk/shared.ts';

/**
 * /recruit: a cadre's call for volunteers, as a conversation (core/volunteers/recruit-conversation.ts)
 * or in one line (`/recruit 15 east gate today 18:00-22:00`), which goes straight to the preview. The
 * preview says how many members it reaches and, for a paid broadcast, what it costs; sending launches
 * in one transaction: the call (core), its invites, timers, group post and the cadre's progress message.
 */
export const volunteersLaunchFeature = new Composer<BotContext>();
const feature = volunteersLaunchFeature.chatType('private');

const clockOf = (ctx: BotContext) => ({
  now: new Date(),
  timezone: ctx.membership?.timezone ?? 'Asia/Shanghai',
});

feature.command('recruit', async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'volunteer.post');
  const owner = { userId: ctx.from.id, villageId: membership.villageId };
  const match = ctx.match.trim();
  if (!match) {
    const conversation = startRecruit(new Date());
    await ctx.write((tx) => saveRecruitConversation(tx, owner, conversation));
    await ctx.reply(ctx.t('call-launch-started'));
    return ask(ctx, owner, conversation);
  }
  const reading = quickRecruit(match, clockOf(ctx), (place) => ctx.t('call-quick-title', { place }));
  if (!reading.ok)
    return ctx.reply(
      [ctx.t(`error-${reading.code}`, reading.params ?? {}), ctx.t('call-launch-usage')].join('\n'),
    );
  await ctx.write((tx) => saveRecruitConversation(tx, owner, reading.conversation));
  return ask(ctx, owner, reading.conversation);
});

/** The answer typed to the question asked; commands pass by (so /cancel ends it). */
feature.filter(isActive).on('message:text', async (ctx, next) => {
  const text = ctx.message.text;
  const owner = stepOwner(ctx);
  if (text.startsWith('/') || !owner || ctx.message.reply_to_message) return next();
  const conversation = await loadRecruitConversation(ctx.db, owner);
  if (!conversation) return next();
  // A talk question asked after this one takes the answer; the draft waits.
  const talk = await loadStep(ctx.db, owner);
  if (talk && Date.parse(talk.askedAt) > Date.parse(conversation.askedAt)) return next();
  if (isRecruitExpired(conversation, new Date())) {
    await ctx.write((tx) => endRecruitConversation(tx, owner));
    return ctx.reply(ctx.t('call-launch-expired'));
  }
  return proceed(ctx, owner, conversation, answerRecruitText(conversation, text, clockOf(ctx)));
});

feature.callbackQuery(recruitDraftCallback.filter, async (ctx) => {
  const { step, choice } = recruitDraftCallback.unpack(ctx.callbackQuery.data);
  requireAllowed(ctx.membership, 'volunteer.post');
  const owner = stepOwner(ctx);
  const conversation = owner ? await loadRecruitConversation(ctx.db, owner) : undefined;
  if (!owner || !conversation || isRecruitExpired(conversation, new Date()))
    return ctx.answerCallbackQuery({ text: ctx.t('call-launch-none'), show_alert: true });
  if (step === 'confirm') {
    if (conversation.step !== 'confirm')
      return ctx.answerCallbackQuery({ text: ctx.t('error-vote-draft-stale'), show_alert: true });
    return choice === 'send' ? launch(ctx, owner, conversation) : cancel(ctx, owner);
  }
  const reading = answerRecruitChoice(conversation, step, choice, new Date());
  if (!reading.ok)
    return ctx.answerCallbackQuery({
      text: ctx.t(`error-${reading.code}`, reading.params ?? {}),
      show_alert: true,
    });
  await ctx.answerCallbackQuery();
  return proceed(ctx, owner, conversation, reading);
});

/** /cancel ends the draft; without one, the other features' /cancel answers. */
export const volunteersCancelFeature = new Composer<BotContext>();
volunteersCancelFeature
  .chatType('private')
  .filter(isActive)
  .command('cancel', async (ctx, next) => {
    const owner = stepOwner(ctx);
    if (!owner || !(await loadRecruitConversation(ctx.db, owner))) return next();
    await ctx.write((tx) => endRecruitConversation(tx, owner));
    return ctx.reply(ctx.t('call-launch-cancelled'));
  });

async function proceed(
  ctx: BotContext,
  owner: ConversationOwner,
  before: RecruitConversation,
  reading: RecruitReading,
) {
  if (!reading.ok) {
    await ctx.reply(ctx.t(`error-${reading.code}`, reading.params ?? {}));
    return ask(ctx, owner, before);
  }
  await ctx.write((tx) => saveRecruitConversation(tx, owner, reading.conversation));
  return ask(ctx, owner, reading.conversation);
}

async function ask(ctx: BotContext, owner: ConversationOwner, conversation: RecruitConversation) {
  const t = readerTranslate(ctx);
  const { step, draft } = conversation;
  const shiftsSoFar = draft.shifts?.length ?? 0;
  const needsQuote = step === 'urgency' || step === 'confirm';
  // Counted in the update's transaction (raw SQL never runs on the read-only ctx.db); asking follows a
  // saved answer, so the transaction is there anyway.
  const quote = needsQuote
    ? await ctx.write((tx) =>
        quoteCall(tx, { actor: ctx.membership, audience: draft.audience ?? 'MEMBERS', urgent: true }),
      )
    : undefined;
  let text: string;
  if (step === 'confirm' && quote) {
    const paidCostTenths = draft.paidBroadcast ? quote.paidCostTenths : 0;
    text = renderCallPreview(t, draft, clockOf(ctx).timezone, {
      recipients: quote.recipients,
      paidCostTenths,
    });
  } else if (step === 'shifts' && shiftsSoFar > 0) {
    text = ctx.t('call-launch-ask-more-shifts', { count: shiftsSoFar });
  } else {
    text = ctx.t(`call-launch-ask-${step}`, {
      cost: quote ? (quote.paidCostTenths / 10).toFixed(1) : '0',
      left: quote ? (quote.budgetLeftTenths / 10).toFixed(1) : '0',
    });
  }
  const keyboard = recruitKeyboard(t, step, owner.villageId, {
    paidAvailable: quote?.paidAvailable ?? false,
    shiftsSoFar,
  });
  return ctx.reply(text, keyboard ? { reply_markup: keyboard } : {});
}

async function cancel(ctx: BotContext, owner: ConversationOwner) {
  await ctx.write((tx) => endRecruitConversation(tx, owner));
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t('call-launch-cancelled'));
}

/** Send: the call and everything it owes, in this update's one transaction. */
async function launch(ctx: BotContext, owner: ConversationOwner, conversation: RecruitConversation) {
  const draft = toCallDraft(conversation.draft);
  if (!draft) return ctx.answerCallbackQuery({ text: ctx.t('error-vote-draft-stale'), show_alert: true });
  const launched = await ctx.write(async (tx) => {
    const call = await createCall(tx, { actor: ctx.membership, draft });
    const village = await tx.village.findUniqueOrThrow({
      where: { id: call.villageId },
      select: { groupChatId: true, shiftReminderMinutes: true },
    });
    await oweCallLaunch(tx, ctx.owed, call, village);
    await endRecruitConversation(tx, owner);
    return call;
  });
  await ctx.answerCallbackQuery();
  const deferred = launched.fanoutAt.getTime() > Date.now() + 60_000;
  return ctx.reply(
    ctx.t(deferred ? 'call-launch-done-quiet' : 'call-launch-done', {
      number: launched.number,
      recipients: launched.recipients,
      at: deferred ? formatCallTime(launched.fanoutAt, clockOf(ctx).timezone) : '',
    }),
  );
}
