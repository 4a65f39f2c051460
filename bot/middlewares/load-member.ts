import type { NextFunction } from 'grammy';
import { resolveLocale } from '../../core/i18n/resolve-locale.ts';
import { loadSender } from '../../core/members/load-sender.ts';
import { villageOfCallbackData } from '../callback-data/codec.ts';
import type { BotContext } from '../context.ts';

/**
 * Who is speaking, in which language, and as which member: of the village the update acts in (its
 * button's, its group's), else of their current village. Runs before every feature.
 */
export async function loadMember(ctx: BotContext, next: NextFunction) {
  ctx.locale = ctx.deps.config.DEFAULT_LOCALE;
  ctx.membership = undefined;
  const from = ctx.from;
  if (from && !from.is_bot) {
    // The sender is read before anything is written, so the pool's plain SQL sees what the update would.
    const { user, membership } = await loadSender(ctx.db, from, {
      sql: ctx.deps.sql,
      write: ctx.write,
      // Someone who has only ever spoken in a group is no user of the bot: no row for them.
      create: ctx.chat?.type === 'private' || ctx.chat === undefined,
      // A button acts in the village it was shown for, a group's update in the group's village.
      villageId: villageOfCallbackData(ctx.callbackQuery?.data) ?? ctx.groupVillageId,
    });
    if (user) ctx.locale = resolveLocale(user, ctx.deps.config.DEFAULT_LOCALE);
    ctx.membership = membership;
  }
  await ctx.i18n.renegotiateLocale();
  await next();
}
