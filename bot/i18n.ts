import { join } from 'node:path';
import { I18n } from '@grammyjs/i18n';
import type { Locale } from '../core/config.ts';
import { PROJECT_ROOT } from '../core/project-root.ts';
import type { BotContext } from './context.ts';

const LOCALES_DIR = join(PROJECT_ROOT, 'locales');

/**
 * One Fluent bundle set for the bot and the worker. The bot's locale negotiation is in
 * middlewares/load-user.ts (it needs the user's stored /lang choice), so the plugin's own is bypassed.
 */
export function createI18n(defaultLocale: Locale): I18n<BotContext> {
  return new I18n<BotContext>({
    defaultLocale,
    directory: LOCALES_DIR,
    useSession: false,
    // Without this Fluent wraps every variable in U+2068/U+2069, which shows up in Telegram clients.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.locale ?? defaultLocale,
  });
}
