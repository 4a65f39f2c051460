import type { BotError } from 'grammy';
import { isTransientDatabaseError } from '../../core/db/transient-errors.ts';
import { isDomainError } from '../../core/errors.ts';
import { summarizeUpdate } from '../../core/logger.ts';
import type { BotContext } from '../context.ts';
import { replyDomainError } from '../reply-error.ts';
import { ChatLeaseLost, UpdateAlreadyHandled } from '../update-flow/unit-of-work.ts';
import { scopeOf } from '../update-flow/update-scope.ts';

/**
 * Everything a feature throws ends here. A refusal (DomainError) is explained; a transient failure
 * (a dropped connection, a deadlock) goes back to the dispatcher, which rolls back and tries the
 * update again while its chat waits; anything else is logged with the update's id, kind and chat,
 * and the user hears "nothing was saved" (in private; a button gets a short answer, a group nothing),
 * which is true: the update's transaction is rolled back, and what the handler meant to send before
 * it failed is dropped with it.
 */
export function createErrorHandler() {
  return async (error: BotError<BotContext>) => {
    const ctx = error.ctx;
    const scope = scopeOf(ctx.update);
    // An earlier run handled this update; this one stops without a word.
    if (error.error instanceof UpdateAlreadyHandled) {
      if (scope) scope.alreadyHandled = true;
      return;
    }
    // A lost connection or a lost race is worth another try, not an apology; a lost chat lease goes
    // back to the dispatcher too, unanswered.
    if (isTransientDatabaseError(error.error) || error.error instanceof ChatLeaseLost) throw error.error;
    if (scope) {
      scope.rollback = true;
      scope.discardSends();
    }
    if (isDomainError(error.error)) {
      await replyDomainError(ctx, error.error);
      return;
    }
    const logger = ctx.logger ?? ctx.deps?.logger;
    // Which update, of what kind, in which chat: never what it says (names, texts, locations).
    logger?.error({ err: error.error, update: summarizeUpdate(ctx.update) }, 'update failed');
    if (!ctx.t) return;
    // A button: the short answer only its presser sees. A group: nothing (the village's group is no
    // place for "something went wrong"; the member can try again). A private chat: the whole line.
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t('error-internal-short') });
    else if (ctx.chat?.type === 'private') await ctx.reply(ctx.t('error-internal'));
  };
}
