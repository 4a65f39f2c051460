import { Composer } from 'grammy';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { formatShiftTime, listOpenCalls } from '../../core/volunteers/call-card.ts';
import {
  callPreferenceOf,
  findCallByInviteMessage,
  readJoinReply,
  setCallPreference,
} from '../../core/volunteers/call-preference.ts';
import { cancelSignUp } from '../../core/volunteers/cancel-sign-up.ts';
import { joinShift } from '../../core/volunteers/join-shift.ts';
import type { JoinOutcome, ShiftSummary } from '../../core/volunteers/volunteer-types.ts';
import { oweCallRefresh } from '../../worker/volunteers-schedule.ts';
import { shiftCancelCallback, shiftJoinCallback } from '../callback-data/volunteers.ts';
import type { BotContext } from '../context.ts';
import { callJoinKeyboard } from '../keyboards/volunteers.ts';
import { renderCallCard } from '../render/call-card.ts';
import { isActive, readerTranslate } from './talk/shared.ts';

/**
 * Joining a volunteer call: a shift's button (under the invite and the group post), `/join_shift 3.2`
 * (call 3, shift 2), or a reply to the invite with the shift's number or "join". The rules (seats,
 * the waiting list, overlapping shifts) are core's (core/volunteers/join-shift.ts); a change in a
 * shift's seats owes the call's batched refresh of its messages, in the same transaction.
 */
export const volunteersFeature = new Composer<BotContext>();

/** "3.2", "3 2", "3-2": call 3, shift 2; "3" alone: call 3's only shift (core refuses when there are more). */
function readShiftRef(text: string): { call: number; shift: number } | undefined {
  const match = /^#?(\d{1,6})(?:\s*[.\-/ ]\s*(\d{1,2}))?$/.exec(text.trim());
  return match ? { call: Number(match[1]), shift: Number(match[2] ?? 1) } : undefined;
}

const when = (ctx: BotContext, shift: ShiftSummary) =>
  formatShiftTime(shift.startsAt, shift.endsAt, ctx.membership?.timezone ?? 'Asia/Shanghai');

function joinedText(ctx: BotContext, outcome: JoinOutcome): string {
  const { shift } = outcome;
  const params = {
    call: shift.callNumber,
    shift: shift.position,
    title: shift.title,
    place: shift.place,
    time: when(ctx, shift),
    place_in_line: 'place' in outcome ? outcome.place : 0,
  };
  return ctx.t(`shift-join-${outcome.kind}`, params);
}

async function join(ctx: BotContext, actor: Membership | undefined, call: number, shift: number) {
  return ctx.write(async (tx) => {
    const outcome = await joinShift(tx, { actor, callNumber: call, position: shift });
    if (outcome.kind === 'confirmed') await oweCallRefresh(tx, ctx.owed, outcome.shift.callId);
    return outcome;
  });
}

volunteersFeature.callbackQuery(shiftJoinCallback.filter, async (ctx) => {
  const { call, shift } = shiftJoinCallback.unpack(ctx.callbackQuery.data);
  const outcome = await join(ctx, ctx.membership, call, shift);
  const text = joinedText(ctx, outcome);
  await ctx.answerCallbackQuery({ text: text.slice(0, 190) });
  // The confirmation stays in the private chat, also for a press on the group post (as that post says).
  if (ctx.chat?.type === 'private') await ctx.reply(text);
  else await ctx.api.sendMessage(ctx.from.id, text);
});

const inPrivate = volunteersFeature.chatType('private').filter(isActive);

inPrivate.command('join_shift', async (ctx) => {
  const ref = readShiftRef(ctx.match);
  if (!ref) return ctx.reply(ctx.t('shift-join-usage'));
  return ctx.reply(joinedText(ctx, await join(ctx, ctx.membership, ref.call, ref.shift)));
});

/** A reply to an invite: its shift's number, or "join" for a one-shift call. Anything else passes on. */
inPrivate.on('message:text', async (ctx, next) => {
  const replyTo = ctx.message.reply_to_message;
  if (!replyTo || ctx.message.text.startsWith('/')) return next();
  const call = await findCallByInviteMessage(ctx.db, {
    chatId: BigInt(ctx.chat.id),
    messageId: replyTo.message_id,
  });
  if (!call) return next();
  const position = readJoinReply(ctx.message.text, call.shifts);
  if (position === undefined) return ctx.reply(ctx.t('shift-join-reply-unread', { shifts: call.shifts }));
  // The invite acts in its own village, whichever one the member has switched to since.
  const actor =
    call.villageId === ctx.membership?.villageId
      ? ctx.membership
      : await findMembership(ctx.db, BigInt(ctx.from.id), call.villageId);
  return ctx.reply(joinedText(ctx, await join(ctx, actor, call.callNumber, position)));
});

async function cancel(ctx: BotContext, call: number, shift: number): Promise<string> {
  const outcome = await ctx.write(async (tx) => {
    const done = await cancelSignUp(tx, { actor: ctx.membership, callNumber: call, position: shift });
    if (done.was === 'CONFIRMED') await oweCallRefresh(tx, ctx.owed, done.shift.callId);
    if (done.promoted)
      await ctx.owed.job(tx, 'notify', {
        dedupeKey: `shift-${done.shift.shiftId}-promoted-${done.promoted.memberId}-u${ctx.update.update_id}`,
        memberId: done.promoted.memberId,
        message: {
          key: 'shift-promoted',
          params: {
            call: done.shift.callNumber,
            shift: done.shift.position,
            title: done.shift.title,
            place: done.shift.place,
            time: when(ctx, done.shift),
          },
        },
      });
    return done;
  });
  return ctx.t('shift-cancelled', {
    call: outcome.shift.callNumber,
    shift: outcome.shift.position,
    place: outcome.shift.place,
    time: when(ctx, outcome.shift),
  });
}

volunteersFeature.callbackQuery(shiftCancelCallback.filter, async (ctx) => {
  const { call, shift } = shiftCancelCallback.unpack(ctx.callbackQuery.data);
  const text = await cancel(ctx, call, shift);
  await ctx.answerCallbackQuery();
  return ctx.reply(text);
});

inPrivate.command('cancel_shift', async (ctx) => {
  const ref = readShiftRef(ctx.match);
  if (!ref) return ctx.reply(ctx.t('shift-cancel-usage'));
  return ctx.reply(await cancel(ctx, ref.call, ref.shift));
});

inPrivate.command('calls', async (ctx) => {
  const word = ctx.match.trim().toLowerCase();
  const preference =
    word === 'on' || word === '开'
      ? 'ON'
      : word === 'off' || word === '关'
        ? 'OFF'
        : word === 'volunteer' || word === '志愿者'
          ? 'VOLUNTEER'
          : undefined;
  if (!preference && word === '') return showOpenCalls(ctx);
  if (!preference) return ctx.reply(ctx.t('calls-usage'));
  await ctx.write((tx) => setCallPreference(tx, { actor: ctx.membership, preference }));
  return ctx.reply(ctx.t(`calls-set-${preference.toLowerCase()}`));
});

/** `/calls` alone: the member's setting, then each call still taking sign-ups with its join buttons. */
async function showOpenCalls(ctx: BotContext): Promise<unknown> {
  const membership = ctx.membership;
  const [preference, calls] = await Promise.all([
    membership ? callPreferenceOf(ctx.db, membership) : undefined,
    listOpenCalls(ctx.db, { actor: membership }),
  ]);
  await ctx.reply(
    [ctx.t(`calls-now-${(preference ?? 'ON').toLowerCase()}`), ctx.t('calls-usage')].join('\n'),
  );
  if (calls.length === 0) return ctx.reply(ctx.t('calls-none-open'));
  const t = readerTranslate(ctx);
  for (const card of calls) {
    const keyboard = callJoinKeyboard(t, card, card.villageId);
    await ctx.reply(renderCallCard(t, card, 'member'), keyboard ? { reply_markup: keyboard } : {});
  }
  return undefined;
}
