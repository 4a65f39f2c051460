import { Composer } from 'grammy';
import { DomainError } from '../../../core/errors.ts';
import { requireAllowed } from '../../../core/members/membership.ts';
import { askStep, readAssignment } from '../../../core/talk/dialog-step.ts';
import { getItemCard } from '../../../core/talk/item-card.ts';
import { parseDueDate } from '../../../core/talk/parse-due-date.ts';
import { listInbox } from '../../../core/talk/read-items.ts';
import {
  talkAssignCadreCallback,
  talkAssignDueCallback,
  talkInboxCallback,
} from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { inboxKeyboard } from '../../keyboards/talk.ts';
import { renderItemLine } from '../../render/talk-item.ts';
import { adopt, assign, decline, merge, reply, unassign } from './actions.ts';
import { parseItemNumber, readerTranslate, splitNumberAndText } from './shared.ts';
import { ask, findCadre } from './steps.ts';

/** Handle (the secretary): the inbox, reply, assign, decline, merge, adopt. Core checks the role. */
export const talkHandleFeature = new Composer<BotContext>();
const feature = talkHandleFeature.chatType('private');

feature.command('inbox', async (ctx) => {
  const items = await listInbox(ctx.db, { actor: ctx.membership });
  if (items.length === 0) return ctx.reply(ctx.t('talk-inbox-empty'));
  const t = readerTranslate(ctx);
  await ctx.reply(ctx.t('talk-inbox-title', { count: items.length }));
  const villageId = ctx.membership?.villageId ?? 0; // listInbox refuses anyone without one
  for (const item of items)
    await ctx.reply(renderItemLine(t, item), { reply_markup: inboxKeyboard(t, item.number, villageId) });
  return undefined;
});

feature.callbackQuery(talkInboxCallback.filter, async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'talk.handle');
  const { action, number } = talkInboxCallback.unpack(ctx.callbackQuery.data);
  await getItemCard(ctx.db, { villageId: membership.villageId, number });
  await ctx.answerCallbackQuery();
  if (action === 'merge') return ctx.reply(ctx.t('talk-ask-merge', { number }));
  return ask(
    ctx,
    action === 'assign' ? { kind: action, number, cadreNumber: null } : { kind: action, number },
  );
});

/** The assign prompt's cadre button: the due date is asked next. */
feature.callbackQuery(talkAssignCadreCallback.filter, async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'talk.handle');
  const { number, cadre } = talkAssignCadreCallback.unpack(ctx.callbackQuery.data);
  if (!(await findCadre(ctx, membership, cadre)))
    throw new DomainError('member-not-cadre', { number: cadre });
  await ctx.answerCallbackQuery();
  return ask(ctx, { kind: 'assign', number, cadreNumber: cadre });
});

/** The due-date button: in 3 days or a week assigns at once; "a date" asks for it to be typed. */
feature.callbackQuery(talkAssignDueCallback.filter, async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'talk.handle');
  const { number, cadre, due } = talkAssignDueCallback.unpack(ctx.callbackQuery.data);
  if (due === 'date') {
    await ctx.answerCallbackQuery();
    await ctx.write((tx) =>
      askStep(
        tx,
        { userId: ctx.from.id, villageId: membership.villageId },
        {
          kind: 'assign',
          number,
          cadreNumber: cadre,
        },
      ),
    );
    return ctx.reply(ctx.t('talk-ask-due-date', { number }));
  }
  const dueAt = parseDueDate(due, membership.timezone);
  if (!dueAt) throw new DomainError('talk-due-invalid');
  const text = await assign(ctx, number, cadre, dueAt);
  await ctx.answerCallbackQuery();
  return ctx.reply(text);
});

feature.command('reply', async (ctx) => {
  const args = splitNumberAndText(ctx.match);
  if (!args?.text) return ctx.reply(ctx.t('talk-reply-usage'));
  return ctx.reply(await reply(ctx, args.number, args.text));
});

/** /assign 5 asks (cadre buttons, then due buttons); /assign 5 2 3 assigns at once. */
feature.command('assign', async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'talk.handle');
  const args = splitNumberAndText(ctx.match);
  if (!args) return ctx.reply(ctx.t('talk-assign-usage'));
  if (!args.text) return ask(ctx, { kind: 'assign', number: args.number, cadreNumber: null });
  const reading = readAssignment(args.text, null, membership.timezone);
  if (!reading.ok) return ctx.reply(ctx.t(`error-${reading.code}`, reading.params ?? {}));
  if (reading.dueAt === null) {
    if (!(await findCadre(ctx, membership, reading.cadreNumber)))
      throw new DomainError('member-not-cadre', { number: reading.cadreNumber });
    return ask(ctx, { kind: 'assign', number: args.number, cadreNumber: reading.cadreNumber });
  }
  return ctx.reply(await assign(ctx, args.number, reading.cadreNumber, reading.dueAt));
});

feature.command('unassign', async (ctx) => {
  const number = parseItemNumber(ctx.match);
  if (!number) return ctx.reply(ctx.t('talk-unassign-usage'));
  return ctx.reply(await unassign(ctx, number));
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
