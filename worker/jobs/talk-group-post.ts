import { UnrecoverableError } from 'bullmq';
import type { Api } from 'grammy';
import { itemKeyboard } from '../../bot/keyboards/talk.ts';
import { asCaption, renderItemCard, type Translate } from '../../bot/render/talk-item.ts';
import type { Locale } from '../../core/config.ts';
import type { Db, PrismaClient } from '../../core/db/client.ts';
import { DomainError } from '../../core/errors.ts';
import type { Logger } from '../../core/logger.ts';
import { displayName } from '../../core/members/display-name.ts';
import { getItemCard, type ItemCard } from '../../core/talk/item-card.ts';
import { recordGroupPost } from '../../core/talk/link-group.ts';
import { talkGroupPostPayloadSchema } from '../queues.ts';
import { callTelegram, isNotModified, isRefusal, type TelegramLimits } from '../telegram-limits.ts';
import type { Translator } from './notify.ts';
import { POST_TRANSACTION_TIMEOUT_MS, type SendOutcome, sendOnce } from './recorded-send.ts';

/**
 * A talk item's post in its village group: posted, its counts refreshed, marked hidden. Each job loads
 * the item when it runs and shows it as it is then, so a late, repeated or out-of-order job shows the
 * current state: a refresh before the post exists does nothing (the post, when it comes, is current),
 * a post of an item hidden meanwhile is not made, a refresh never puts buttons back on a hidden post.
 * A refresh or a hidden notice that comes while the post is being made waits for it (the post's
 * record lock), and the post is rendered under that lock: no change falls between the two.
 *
 * Posts speak the village's language (the deployment's default), not any one member's.
 *
 * A post must not repeat. It is a recorded send: an OutboundMessage row (`talk-group-post:<item>`)
 * written before the call, locked (`FOR UPDATE`) for the length of the call so a second run of the job
 * (a stalled job run again, the relay re-adding one Redis lost) waits and then finds the post made,
 * and marked SENT in the same commit that stores the post's message id on the item. The window left:
 * Telegram accepts the post and the process dies before that commit. The record then still says
 * PENDING and the item has no post, and the retry posts again; one duplicate post in that case is
 * preferred to no post at all (the Bot API has no idempotency key to tell the two apart). When only the
 * commit failed (the database, not the process), the message id is kept in the job's data and the
 * retry records it without posting again. The location pin that follows a post is a recorded send of
 * its own, so a retry after the post sends the pin and not the post.
 */

export interface GroupPostDeps {
  prisma: PrismaClient;
  api: Pick<
    Api,
    | 'sendMessage'
    | 'sendPhoto'
    | 'sendVoice'
    | 'sendLocation'
    | 'editMessageReplyMarkup'
    | 'editMessageText'
    | 'editMessageCaption'
  >;
  i18n: Translator;
  /** The village group's language. */
  groupLocale: Locale;
  limits: TelegramLimits;
  logger: Logger;
}

export interface GroupPostJob {
  id?: string | undefined;
  name: string;
  data: unknown;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
  updateData(data: unknown): Promise<void>;
}

export type GroupPostResult =
  | { outcome: 'posted'; messageId: number }
  | { outcome: 'refreshed' | 'marked-hidden' | 'restored' | 'unchanged' }
  | {
      outcome: 'skipped';
      reason: 'item-missing' | 'no-group' | 'already-posted' | 'not-posted' | 'hidden';
    }
  | { outcome: 'refused'; description: string };

export const groupPostKey = (itemId: number) => `talk-group-post:${itemId}`;
export const groupPinKey = (itemId: number) => `talk-group-pin:${itemId}`;

/** Posts in the village group speak the village's language (the deployment's default), not an actor's. */
export function groupTranslator(i18n: Translator, locale: Locale): Translate {
  return (key, params) => i18n.t(locale, key, params);
}

function parse(job: GroupPostJob): number {
  const parsed = talkGroupPostPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid ${job.name} payload: ${parsed.error.message}`);
  return parsed.data.itemId;
}

async function loadCard(db: Db, itemId: number): Promise<ItemCard | undefined> {
  const item = await db.talkItem.findUnique({
    where: { id: itemId },
    select: { villageId: true, number: true },
  });
  if (!item) return undefined;
  try {
    return await getItemCard(db, item);
  } catch (error) {
    // Deleted between the two reads.
    if (error instanceof DomainError) return undefined;
    throw error;
  }
}

/** Posts the item to its village group (text, photo or voice, with its buttons), then its location pin. */
export async function handleTalkGroupPost(
  job: GroupPostJob,
  deps: GroupPostDeps,
  token: string | undefined,
): Promise<GroupPostResult> {
  const itemId = parse(job);
  const log = deps.logger.child({ job_id: job.id, item_id: itemId });
  const card = await loadCard(deps.prisma, itemId);
  if (!card) return { outcome: 'skipped', reason: 'item-missing' };
  if (card.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  const chatId = card.groupChatId;
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const call = { job, token, chatId, limits: deps.limits, logger: log };

  let messageId: number;
  let posted: boolean;
  if (card.groupMessageId !== null) {
    // Posted by an earlier run of this step (whose pin may still be owed), or by other means, which
    // saw to their own pin.
    const record = await deps.prisma.outboundMessage.findUnique({
      where: { key: groupPostKey(itemId) },
      select: { status: true },
    });
    if (record?.status !== 'SENT') return { outcome: 'skipped', reason: 'already-posted' };
    messageId = Number(card.groupMessageId);
    posted = false;
  } else {
    if (card.hidden) return { outcome: 'skipped', reason: 'hidden' };
    let step: SendOutcome;
    try {
      step = await sendOnce(deps.prisma, job, {
        key: groupPostKey(itemId),
        chatId,
        // Under the record's lock: a run that got here first may have posted and committed meanwhile.
        alreadyDone: async (tx) => {
          const item = await tx.talkItem.findUnique({
            where: { id: itemId },
            select: { groupMessageId: true },
          });
          const posted = item?.groupMessageId;
          return posted === null || posted === undefined ? undefined : Number(posted);
        },
        send: async (tx) => {
          // Rendered under the lock, which refresh and hidden jobs wait for (waitForPostInFlight): one
          // that ran before it took the lock saw no post, so the post must show what they came to show.
          const shown = await loadCard(tx, itemId);
          if (!shown || shown.hidden) throw new NothingToPost();
          return callTelegram(call, () => sendCard(deps.api, chatId, shown, t));
        },
        record: (tx, sentId) => recordGroupPost(tx, { itemId, messageId: sentId }),
      });
    } catch (error) {
      if (error instanceof NothingToPost) return { outcome: 'skipped', reason: 'hidden' };
      throw error;
    }
    if (step.outcome === 'refused') return refused(step.description, log);
    messageId = step.messageId;
    posted = step.outcome === 'sent';
  }

  if (card.latitude !== null && card.longitude !== null) {
    const { latitude, longitude } = card;
    const pin = await sendOnce(deps.prisma, job, {
      key: groupPinKey(itemId),
      chatId,
      send: () =>
        callTelegram(call, async () => {
          const sent = await deps.api.sendLocation(Number(chatId), latitude, longitude, {
            reply_parameters: { message_id: messageId, allow_sending_without_reply: true },
          });
          return sent.message_id;
        }),
    });
    // The post stands without its pin: a refused pin (the group lost the bot meanwhile) is only noted.
    if (pin.outcome === 'refused') log.warn({ description: pin.description }, 'could not pin the location');
  }
  if (!posted) return { outcome: 'skipped', reason: 'already-posted' };
  log.info({ message_id: messageId }, 'item posted to its village group');
  return { outcome: 'posted', messageId };
}

/** Hidden (or deleted) while its post was about to be made. */
class NothingToPost extends Error {}

/**
 * Waits while a post of the item is being made (its record is locked for the call), so a refresh or a
 * hidden notice never misses a post that is about to exist: either the post, rendered after, shows
 * their change, or they see its message id. Bounded by the transaction's timeout; a timeout fails the
 * job, which is retried.
 */
async function waitForPostInFlight(prisma: PrismaClient, itemId: number): Promise<void> {
  await prisma.$transaction(
    (tx) => tx.$queryRaw`SELECT 1 FROM "OutboundMessage" WHERE key = ${groupPostKey(itemId)} FOR SHARE`,
    { timeout: POST_TRANSACTION_TIMEOUT_MS },
  );
}

/** Brings the buttons (the me-too count) on the group post up to date. */
export async function handleTalkGroupRefresh(
  job: GroupPostJob,
  deps: GroupPostDeps,
  token: string | undefined,
): Promise<GroupPostResult> {
  const itemId = parse(job);
  const log = deps.logger.child({ job_id: job.id, item_id: itemId });
  await waitForPostInFlight(deps.prisma, itemId);
  const card = await loadCard(deps.prisma, itemId);
  if (!card) return { outcome: 'skipped', reason: 'item-missing' };
  if (card.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  if (card.groupMessageId === null) return { outcome: 'skipped', reason: 'not-posted' };
  // A hidden post lost its buttons on purpose.
  if (card.hidden) return { outcome: 'skipped', reason: 'hidden' };
  const chatId = card.groupChatId;
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  return editPost(log, async () => {
    await callTelegram({ job, token, chatId, limits: deps.limits, logger: log }, () =>
      deps.api.editMessageReplyMarkup(Number(chatId), Number(card.groupMessageId), {
        reply_markup: itemKeyboard(t, card, card.villageId),
      }),
    );
    return 'refreshed';
  });
}

/**
 * An item's post shows whether it is hidden, as it is when the job runs. Hidden: the post says so,
 * by whom and why, and loses its buttons; what it said is no longer shown there (the photo or voice
 * of a media post stays; Telegram cannot swap it for text). Restored by a supervisor: the post shows
 * the item again, with its buttons.
 */
export async function handleTalkGroupVisibility(
  job: GroupPostJob,
  deps: GroupPostDeps,
  token: string | undefined,
): Promise<GroupPostResult> {
  const itemId = parse(job);
  const log = deps.logger.child({ job_id: job.id, item_id: itemId });
  await waitForPostInFlight(deps.prisma, itemId);
  const item = await deps.prisma.talkItem.findUnique({
    where: { id: itemId },
    select: {
      number: true,
      groupMessageId: true,
      photoFileId: true,
      voiceFileId: true,
      hiddenAt: true,
      hiddenReason: true,
      hiddenBy: { select: { realName: true, number: true } },
      village: { select: { groupChatId: true } },
    },
  });
  if (!item) return { outcome: 'skipped', reason: 'item-missing' };
  if (item.village.groupChatId === null) return { outcome: 'skipped', reason: 'no-group' };
  if (item.groupMessageId === null) return { outcome: 'skipped', reason: 'not-posted' };
  const chatId = item.village.groupChatId;
  const messageId = Number(item.groupMessageId);
  const t = groupTranslator(deps.i18n, deps.groupLocale);
  const call = { job, token, chatId, limits: deps.limits, logger: log };
  if (item.hiddenAt === null) {
    const card = await loadCard(deps.prisma, itemId);
    if (!card) return { outcome: 'skipped', reason: 'item-missing' };
    const text = renderItemCard(t, card);
    const reply_markup = itemKeyboard(t, card, card.villageId);
    return editPost(log, async () => {
      await callTelegram(call, () =>
        card.voiceFileId || card.photoFileId
          ? deps.api.editMessageCaption(Number(chatId), messageId, { caption: asCaption(text), reply_markup })
          : deps.api.editMessageText(Number(chatId), messageId, text, { reply_markup }),
      );
      return 'restored';
    });
  }
  const text = t('talk-item-hidden', {
    number: item.number,
    by: item.hiddenBy ? displayName(item.hiddenBy) : '',
    reason: item.hiddenReason ?? '',
  });
  return editPost(log, async () => {
    await callTelegram(call, () =>
      item.voiceFileId || item.photoFileId
        ? deps.api.editMessageCaption(Number(chatId), messageId, { caption: asCaption(text) })
        : deps.api.editMessageText(Number(chatId), messageId, text),
    );
    return 'marked-hidden';
  });
}

/** An edit: "not modified" means the post already shows it; other refusals (post deleted) end the job. */
async function editPost(
  log: Logger,
  edit: () => Promise<'refreshed' | 'marked-hidden' | 'restored'>,
): Promise<GroupPostResult> {
  try {
    return { outcome: await edit() };
  } catch (error) {
    if (isNotModified(error)) return { outcome: 'unchanged' };
    if (isRefusal(error)) return refused(error.description, log);
    throw error;
  }
}

function refused(description: string, log: Logger): GroupPostResult {
  log.warn({ description }, 'Telegram refused the group post; not retried');
  return { outcome: 'refused', description };
}

/** Shows an item as what it is: a voice message as voice, a photo as photo, else text. */
async function sendCard(
  api: GroupPostDeps['api'],
  chatId: bigint,
  card: ItemCard,
  t: Translate,
): Promise<number> {
  const text = renderItemCard(t, card);
  const extra = { reply_markup: itemKeyboard(t, card, card.villageId) };
  const chat = Number(chatId);
  if (card.voiceFileId)
    return (await api.sendVoice(chat, card.voiceFileId, { caption: asCaption(text), ...extra })).message_id;
  if (card.photoFileId)
    return (await api.sendPhoto(chat, card.photoFileId, { caption: asCaption(text), ...extra })).message_id;
  return (await api.sendMessage(chat, text, extra)).message_id;
}
