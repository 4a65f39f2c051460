import type { NextFunction } from 'grammy';
import { moveGroupLink } from '../../core/talk/link-group.ts';
import type { BotContext } from '../context.ts';

/**
 * Group updates, before anyone is looked up. A group upgraded to a supergroup moves the village's
 * link to its new id. A group no village linked is none of the bot's business: its updates are
 * dropped quietly, before a User row is made for anyone in it, except /linkgroup (how a secretary
 * links it) and a command addressed to the bot by name.
 */
export async function groupGate(ctx: BotContext, next: NextFunction) {
  ctx.groupVillageId = undefined;
  const chat = ctx.chat;
  if (chat?.type !== 'group' && chat?.type !== 'supergroup') return next();
  const message = ctx.message;
  if (message?.migrate_to_chat_id !== undefined) {
    const toChatId = BigInt(message.migrate_to_chat_id);
    await ctx.write((tx) => moveGroupLink(tx, { fromChatId: BigInt(chat.id), toChatId }));
    return;
  }
  if (message?.migrate_from_chat_id !== undefined) {
    const fromChatId = BigInt(message.migrate_from_chat_id);
    await ctx.write((tx) => moveGroupLink(tx, { fromChatId, toChatId: BigInt(chat.id) }));
    return;
  }
  const linked = await ctx.db.village.findUnique({
    where: { groupChatId: BigInt(chat.id) },
    select: { id: true },
  });
  ctx.groupVillageId = linked?.id;
  if (linked || isLinkCommand(message?.text) || isAddressedToMe(message?.text, ctx.me.username))
    return next();
}

function isLinkCommand(text: string | undefined): boolean {
  return /^\/linkgroup(@\w+)?(\s|$)/.test(text ?? '');
}

/** "/help@yingshan_bot": someone speaks to the bot by name, and gets an answer (no row is made for them). */
function isAddressedToMe(text: string | undefined, username: string): boolean {
  const match = /^\/\w+@(\w+)(\s|$)/.exec(text ?? '');
  return match?.[1]?.toLowerCase() === username.toLowerCase();
}
