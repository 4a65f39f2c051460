import { DomainError } from '../../../core/errors.ts';
import type { Membership } from '../../../core/members/membership.ts';
import {
  askStep,
  type DialogStep,
  judgeStep,
  loadStepItem,
  type NewStep,
  STEP_TTL_MINUTES,
  type StepOwner,
} from '../../../core/talk/dialog-step.ts';
import { listCadres } from '../../../core/talk/list-cadres.ts';
import { ratingRefusal } from '../../../core/talk/rate-item.ts';
import type { BotContext } from '../../context.ts';
import { cadreKeyboard, dueKeyboard, skipCommentKeyboard } from '../../keyboards/talk.ts';
import { readerTranslate, stepOwner } from './shared.ts';

/**
 * Asking a dialog step's question, and asking it again. The step is saved in the update's write, so
 * it exists exactly when the question was sent. `chatId`: where to ask (the 💬 button in a group asks
 * in the member's private chat).
 */
export async function ask(ctx: BotContext, step: NewStep, chatId?: number): Promise<void> {
  const owner = stepOwner(ctx);
  if (!owner) return;
  // A question that would be moot at once is not asked: the refusal says why (and nothing is written).
  const item = await loadStepItem(ctx.db, owner.villageId, step.number);
  const verdict = judgeStep({ ...step, askedAt: new Date().toISOString() } as DialogStep, item, new Date());
  if (verdict.state !== 'live') {
    if (!item) throw new DomainError('talk-not-found', { number: step.number });
    if (item.hidden) throw new DomainError('talk-hidden', { number: step.number });
    if (step.kind === 'rate-comment')
      throw ratingRefusal({ ...item, number: step.number }, step.round, false);
    throw new DomainError('talk-illegal-transition', { number: step.number, status: item.status });
  }
  if (step.kind === 'assign' && step.cadreNumber === null) {
    const cadres = await listCadres(ctx.db, owner.villageId);
    if (cadres.length === 0) {
      await ctx.reply(ctx.t('talk-assign-no-cadres'));
      return;
    }
  }
  await ctx.write((tx) => askStep(tx, owner, step));
  await sendPrompt(ctx, owner, step, chatId);
}

/** A wrong answer: why, then the same question again (the step stays as it was). */
export async function askAgain(ctx: BotContext, step: DialogStep, reason: string): Promise<void> {
  await ctx.reply(reason);
  const owner = stepOwner(ctx);
  if (owner) await sendPrompt(ctx, owner, step);
}

async function sendPrompt(ctx: BotContext, owner: StepOwner, step: NewStep, chatId?: number): Promise<void> {
  const to = chatId ?? ctx.chat?.id;
  if (to === undefined) return;
  const t = readerTranslate(ctx);
  const { number } = step;
  const minutes = STEP_TTL_MINUTES;
  const { villageId } = owner;
  switch (step.kind) {
    case 'assign': {
      const cadres = await listCadres(ctx.db, villageId);
      if (step.cadreNumber === null) {
        await ctx.api.sendMessage(to, ctx.t('talk-ask-assign', { number, minutes }), {
          reply_markup: cadreKeyboard(number, cadres, villageId),
        });
        return;
      }
      const cadre = cadres.find((c) => c.number === step.cadreNumber);
      await ctx.api.sendMessage(
        to,
        ctx.t('talk-ask-due', {
          number,
          cadre: step.cadreNumber,
          name: cadre?.name ?? `#${step.cadreNumber}`,
        }),
        { reply_markup: dueKeyboard(t, number, step.cadreNumber, villageId) },
      );
      return;
    }
    case 'rate-comment':
      await ctx.api.sendMessage(to, ctx.t('talk-rate-ask-comment', { minutes }), {
        reply_markup: skipCommentKeyboard(t, step, villageId),
      });
      return;
    default:
      await ctx.api.sendMessage(to, ctx.t(`talk-ask-${step.kind}`, { number, minutes }));
  }
}

/** Whether cadre `number` can take a task in the actor's village (read before anything is written). */
export async function findCadre(ctx: BotContext, membership: Membership, number: number) {
  return (await listCadres(ctx.db, membership.villageId)).find((c) => c.number === number);
}
