import { Composer } from 'grammy';
import { DomainError } from '../../../core/errors.ts';
import { requireAllowed } from '../../../core/members/membership.ts';
import {
  clearDraft,
  emptySpeakDraft,
  loadDraft,
  type SpeakDraft,
  saveDraft,
} from '../../../core/talk/drafts.ts';
import { findSimilarItems } from '../../../core/talk/find-similar-items.ts';
import { raiseTalkItem, validateDraft } from '../../../core/talk/raise-talk-item.ts';
import { TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../../../core/text/validate-text.ts';
import { talkCategoryCallback, talkDraftCallback } from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { categoryKeyboard, draftKeyboard } from '../../keyboards/talk.ts';
import { shorten } from '../../render/talk-item.ts';
import { isActive, notifyMembers, postToGroup, readerTranslate } from './shared.ts';

/**
 * Speak: whatever an active member sends in private (text, /talk, a photo with caption, a voice
 * message, a location) becomes a draft; the bot asks the category, offers similar open items, then
 * submits. The draft waits in the database, so it survives a restart and commits with the update.
 */
export const talkSpeakFeature = new Composer<BotContext>();
const feature = talkSpeakFeature.chatType('private');

feature.command('talk', async (ctx) => {
  requireAllowed(ctx.membership, 'talk.speak');
  const text = ctx.match.trim();
  if (!text) return ctx.reply(ctx.t('talk-prompt'));
  return startDraft(ctx, { ...emptySpeakDraft(), text: checkLength(text, TELEGRAM_TEXT_LIMIT) });
});

feature.command('talk_for', async (ctx) => {
  requireAllowed(ctx.membership, 'talk.speak-for');
  const match = /^(\d{1,6})\s+([\s\S]+)$/.exec(ctx.match.trim());
  if (!match) return ctx.reply(ctx.t('talk-for-usage'));
  return startDraft(ctx, {
    ...emptySpeakDraft(),
    text: checkLength(match[2] ?? '', TELEGRAM_TEXT_LIMIT),
    forMemberNumber: Number(match[1]),
  });
});

const active = feature.filter(isActive);

active.on('message:text', async (ctx, next) => {
  const text = ctx.message.text;
  if (text.startsWith('/')) return next();
  checkLength(text, TELEGRAM_TEXT_LIMIT);
  // A voice message or a location waiting for its category takes the typed words as its title/text.
  const pending = await loadVillageDraft(ctx, ctx.chat.id);
  if (pending && pending.category === null && !pending.text && !pending.title) {
    if (pending.voiceFileId) return startDraft(ctx, { ...pending, title: shorten(text, 60) });
    if (pending.latitude !== null) return startDraft(ctx, { ...pending, text });
  }
  return startDraft(ctx, { ...emptySpeakDraft(), text });
});

active.on('message:photo', async (ctx, next) => {
  const caption = ctx.message.caption ?? '';
  if (caption.startsWith('/')) return next();
  const photo = ctx.message.photo.at(-1);
  if (!photo) return next();
  return startDraft(ctx, {
    ...emptySpeakDraft(),
    photoFileId: photo.file_id,
    text: caption ? checkLength(caption, TELEGRAM_CAPTION_LIMIT) : null,
  });
});

active.on('message:voice', async (ctx) => {
  const caption = ctx.message.caption?.trim();
  return startDraft(ctx, {
    ...emptySpeakDraft(),
    voiceFileId: ctx.message.voice.file_id,
    title: caption ? shorten(caption, 60) : null,
  });
});

active.on('message:location', async (ctx) => {
  const { latitude, longitude } = ctx.message.location;
  return startDraft(ctx, { ...emptySpeakDraft(), latitude, longitude });
});

feature.callbackQuery(talkCategoryCallback.filter, async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'talk.speak');
  const { category } = talkCategoryCallback.unpack(ctx.callbackQuery.data);
  const draft = await loadVillageDraft(ctx, ctx.chat.id);
  if (!draft) return ctx.answerCallbackQuery({ text: ctx.t('talk-draft-expired') });
  const ready = { ...draft, category };
  validateDraft(ready);
  await ctx.write((tx) => saveDraft(tx, 'speak', ctx.chat.id, ready));
  const words = [ready.title, ready.text].filter(Boolean).join(' ');
  const similar = await findSimilarItems(ctx.db, { villageId: membership.villageId, category, text: words });
  await ctx.answerCallbackQuery();
  const t = readerTranslate(ctx);
  const lines = [ctx.t('talk-draft-confirm', { category: ctx.t(`talk-category-${category}`) })];
  if (similar.length > 0) {
    lines.push('', ctx.t('talk-similar-intro'));
    for (const item of similar)
      lines.push(
        ctx.t('talk-similar-line', { number: item.number, text: shorten(item.text, 40), likes: item.likes }),
      );
  }
  return ctx.reply(lines.join('\n'), { reply_markup: draftKeyboard(t, similar, membership.villageId) });
});

feature.callbackQuery(talkDraftCallback.filter, async (ctx) => {
  const { submit } = talkDraftCallback.unpack(ctx.callbackQuery.data);
  const chatId = ctx.chat.id;
  const draft = await loadVillageDraft(ctx, chatId);
  if (!draft) return ctx.answerCallbackQuery({ text: ctx.t('talk-draft-expired') });
  if (!submit) {
    await ctx.write((tx) => clearDraft(tx, 'speak', chatId));
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t('talk-draft-cancelled'));
  }
  const category = draft.category;
  if (category === null) return ctx.answerCallbackQuery({ text: ctx.t('talk-ask-category-short') });
  const { forMemberNumber, villageId: _village, ...content } = draft;
  const raised = await ctx.write(async (tx) => {
    const item = await raiseTalkItem(tx, {
      actor: ctx.membership,
      draft: { ...content, category },
      ...(forMemberNumber !== null && { forMemberNumber }),
    });
    await clearDraft(tx, 'speak', chatId);
    return item;
  });
  await ctx.answerCallbackQuery();
  await ctx.reply(
    ctx.t(forMemberNumber !== null ? 'talk-submitted-for' : 'talk-submitted', {
      number: raised.number,
      member: forMemberNumber ?? 0,
    }),
  );
  await postToGroup(ctx, raised.itemId);
  if (raised.enteredByMemberId !== null) {
    await notifyMembers(ctx, [raised.raiserMemberId], `talk-raised-for-${raised.itemId}`, {
      key: 'talk-notice-raised-for',
      params: { number: raised.number },
    });
  }
  return undefined;
});

/**
 * The chat's draft, if it was started in the village this update acts in: a draft from before a
 * switch belongs to the other village, and its old buttons must not raise it here.
 */
async function loadVillageDraft(ctx: BotContext, chatId: number) {
  const draft = await loadDraft(ctx.db, 'speak', chatId);
  if (!draft || (draft.villageId !== null && draft.villageId !== ctx.membership?.villageId)) return undefined;
  return draft;
}

async function startDraft(ctx: BotContext, draft: SpeakDraft) {
  const chat = ctx.chat;
  if (!chat) return;
  validateDraft({ ...draft, category: 'OTHER' });
  const villageId = ctx.membership?.villageId ?? null;
  await ctx.write((tx) => saveDraft(tx, 'speak', chat.id, { ...draft, villageId }));
  const key = draft.voiceFileId && !draft.title ? 'talk-ask-category-voice' : 'talk-ask-category';
  await ctx.reply(ctx.t(key), { reply_markup: categoryKeyboard(readerTranslate(ctx), villageId ?? 0) });
}

function checkLength(text: string, max: number): string {
  const length = [...text].length;
  if (length > max) throw new DomainError('text-too-long', { max, length });
  return text;
}
