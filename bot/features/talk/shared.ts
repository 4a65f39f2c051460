import type { InlineKeyboard } from 'grammy';
import type { Db } from '../../../core/db/client.ts';
import { DomainError } from '../../../core/errors.ts';
import type { Membership } from '../../../core/members/membership.ts';
import { endStepAbout, type StepOwner } from '../../../core/talk/dialog-step.ts';
import type { ItemCard } from '../../../core/talk/item-card.ts';
import type { LocalizedMessage, NoticeButtons } from '../../../worker/queues.ts';
import type { BotContext } from '../../context.ts';
import { asCaption, type Translate } from '../../render/talk-item.ts';

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

/** Whose dialog step an update answers or ends: the sender, in their current village. */
export function stepOwner(ctx: BotContext): StepOwner | undefined {
  const from = ctx.from;
  const villageId = ctx.membership?.villageId;
  return from && villageId !== undefined ? { userId: from.id, villageId } : undefined;
}

/** The sender's step about item `number` is over (they acted on it): ended in the same write. */
export async function endMyStepAbout(ctx: BotContext, tx: Db, number: number): Promise<void> {
  const owner = stepOwner(ctx);
  if (owner) await endStepAbout(tx, owner, number);
}

export function isActive(ctx: BotContext): boolean {
  return ctx.membership?.status === 'ACTIVE';
}

/** Owes one notice per member, sent by the worker after the commit; keys deterministic. */
export async function notifyMembers(
  ctx: BotContext,
  memberIds: readonly number[],
  keyPrefix: string,
  message: LocalizedMessage,
  buttons?: NoticeButtons,
): Promise<void> {
  const unique = [...new Set(memberIds)];
  if (unique.length === 0) return;
  await ctx.write((tx) =>
    ctx.owed.jobs(
      tx,
      'notify',
      unique.map((memberId) => ({
        dedupeKey: `${keyPrefix}-${memberId}`,
        memberId,
        message,
        ...(buttons && { buttons }),
      })),
    ),
  );
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
 * The village group hears of a new item: the worker posts it (rendered as it is then) and remembers
 * the post, after the commit. A group the bot cannot reach does not undo the item.
 */
export async function postToGroup(ctx: BotContext, itemId: number): Promise<void> {
  await ctx.write((tx) => ctx.owed.job(tx, 'talk-group-post', { dedupeKey: `item-${itemId}`, itemId }));
}

/** The counts on the item's group post are brought up to date by the worker. */
export async function refreshGroupPost(ctx: BotContext, itemId: number): Promise<void> {
  await ctx.write((tx) =>
    ctx.owed.job(tx, 'talk-group-refresh', {
      dedupeKey: `item-${itemId}-update-${ctx.updateKey}`,
      itemId,
    }),
  );
}

/**
 * The item's group post shows whether it is hidden (the worker edits it): a hidden item's post says
 * so, by whom and why, without buttons; a restored one's shows the item again.
 */
export async function updateGroupPostVisibility(ctx: BotContext, itemId: number): Promise<void> {
  await ctx.write((tx) =>
    ctx.owed.job(tx, 'talk-group-visibility', {
      dedupeKey: `item-${itemId}-update-${ctx.updateKey}`,
      itemId,
    }),
  );
}

/** In a group, only members of the village that group belongs to may act on its posts. */
export async function requireGroupOfMyVillage(ctx: BotContext, membership: Membership | undefined) {
  if (membership?.status !== 'ACTIVE') throw new DomainError('not-member');
  // In a group, loadMember found the membership of the group's village, if the presser has one.
  if (ctx.chat && ctx.chat.type !== 'private' && ctx.groupVillageId !== membership.villageId)
    throw new DomainError('not-member');
  return membership;
}
