import { Composer } from 'grammy';
import { DomainError } from '../../../core/errors.ts';
import { requireAllowed } from '../../../core/members/membership.ts';
import { getItemCard, listAwaitingMyRating } from '../../../core/talk/item-card.ts';
import { ratingRefusal } from '../../../core/talk/rate-item.ts';
import { talkRateCallback } from '../../callback-data/talk.ts';
import type { BotContext } from '../../context.ts';
import { outcomeKeyboard, starsKeyboard } from '../../keyboards/talk.ts';
import { shorten } from '../../render/talk-item.ts';
import { rate } from './actions.ts';
import { parseItemNumber, readerTranslate } from './shared.ts';
import { ask } from './steps.ts';

/**
 * Evaluate: the raiser rates a done item — stars, then the outcome, then an optional comment.
 * The worker's notice says "/rate <n>"; the buttons carry the round, so an old button cannot rate a
 * later round, and a double tap is refused by core as "already rated" with nothing changed.
 */
export const talkEvaluateFeature = new Composer<BotContext>();
const feature = talkEvaluateFeature.chatType('private');

feature.command('rate', async (ctx) => {
  const membership = requireAllowed(ctx.membership, 'profile.view');
  const text = ctx.match.trim();
  if (!text) {
    const waiting = await listAwaitingMyRating(ctx.db, { actor: membership });
    if (waiting.length === 0) return ctx.reply(ctx.t('talk-rate-nothing'));
    const lines = waiting.map((item) =>
      ctx.t('talk-rate-waiting-line', {
        number: item.number,
        text: shorten([item.title, item.text].filter(Boolean).join(' ') || ctx.t('talk-card-media'), 40),
      }),
    );
    return ctx.reply([ctx.t('talk-rate-waiting'), ...lines].join('\n'));
  }
  const number = parseItemNumber(text);
  if (!number) return ctx.reply(ctx.t('talk-rate-usage'));
  const card = await getItemCard(ctx.db, { villageId: membership.villageId, number });
  if (card.raiserId !== membership.memberId) throw new DomainError('talk-not-raiser', { number });
  if (card.status !== 'DONE') throw ratingRefusal(card, card.round, false);
  return ctx.reply(ctx.t('talk-rate-ask-stars', { number }), {
    reply_markup: starsKeyboard({ number, round: card.round }, membership.villageId),
  });
});

feature.callbackQuery(talkRateCallback.filter, async (ctx) => {
  const step = talkRateCallback.unpack(ctx.callbackQuery.data);
  const t = readerTranslate(ctx);
  if (!step.outcome) {
    // The button's village, as loadMember read it; someone who has left it is refused here.
    const { villageId } = requireAllowed(ctx.membership, 'profile.view');
    await ctx.answerCallbackQuery();
    return ctx.reply(ctx.t('talk-rate-ask-outcome', { number: step.number, stars: step.stars }), {
      reply_markup: outcomeKeyboard(t, step, villageId),
    });
  }
  const full = { number: step.number, round: step.round, stars: step.stars, outcome: step.outcome };
  if (step.skip) {
    const text = await rate(ctx, full);
    await ctx.answerCallbackQuery();
    return ctx.reply(text);
  }
  await ctx.answerCallbackQuery();
  return ask(ctx, { kind: 'rate-comment', ...full });
});
