import { Composer } from 'grammy';
import { requireAllowed } from '../../../core/members/membership.ts';
import { saveDraft } from '../../../core/talk/drafts.ts';
import { getItemCard } from '../../../core/talk/item-card.ts';
import { listInbox } from '../../../core/talk/read-items.ts';
import { talkInboxCallback } from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { inboxKeyboard } from '../../keyboards/talk.ts';
import { renderItemLine } from '../../render/talk-item.ts';
import { adopt, assign, decline, merge, reply } from './actions.ts';
import { parseItemNumber, readerTranslate, splitNumberAndText } from './shared.ts';

/** Handle (the secretary): the inbox, reply, assign, decline, merge, adopt. Core checks the role. */
export const talkHandleFeature = new Composer<BotContext>();
const feature = talkHandleFeature.chatType('private');

feature.command('inbox', async (ctx) => {
  const items = await listInbox(ctx.db, { actor: ctx.membership });
  if (items.length === 0) return ctx.reply(ctx.t('talk-inbox-empty'));
  const t = readerTranslate(ctx);
  await ctx.reply(ctx.t('talk-inbox-title', { count: items.length }));
  for (const item of items)
    await ctx.reply(renderItemLine(t, item), { reply_markup: inboxKeyboard(t, item.number) });
  return undefined;
});

feature.callbackQuery(talkInboxCallback.filter, async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'talk.handle');
  const { action, number } = talkInboxCallback.unpack(ctx.callbackQuery.data);
  await getItemCard(ctx.db, { villageId: membership.villageId, number });
  await ctx.answerCallbackQuery();
  if (action === 'merge') return ctx.reply(ctx.t('talk-ask-merge', { number }));
  await ctx.write((tx) => saveDraft(tx, 'await', ctx.chat.id, { kind: action, number }));
  return ctx.reply(ctx.t(`talk-ask-${action}`, { number }));
});

feature.command('reply', async (ctx) => {
  const args = splitNumberAndText(ctx.match);
  if (!args?.text) return ctx.reply(ctx.t('talk-reply-usage'));
  return ctx.reply(await reply(ctx, args.number, args.text));
});

feature.command('assign', async (ctx) => {
  requireAllowed(ctx.membership, 'talk.handle');
  const args = splitNumberAndText(ctx.match);
  if (!args?.text) return ctx.reply(ctx.t('talk-assign-usage'));
  return ctx.reply(await assign(ctx, args.number, args.text));
});

feature.command('decline', async (ctx) => {
  requireAllowed(ctx.membership, 'talk.handle');
  const args = splitNumberAndText(ctx.match);
  if (!args) return ctx.reply(ctx.t('talk-decline-usage'));
  return ctx.reply(await decline(ctx, args.number, args.text));
});

feature.command('merge', async (ctx) => {
  requireAllowed(ctx.membership, 'talk.handle');
  const [from, into, ...rest] = ctx.match.trim().split(/\s+/);
  const number = parseItemNumber(from);
  const intoNumber = parseItemNumber(into);
  if (!number || !intoNumber || rest.length > 0) return ctx.reply(ctx.t('talk-merge-usage'));
  return ctx.reply(await merge(ctx, number, intoNumber));
});

feature.command('adopt', async (ctx) => {
  const number = parseItemNumber(ctx.match);
  if (!number) return ctx.reply(ctx.t('talk-adopt-usage'));
  return ctx.reply(await adopt(ctx, number));
});
