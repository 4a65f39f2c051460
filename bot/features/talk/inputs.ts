import { Composer } from 'grammy';
import {
  endStep,
  judgeStep,
  loadStep,
  loadStepItem,
  readAnswer,
  STEP_TTL_MINUTES,
} from '../../../core/talk/dialog-step.ts';
import { clearDraft } from '../../../core/talk/drafts.ts';
import type { BotContext } from '../../context.ts';
import { assign, comment, decline, rate, reply } from './actions.ts';
import { isActive, stepOwner } from './shared.ts';
import { ask, askAgain, findCadre } from './steps.ts';

/**
 * The answer to a question the bot asked ("your comment on #3?", "who should do #5?"): a member's
 * next plain text in private, while their dialog step stands (core/talk/dialog-step.ts). Commands
 * pass by, so /cancel and everything else still work.
 *
 * Why nothing here throws for a step that no longer fits: a refusal rolls the update back, and with
 * it any clearing of the step, so the same refusal would meet every later message. Instead the step
 * is judged first (expired? its item moved on, hidden, gone?) and a dead step is ended in this
 * update's write, committed with the line that says so. A wrong answer is read before anything is
 * written and asked again, the step left standing. What can still be refused inside the action (a
 * second secretary acted on the item in between) rolls back with the step intact; the next answer
 * then finds the item moved on and ends it.
 */
export const talkInputsFeature = new Composer<BotContext>();

talkInputsFeature
  .chatType('private')
  .filter(isActive)
  .on('message:text', async (ctx, next) => {
    const text = ctx.message.text;
    const owner = stepOwner(ctx);
    const membership = ctx.membership;
    if (text.startsWith('/') || !owner || !membership) return next();
    const step = await loadStep(ctx.db, owner);
    if (!step) return next();
    const { number } = step;
    const verdict = judgeStep(step, await loadStepItem(ctx.db, owner.villageId, number), new Date());
    if (verdict.state !== 'live') {
      await ctx.write((tx) => endStep(tx, owner));
      const line =
        verdict.state === 'expired'
          ? ctx.t('talk-step-expired', { number, minutes: STEP_TTL_MINUTES })
          : ctx.t('talk-step-moot', {
              number,
              status: verdict.status ? ctx.t(`talk-status-${verdict.status}`) : ctx.t('talk-step-gone'),
            });
      return ctx.reply([line, ctx.t(`talk-step-again-${step.kind}`, { number })].join('\n'));
    }
    const answer = readAnswer(step, text, membership.timezone);
    if (!answer.ok) return askAgain(ctx, step, ctx.t(`error-${answer.code}`, answer.params ?? {}));
    if ('cadreNumber' in answer) {
      if (step.kind !== 'assign') return next();
      const cadre = await findCadre(ctx, membership, answer.cadreNumber);
      if (!cadre) return askAgain(ctx, step, ctx.t('error-member-not-cadre', { number: answer.cadreNumber }));
      if (!answer.dueAt) {
        const { askedAt: _askedAt, ...rest } = step;
        return ask(ctx, { ...rest, cadreNumber: cadre.number });
      }
      return ctx.reply(await assign(ctx, number, cadre.number, answer.dueAt));
    }
    switch (step.kind) {
      case 'comment':
        await comment(ctx, number, answer.text);
        return ctx.reply(ctx.t('talk-commented', { number }));
      case 'reply':
        return ctx.reply(await reply(ctx, number, answer.text));
      case 'decline':
        return ctx.reply(await decline(ctx, number, answer.text));
      case 'rate-comment': {
        const { round, stars, outcome } = step;
        return ctx.reply(await rate(ctx, { number, round, stars, outcome, comment: answer.text }));
      }
      case 'assign':
        return next();
    }
  });

/** /cancel drops a talk draft or a pending question; otherwise onboarding's /cancel answers. */
export const talkCancelFeature = new Composer<BotContext>();
talkCancelFeature
  .chatType('private')
  .filter(isActive)
  .command('cancel', async (ctx, next) => {
    const owner = stepOwner(ctx);
    const dropped = [
      await ctx.write((tx) => clearDraft(tx, 'speak', ctx.chat.id)),
      owner ? await ctx.write((tx) => endStep(tx, owner)) : false,
    ];
    if (!dropped.includes(true)) return next();
    return ctx.reply(ctx.t('talk-draft-cancelled'));
  });
