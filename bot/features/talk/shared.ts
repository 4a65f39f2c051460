import { GrammyError, type InlineKeyboard } from 'grammy';
import { DomainError } from '../../../core/errors.ts';
import type { Membership } from '../../../core/members/membership.ts';
import { getItemCard, type ItemCard } from '../../../core/talk/item-card.ts';
import { recordGroupPost, villageGroupChatId } from '../../../core/talk/link-group.ts';
import type { LocalizedMessage } from '../../../worker/queues.ts';
import type { BotContext } from '../../context.ts';
import { createI18n } from '../../i18n.ts';
import { itemKeyboard } from '../../keyboards/talk.ts';
import { asCaption, renderItemCard, type Translate } from '../../render/talk-item.ts';

/** An item number as typed: "12" or "#12". */
export function parseItemNumber(text: string | undefined): number | undefined {
  const match = /^#?(\d{1,9})$/.exec(text?.trim() ?? '');
  return match && Number(match[1]) > 0 ? Number(match[1]) : undefined;
}

/** "<n> <rest>": the item number and the rest of the text (possibly empty). */
export function splitNumberAndText(match: string): { number: number; text: string } | undefined {
  const [head = ''] = match.trim().split(/\s+/);
  const number = parseItemNumber(head);
  if (!number) return undefined;
  return { number, text: match.trim().slice(head.length).trim() };
}

export function isActive(ctx: BotContext): boolean {
  return ctx.membership?.status === 'ACTIVE';
}

/** Tells members through the worker after the commit, one notify job each, keys deterministic. */
export function notifyMembers(
  ctx: BotContext,
  memberIds: readonly number[],
  keyPrefix: string,
  message: LocalizedMessage,
): void {
  const unique = [...new Set(memberIds)];
  if (unique.length === 0) return;
  ctx.afterCommit(() =>
    ctx.deps.jobs.enqueueMany(
      'notify',
      unique.map((memberId) => ({ dedupeKey: `${keyPrefix}-${memberId}`, memberId, message })),
    ),
  );
}

/** Posts in the village group speak the village's language (the deployment's default), not the actor's. */
let groupI18n: ReturnType<typeof createI18n> | undefined;
export function groupTranslate(ctx: BotContext): Translate {
  const locale = ctx.deps.config.DEFAULT_LOCALE;
  groupI18n ??= createI18n(locale);
  const i18n = groupI18n;
  return (key, params) => i18n.t(locale, key, params);
}

export const readerTranslate =
  (ctx: BotContext): Translate =>
  (key, params) =>
    ctx.t(key, params);

/** Shows an item as what it is: a voice message as voice, a photo as photo, else text. */
export async function sendItem(
  ctx: BotContext,
  chatId: number | bigint,
  card: ItemCard,
  text: string,
  keyboard?: InlineKeyboard,
): Promise<number> {
  const extra = keyboard ? { reply_markup: keyboard } : {};
  const chat = Number(chatId);
  if (card.voiceFileId) {
    const sent = await ctx.api.sendVoice(chat, card.voiceFileId, { caption: asCaption(text), ...extra });
    return sent.message_id;
  }
  if (card.photoFileId) {
    const sent = await ctx.api.sendPhoto(chat, card.photoFileId, { caption: asCaption(text), ...extra });
    return sent.message_id;
  }
  const sent = await ctx.api.sendMessage(chat, text, extra);
  return sent.message_id;
}

/** A location item's pin, so a reader can open the map (the card only carries the coordinates as text). */
export async function sendPin(
  ctx: BotContext,
  chatId: number | bigint,
  card: ItemCard,
  replyToMessageId?: number,
): Promise<void> {
  if (card.latitude === null || card.longitude === null) return;
  await ctx.api.sendLocation(Number(chatId), card.latitude, card.longitude, {
    ...(replyToMessageId !== undefined && { reply_parameters: { message_id: replyToMessageId } }),
  });
}

/**
 * Posts a new item to the village group and remembers the post. A group the bot cannot reach
 * (removed, never linked) does not undo the item: the villager's words are saved either way.
 */
export async function postToGroup(ctx: BotContext, villageId: number, number: number): Promise<void> {
  const card = await getItemCard(ctx.db, { villageId, number });
  if (card.groupChatId === null) return;
  const t = groupTranslate(ctx);
  try {
    const messageId = await sendItem(
      ctx,
      card.groupChatId,
      card,
      renderItemCard(t, card),
      itemKeyboard(t, card),
    );
    await recordGroupPost(ctx.db, { itemId: card.itemId, messageId });
    await sendPin(ctx, card.groupChatId, card, messageId);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    ctx.logger.warn({ err: error, item: card.itemId }, 'could not post the item to the village group');
  }
}

/** Brings the counts on the group post up to date; an unchanged post is not an error. */
export async function refreshGroupPost(ctx: BotContext, villageId: number, number: number): Promise<void> {
  const card = await getItemCard(ctx.db, { villageId, number });
  if (card.groupChatId === null || card.groupMessageId === null) return;
  try {
    await ctx.api.editMessageReplyMarkup(Number(card.groupChatId), Number(card.groupMessageId), {
      reply_markup: itemKeyboard(groupTranslate(ctx), card),
    });
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    if (!/message is not modified/i.test(error.description))
      ctx.logger.warn({ err: error, item: card.itemId }, 'could not update the group post');
  }
}

/**
 * A hidden item's post in the group says so, by whom and why, and loses its buttons: what it said is
 * no longer shown there (the photo or voice of a media post stays; Telegram cannot swap it for text).
 */
export async function markGroupPostHidden(
  ctx: BotContext,
  villageId: number,
  number: number,
  hidden: { by: string; reason: string },
): Promise<void> {
  const card = await getItemCard(ctx.db, { villageId, number });
  if (card.groupChatId === null || card.groupMessageId === null) return;
  const text = groupTranslate(ctx)('talk-item-hidden', { number, ...hidden });
  const chatId = Number(card.groupChatId);
  const messageId = Number(card.groupMessageId);
  try {
    if (card.voiceFileId || card.photoFileId) {
      await ctx.api.editMessageCaption(chatId, messageId, { caption: asCaption(text) });
    } else {
      await ctx.api.editMessageText(chatId, messageId, text);
    }
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    if (!/message is not modified/i.test(error.description))
      ctx.logger.warn({ err: error, item: card.itemId }, 'could not mark the group post hidden');
  }
}

/** In a group, only members of the village that group belongs to may act on its posts. */
export async function requireGroupOfMyVillage(ctx: BotContext, membership: Membership | undefined) {
  if (membership?.status !== 'ACTIVE') throw new DomainError('not-member');
  const chat = ctx.chat;
  if (chat && chat.type !== 'private') {
    const groupChatId = await villageGroupChatId(ctx.db, membership.villageId);
    if (groupChatId !== BigInt(chat.id)) throw new DomainError('not-member');
  }
  return membership;
}
