import { Composer } from 'grammy';
import { requireAllowed } from '../../core/members/membership.ts';
import { parseRuleCode } from '../../core/points/point-rule-values.ts';
import { loadStep } from '../../core/talk/dialog-step.ts';
import { checkVoteAnswer, loadProposalItem, pointRuleOf } from '../../core/votes/check-vote-answer.ts';
import { launchVote } from '../../core/votes/launch-vote.ts';
import { formatVoteTime } from '../../core/votes/vote-card.ts';
import {
  answerChoice,
  answerText,
  isExpired,
  type Reading,
  startConversation,
  toVoteDraft,
  type VoteConversation,
} from '../../core/votes/vote-conversation.ts';
import {
  type ConversationOwner,
  endVoteConversation,
  loadVoteCommentStep,
  loadVoteConversation,
  saveVoteConversation,
} from '../../core/votes/vote-conversation-store.ts';
import { voteInviteKey } from '../../core/votes/vote-invites.ts';
import { setVoteTimers } from '../../worker/votes-schedule.ts';
import { voteDraftCallback } from '../callback-data/votes.ts';
import type { BotContext } from '../context.ts';
import { draftKeyboard } from '../keyboards/votes.ts';
import { renderVotePreview } from '../render/vote-card.ts';
import { isActive, readerTranslate, stepOwner } from './talk/shared.ts';

/**
 * /newvote: the secretary's conversation that launches a rule vote, one question at a time (the
 * rules of it in core/votes/vote-conversation.ts), its draft in the database between the answers.
 * Confirming launches, in one transaction: the vote (core), its timers, the group announcement, one
 * private ballot per elector (notify jobs on the rate-limited outbound queue) and the secretary's
 * progress message (a job that edits one message until every ballot is sent or failed).
 */
export const votesLaunchFeature = new Composer<BotContext>();
const feature = votesLaunchFeature.chatType('private');

feature.command('newvote', async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'vote.launch');
  const owner = { userId: ctx.from.id, villageId: membership.villageId };
  const match = ctx.match.trim();
  let conversation: VoteConversation;
  if (match) {
    const from = /^(?:from|从|来自)\s*#?(\d{1,9})$/i.exec(match);
    if (!from) return ctx.reply(ctx.t('vote-launch-usage'));
    const item = await loadProposalItem(ctx.db, membership.villageId, Number(from[1]));
    conversation = startConversation(new Date(), item);
  } else conversation = startConversation(new Date());
  await ctx.write((tx) => saveVoteConversation(tx, owner, conversation));
  await ctx.reply(
    ctx.t(match ? 'vote-launch-started-from-item' : 'vote-launch-started', {
      number: conversation.draft.talkItemNumber ?? 0,
      title: conversation.draft.title ?? '',
    }),
  );
  return ask(ctx, owner, conversation);
});

/** The answer typed to the question asked; commands pass by (so /cancel ends it). */
feature.filter(isActive).on('message:text', async (ctx, next) => {
  const text = ctx.message.text;
  const owner = stepOwner(ctx);
  if (text.startsWith('/') || !owner) return next();
  const conversation = await loadVoteConversation(ctx.db, owner);
  if (!conversation) return next();
  // A question asked after this one (a comment on a vote, a talk question) takes the answer: the
  // person is answering what they were asked last, and the draft waits.
  const [comment, talk] = await Promise.all([loadVoteCommentStep(ctx.db, owner), loadStep(ctx.db, owner)]);
  const asked = Date.parse(conversation.askedAt);
  if ([comment?.askedAt, talk?.askedAt].some((at) => at !== undefined && Date.parse(at) > asked))
    return next();
  const now = new Date();
  if (isExpired(conversation, now)) {
    await ctx.write((tx) => endVoteConversation(tx, owner));
    return ctx.reply(ctx.t('vote-launch-expired'));
  }
  const facts = conversation.step === 'point-code' ? await pointCodeFacts(ctx, owner, text) : {};
  return proceed(ctx, owner, conversation, answerText(conversation, text, now, facts));
});

feature.callbackQuery(voteDraftCallback.filter, async (ctx) => {
  const { step, choice } = voteDraftCallback.unpack(ctx.callbackQuery.data);
  const owner = stepOwner(ctx);
  requireAllowed(ctx.membership, 'vote.launch');
  const conversation = owner ? await loadVoteConversation(ctx.db, owner) : undefined;
  if (!owner || !conversation || isExpired(conversation, new Date()))
    return ctx.answerCallbackQuery({ text: ctx.t('vote-launch-none'), show_alert: true });
  if (step === 'confirm') {
    if (conversation.step !== 'confirm')
      return ctx.answerCallbackQuery({ text: ctx.t('error-vote-draft-stale'), show_alert: true });
    return choice === 'launch' ? launch(ctx, owner, conversation) : cancel(ctx, owner);
  }
  const reading = answerChoice(conversation, step, choice, new Date());
  if (!reading.ok)
    return ctx.answerCallbackQuery({
      text: ctx.t(`error-${reading.code}`, reading.params ?? {}),
      show_alert: true,
    });
  await ctx.answerCallbackQuery();
  return proceed(ctx, owner, conversation, reading);
});

/** /cancel ends the conversation (or a question about a comment: votes.ts); else the others' /cancel answers. */
export const votesCancelFeature = new Composer<BotContext>();
votesCancelFeature
  .chatType('private')
  .filter(isActive)
  .command('cancel', async (ctx, next) => {
    const owner = stepOwner(ctx);
    if (!owner || !(await loadVoteConversation(ctx.db, owner))) return next();
    await ctx.write((tx) => endVoteConversation(tx, owner));
    return ctx.reply(ctx.t('vote-launch-cancelled'));
  });

/** A code typed: whether the village has it decides whether its description is asked. */
async function pointCodeFacts(ctx: BotContext, owner: ConversationOwner, text: string) {
  let code: string;
  try {
    code = parseRuleCode(text);
  } catch {
    return {}; // answerText refuses it, with the reason
  }
  return { pointCodeExists: (await pointRuleOf(ctx.db, owner.villageId, code)) !== null };
}

/** An answer read: saved and the next question asked, or the reason and the same question again. */
async function proceed(
  ctx: BotContext,
  owner: ConversationOwner,
  before: VoteConversation,
  reading: Reading,
) {
  if (!reading.ok) {
    await ctx.reply(ctx.t(`error-${reading.code}`, reading.params ?? {}));
    return ask(ctx, owner, before);
  }
  const problem = await checkVoteAnswer(ctx.db, owner.villageId, before.step, reading.conversation.draft);
  if (problem) {
    await ctx.reply(ctx.t(`error-${problem.code}`, problem.params ?? {}));
    return ask(ctx, owner, before);
  }
  await ctx.write((tx) => saveVoteConversation(tx, owner, reading.conversation));
  return ask(ctx, owner, reading.conversation);
}

async function ask(ctx: BotContext, owner: ConversationOwner, conversation: VoteConversation) {
  const t = readerTranslate(ctx);
  const { step } = conversation;
  const text =
    step === 'confirm'
      ? renderVotePreview(t, conversation.draft, ctx.locale)
      : ctx.t(`vote-launch-ask-${step}`, {
          code: conversation.draft.pointCode ?? '',
          minutes: 60,
        });
  const keyboard = draftKeyboard(t, step, owner.villageId);
  return ctx.reply(text, keyboard ? { reply_markup: keyboard } : {});
}

async function cancel(ctx: BotContext, owner: ConversationOwner) {
  await ctx.write((tx) => endVoteConversation(tx, owner));
  await ctx.answerCallbackQuery();
  return ctx.reply(ctx.t('vote-launch-cancelled'));
}

/** Confirm: the vote and everything it owes, in this update's one transaction. */
async function launch(ctx: BotContext, owner: ConversationOwner, conversation: VoteConversation) {
  const draft = toVoteDraft(conversation.draft);
  if (!draft) return ctx.answerCallbackQuery({ text: ctx.t('error-vote-draft-stale'), show_alert: true });
  const launched = await ctx.write(async (tx) => {
    const vote = await launchVote(tx, { actor: ctx.membership, draft, now: new Date() });
    const { voteId } = vote;
    await setVoteTimers(tx, ctx.owed, { voteId, closesAt: vote.closesAt, reminderAt: vote.reminderAt });
    await ctx.owed.job(tx, 'vote-announce', { dedupeKey: `vote-${voteId}-announce`, voteId });
    // Each elector's ballot, rendered by the worker in their own language; the key names the vote and
    // the member, and its prefix is what the progress message counts.
    await ctx.owed.jobs(
      tx,
      'notify',
      vote.electorMemberIds.map((memberId) => ({
        dedupeKey: voteInviteKey(voteId, memberId),
        memberId,
        message: { key: 'vote-ballot-invite' },
        buttons: { kind: 'vote-ballot' as const, voteId },
      })),
    );
    await ctx.owed.job(tx, 'vote-fanout-progress', { dedupeKey: `vote-${voteId}-progress`, voteId });
    await endVoteConversation(tx, owner);
    return vote;
  });
  await ctx.answerCallbackQuery();
  return ctx.reply(
    ctx.t('vote-launch-done', {
      number: launched.number,
      closes: formatVoteTime(launched.closesAt, ctx.membership?.timezone ?? 'Asia/Shanghai'),
      size: launched.electorMemberIds.length,
    }),
  );
}
