import { Composer } from 'grammy';
import { displayName } from '../../../core/members/display-name.ts';
import { requireAllowed } from '../../../core/members/membership.ts';
import { isPrivateChatRefusing } from '../../../core/outbox/reachability.ts';
import { clearDraft, loadDraft } from '../../../core/talk/drafts.ts';
import { likeItem, setFollowing } from '../../../core/talk/engage-with-item.ts';
import { getItemCard } from '../../../core/talk/item-card.ts';
import { hideComment, hideItem, restoreItem } from '../../../core/talk/moderate.ts';
import { getItemTimeline, listOpenItems } from '../../../core/talk/read-items.ts';
import { cancelRatingExpiry, cancelTaskTimers, setTaskTimers } from '../../../worker/talk-schedule.ts';
import {
  talkCommentCallback,
  talkFollowCallback,
  talkLikeCallback,
  talkReportCallback,
} from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { itemKeyboard, reportKeyboard } from '../../keyboards/talk.ts';
import { renderItemLine } from '../../render/talk-item.ts';
import { renderTimeline } from '../../render/talk-timeline.ts';
import { comment, report } from './actions.ts';
import {
  notifyMembers,
  parseItemNumber,
  readerTranslate,
  refreshGroupPost,
  requireGroupOfMyVillage,
  sendItem,
  sendPin,
  splitNumberAndText,
  updateGroupPostVisibility,
} from './shared.ts';
import { ask } from './steps.ts';

/** Discuss: me too, comment, follow, the lists and the timeline, reporting and hiding. */
export const talkDiscussFeature = new Composer<BotContext>();
const privateChat = talkDiscussFeature.chatType('private');

/** 👍 in the group or under a draft's "is it one of these?": counts once, and says the new count. */
talkDiscussFeature.callbackQuery(talkLikeCallback.filter, async (ctx) => {
  const membership = await requireGroupOfMyVillage(ctx, ctx.membership);
  const { number } = talkLikeCallback.unpack(ctx.callbackQuery.data);
  const result = await ctx.write((tx) => likeItem(tx, { actor: membership, number }));
  await ctx.answerCallbackQuery({
    text: ctx.t(result.isNew ? 'talk-metoo-counted' : 'talk-metoo-already', { number, count: result.likes }),
  });
  if (result.isNew) await refreshGroupPost(ctx, result.itemId);
  // Under a draft, "me too" replaces the duplicate the member was about to submit.
  const chat = ctx.chat;
  if (chat?.type === 'private' && (await loadDraft(ctx.db, 'speak', chat.id))) {
    await ctx.write((tx) => clearDraft(tx, 'speak', chat.id));
    await ctx.reply(ctx.t('talk-metoo-instead', { number }));
  }
});

/** 💬: the comment is asked for in the member's private chat, wherever the button was pressed. */
talkDiscussFeature.callbackQuery(talkCommentCallback.filter, async (ctx) => {
  const membership = await requireGroupOfMyVillage(ctx, ctx.membership);
  const { number } = talkCommentCallback.unpack(ctx.callbackQuery.data);
  await getItemCard(ctx.db, { villageId: membership.villageId, number });
  const inGroup = ctx.chat?.type !== 'private';
  // Someone who blocked the bot would never see the question: say so in the button's own answer.
  if (inGroup && (await isPrivateChatRefusing(ctx.db, BigInt(ctx.callbackQuery.from.id))))
    return ctx.answerCallbackQuery({ text: ctx.t('talk-comment-unreachable', { bot: ctx.me.username }) });
  await ask(ctx, { kind: 'comment', number }, ctx.callbackQuery.from.id);
  return ctx.answerCallbackQuery({ text: inGroup ? ctx.t('talk-asked-privately') : '' });
});

talkDiscussFeature.callbackQuery(talkFollowCallback.filter, async (ctx) => {
  const membership = await requireGroupOfMyVillage(ctx, ctx.membership);
  const { number } = talkFollowCallback.unpack(ctx.callbackQuery.data);
  await ctx.write((tx) => setFollowing(tx, { actor: membership, number, follow: true }));
  await ctx.answerCallbackQuery({ text: ctx.t('talk-followed', { number }) });
});

privateChat.command('follow', async (ctx) => {
  const number = parseItemNumber(ctx.match);
  if (!number) return ctx.reply(ctx.t('talk-follow-usage'));
  await ctx.write((tx) => setFollowing(tx, { actor: ctx.membership, number, follow: true }));
  return ctx.reply(ctx.t('talk-followed', { number }));
});

privateChat.command('unfollow', async (ctx) => {
  const number = parseItemNumber(ctx.match);
  if (!number) return ctx.reply(ctx.t('talk-follow-usage'));
  await ctx.write((tx) => setFollowing(tx, { actor: ctx.membership, number, follow: false }));
  return ctx.reply(ctx.t('talk-unfollowed', { number }));
});

privateChat.command('comment', async (ctx) => {
  const args = splitNumberAndText(ctx.match);
  if (!args) return ctx.reply(ctx.t('talk-comment-usage'));
  if (!args.text) {
    requireAllowed(ctx.membership, 'talk.speak');
    return ask(ctx, { kind: 'comment', number: args.number });
  }
  await comment(ctx, args.number, args.text);
  return ctx.reply(ctx.t('talk-commented', { number: args.number }));
});

privateChat.command('issues', async (ctx) => {
  const items = await listOpenItems(ctx.db, { actor: ctx.membership });
  if (items.length === 0) return ctx.reply(ctx.t('talk-issues-empty'));
  const t = readerTranslate(ctx);
  return ctx.reply([ctx.t('talk-issues-title'), ...items.map((item) => renderItemLine(t, item))].join('\n'));
});

privateChat.command('issue', async (ctx) => {
  const number = parseItemNumber(ctx.match);
  if (!number) return ctx.reply(ctx.t('talk-issue-usage'));
  const membership = requireAllowed(ctx.membership, 'profile.view');
  const timeline = await getItemTimeline(ctx.db, { actor: membership, number });
  if (timeline.hidden) {
    const { by, reason } = timeline.hidden;
    return ctx.reply(ctx.t('talk-item-hidden', { number, by, reason }));
  }
  const t = readerTranslate(ctx);
  const text = renderTimeline(t, timeline, membership.timezone);
  const card = await getItemCard(ctx.db, { villageId: membership.villageId, number });
  // Voice and photo are shown as what they are; the timeline follows as text (it can be long).
  if (card.voiceFileId || card.photoFileId) {
    await sendItem(
      ctx,
      ctx.chat.id,
      card,
      t('talk-card-head', { number, category: t(`talk-category-${card.category}`) }),
    );
  }
  await sendPin(ctx, ctx.chat.id, card);
  const commentIds = timeline.events.flatMap((e) => (e.kind === 'comment' ? [e.commentId] : []));
  await ctx.reply(text, { reply_markup: itemKeyboard(t, card, membership.villageId) });
  const reports = reportKeyboard(t, commentIds, membership.villageId);
  if (reports) await ctx.reply(ctx.t('talk-report-hint'), { reply_markup: reports });
  return undefined;
});

privateChat.command('report', async (ctx) => {
  const id = ctx.match.trim();
  if (!/^\d{1,18}$/.test(id)) return ctx.reply(ctx.t('talk-report-usage'));
  return ctx.reply(await report(ctx, BigInt(id)));
});

privateChat.callbackQuery(talkReportCallback.filter, async (ctx) => {
  const { commentId } = talkReportCallback.unpack(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery({ text: await report(ctx, commentId) });
});

privateChat.command('hide', async (ctx) => {
  const args = splitNumberAndText(ctx.match);
  if (!args) return ctx.reply(ctx.t('talk-hide-usage'));
  const hidden = await ctx.write(async (tx) => {
    const done = await hideItem(tx, { actor: ctx.membership, number: args.number, reason: args.text });
    // A hidden item's reminders, escalation and rating window stop with it.
    if (done.task) await cancelTaskTimers(tx, ctx.owed, done.task);
    if (done.ratingRound !== null)
      await cancelRatingExpiry(tx, ctx.owed, { itemId: done.itemId, round: done.ratingRound });
    return done;
  });
  await updateGroupPostVisibility(ctx, hidden.itemId);
  await notifyMembers(ctx, hidden.supervisors, `talk-hide-${hidden.itemId}-${ctx.updateKey}`, {
    key: 'talk-notice-hidden',
    params: { number: args.number, by: hidden.by, reason: hidden.reason },
  });
  return ctx.reply(ctx.t('talk-hidden', { number: args.number }));
});

/** A supervisor brings a hidden item back, with a reason; its task's timers run again. */
privateChat.command('restore', async (ctx) => {
  const args = splitNumberAndText(ctx.match);
  if (!args?.text) return ctx.reply(ctx.t('talk-restore-usage'));
  const restored = await ctx.write(async (tx) => {
    const done = await restoreItem(tx, { actor: ctx.membership, number: args.number, reason: args.text });
    if (done.task) await setTaskTimers(tx, ctx.owed, done.task);
    return done;
  });
  await updateGroupPostVisibility(ctx, restored.itemId);
  await notifyMembers(ctx, restored.secretaries, `talk-restore-${restored.itemId}-${ctx.updateKey}`, {
    key: 'talk-notice-restored',
    params: { number: args.number, by: ctx.membership ? displayName(ctx.membership) : '', reason: args.text },
  });
  return ctx.reply(ctx.t('talk-restored', { number: args.number }));
});

privateChat.command('hidecomment', async (ctx) => {
  const match = /^(\d{1,18})\s*([\s\S]*)$/.exec(ctx.match.trim());
  if (!match) return ctx.reply(ctx.t('talk-hidecomment-usage'));
  await ctx.write((tx) =>
    hideComment(tx, {
      actor: ctx.membership,
      commentId: BigInt(match[1] ?? '0'),
      reason: match[2] ?? '',
    }),
  );
  return ctx.reply(ctx.t('talk-comment-hidden', { id: match[1] ?? '' }));
});
