import type { Api } from 'grammy';
import { LOCALES, type Locale } from '../core/config.ts';
import { can } from '../core/roles/permissions.ts';
import { COMMANDS } from './commands.ts';
import type { createI18n } from './i18n.ts';

/** The menu lists what every villager may use; a cadre's or secretary's extra commands are in their /help. */
export const MENU_COMMANDS = COMMANDS.filter(
  (command) => !command.action || can(['VILLAGER'], command.action),
);

/**
 * Telegram shows the command menu in the user's app language: one list per language,
 * plus the default language's list for everyone else.
 */
export async function setCommandMenus(api: Api, i18n: ReturnType<typeof createI18n>, defaultLocale: Locale) {
  const menu = (locale: Locale) =>
    MENU_COMMANDS.map((command) => ({
      command: command.name,
      description: i18n.t(locale, `command-${command.name}`),
    }));
  for (const locale of LOCALES) {
    await api.setMyCommands(menu(locale), { language_code: locale === 'zh-CN' ? 'zh' : locale });
  }
  await api.setMyCommands(menu(defaultLocale));
}
