import type { NextFunction } from 'grammy';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import { findMembership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import type { BotContext } from '../context.ts';

/** Who is speaking, in which language, and as which member. Runs before every feature. */
export async function loadMember(ctx: BotContext, next: NextFunction) {
  ctx.locale = ctx.deps.config.DEFAULT_LOCALE;
  ctx.membership = undefined;
  const from = ctx.from;
  if (from && !from.is_bot) {
    const user = await syncUser(ctx.db, from);
    ctx.locale = resolveLocale(user, ctx.deps.config.DEFAULT_LOCALE);
    ctx.membership = await findMembership(ctx.db, user.id);
  }
  await ctx.i18n.renegotiateLocale();
  await next();
}
