import type { BotContext } from './context.ts';

/** The link a newcomer opens: Telegram starts the bot with `join_<code>`, which onboarding reads. */
export function inviteLink(ctx: BotContext, code: string): string {
  return `https://t.me/${ctx.me.username}?start=join_${code}`;
}
