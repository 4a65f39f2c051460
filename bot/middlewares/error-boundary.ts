import type { BotError } from 'grammy';
import { isTransientDatabaseError } from '../../core/db/transient-errors.ts';
import { isDomainError } from '../../core/errors.ts';
import { summarizeUpdate } from '../../core/logger.ts';
import type { BotContext } from '../context.ts';
import { replyDomainError } from '../reply-error.ts';
import { UpdateAlreadyHandled } from '../update-flow/lazy-unit-of-work.ts';
import type { UpdateScopes } from '../update-flow/update-scope.ts';

/**
 * Everything a feature throws ends here. A refusal (DomainError) is explained; a transient database
 * failure is passed on for the dispatcher to retry; anything else is logged with the update's id,
 * kind and chat, and the user hears "nothing was saved" — which is true, because the update's
 * transaction is rolled back.
 */
export function createErrorHandler(scopes: UpdateScopes) {
  return async (error: BotError<BotContext>) => {
    const ctx = error.ctx;
    const scope = scopes.get(ctx.update.update_id);
    if (scope) scope.rollback = true;
    // An earlier run handled this update; this one stops without a word.
    if (error.error instanceof UpdateAlreadyHandled) return;
    if (isDomainError(error.error)) {
      await replyDomainError(ctx, error.error);
      return;
    }
    // A lost connection or a lost race is worth another try, not an apology: the dispatcher rolls
    // the update back and runs it again.
    if (isTransientDatabaseError(error.error)) throw error.error;
    const logger = ctx.logger ?? ctx.deps?.logger;
    // Which update, of what kind, in which chat: never what it says (names, texts, locations).
    logger?.error({ err: error.error, update: summarizeUpdate(ctx.update) }, 'update failed');
    if (ctx.chat && ctx.t) await ctx.reply(ctx.t('error-internal'));
  };
}
