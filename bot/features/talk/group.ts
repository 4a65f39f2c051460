import { Composer } from 'grammy';
import { findItemByGroupPost, linkGroup } from '../../../core/talk/link-group.ts';
import type { BotContext } from '../../context.ts';
import { comment } from './actions.ts';

/**
 * The village group: the secretary links it with /linkgroup sent inside it; a reply to one of the
 * bot's item posts is a comment on that item (Telegram delivers replies to the bot's own messages
 * even in privacy mode). Anything else said in the group is none of the bot's business.
 */
export const talkGroupFeature = new Composer<BotContext>();
const group = talkGroupFeature.chatType(['group', 'supergroup']);

group.command('linkgroup', async (ctx) => {
  const { villageName } = await ctx.write((tx) =>
    linkGroup(tx, {
      actor: ctx.membership,
      groupChatId: BigInt(ctx.chat.id),
    }),
  );
  return ctx.reply(ctx.t('talk-group-linked', { village: villageName }));
});

group.on('message:text').filter(
  (ctx) => ctx.message.reply_to_message?.from?.id === ctx.me.id && !ctx.message.text.startsWith('/'),
  async (ctx, next) => {
    const target = ctx.message.reply_to_message;
    if (!target) return next();
    const item = await findItemByGroupPost(ctx.db, {
      groupChatId: BigInt(ctx.chat.id),
      messageId: target.message_id,
    });
    const membership = ctx.membership;
    // Quiet for strangers and for posts that are not items: a group is not the place for error messages.
    if (!item || membership?.status !== 'ACTIVE' || membership.villageId !== item.villageId) return next();
    await comment(ctx, item.number, ctx.message.text);
    return undefined;
  },
);
