import type { DomainError } from '../core/errors.ts';
import type { BotContext } from './context.ts';

/** Every DomainError code has a locale key `error-<code>`. */
export async function replyDomainError(ctx: BotContext, error: DomainError): Promise<void> {
  const text = ctx.t(`error-${error.code}`, error.params);
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery({ text, show_alert: true });
    return;
  }
  if (ctx.chat) await ctx.reply(text);
}
