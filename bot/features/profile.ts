import { Composer, InlineKeyboard } from 'grammy';
import { LOCALES } from '../../core/config.ts';
import { normalizeLocale } from '../../core/i18n/resolve-locale.ts';
import { requireAllowed } from '../../core/members/membership.ts';
import { can } from '../../core/roles/permissions.ts';
import { setLocale } from '../../core/users/set-locale.ts';
import { langCallback } from '../callback-data/lang.ts';
import { COMMANDS } from '../commands.ts';
import type { BotContext } from '../context.ts';

/** /me, /help and /lang: who am I, what may I do, which language. */
export const profileFeature = new Composer<BotContext>();
const feature = profileFeature.chatType('private');

feature.command('me', async (ctx) => {
  const me = requireAllowed(ctx.membership, 'profile.view');
  const roles = me.roles.map((role) => ctx.t(`role-${role}`)).join(ctx.t('list-separator'));
  await ctx.reply(
    ctx.t('me-profile', {
      name: me.realName ?? ctx.from?.first_name ?? '',
      village: me.villageName,
      number: me.number,
      household: me.householdName ?? ctx.t('me-no-household'),
      roles,
    }),
  );
});

feature.command('help', async (ctx) => {
  const membership = ctx.membership?.status === 'ACTIVE' ? ctx.membership : undefined;
  const commands = COMMANDS.filter((command) =>
    membership ? !command.action || can(membership.roles, command.action) : command.forNewcomers,
  )
    .map((command) =>
      ctx.t('help-command', { command: command.name, description: ctx.t(`command-${command.name}`) }),
    )
    .join('\n');
  await ctx.reply(
    membership
      ? ctx.t('help-member', { village: membership.villageName, commands })
      : ctx.t('help-newcomer', { commands }),
  );
});

feature.command('lang', async (ctx) => {
  const chosen = normalizeLocale(ctx.match.trim());
  if (chosen) return switchLocale(ctx, chosen);
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(ctx.t(`lang-name-${locale}`), langCallback.pack({ locale }));
  return ctx.reply(ctx.t('lang-choose'), { reply_markup: keyboard });
});

feature.callbackQuery(langCallback.filter, async (ctx) => {
  const { locale } = langCallback.unpack(ctx.callbackQuery.data);
  await switchLocale(ctx, locale);
  await ctx.answerCallbackQuery();
});

async function switchLocale(ctx: BotContext, locale: (typeof LOCALES)[number]) {
  if (!ctx.from) return;
  const userId = BigInt(ctx.from.id);
  await ctx.write((tx) => setLocale(tx, userId, locale));
  ctx.locale = locale;
  await ctx.i18n.renegotiateLocale();
  await ctx.reply(ctx.t('lang-switched'));
}
