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
  const i18n = new I18n<BotContext>({
    defaultLocale,
    directory: LOCALES_DIR,
    useSession: false,
    // Without this Fluent wraps every variable in U+2068/U+2069, which shows up in Telegram clients.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: (ctx) => ctx.locale ?? defaultLocale,
  });
  rememberBundleMatches(i18n);
  return i18n;
}

/** More distinct locale lists than this are matched afresh each time (ours are the supported locales). */
const REMEMBERED_MATCHES = 16;

/**
 * The plugin's Fluent negotiates which bundles serve a locale (@fluent/langneg) for every message it
 * formats: about 2% of the bot's CPU per update (`npm run bench`, a CPU profile). The bundles are all
 * loaded in the constructor, so a locale's answer never changes: it is kept. `matchBundles` is private
 * in the plugin's types, hence the cast; its result is only read.
 */
function rememberBundleMatches(i18n: I18n<BotContext>): void {
  const fluent = i18n.fluent as unknown as { matchBundles(locales: string[]): Set<unknown> };
  const match = fluent.matchBundles.bind(fluent);
  const matched = new Map<string, Set<unknown>>();
  fluent.matchBundles = (locales) => {
    const key = locales.join('\n');
    let bundles = matched.get(key);
    if (bundles === undefined) {
      bundles = match(locales);
      if (matched.size < REMEMBERED_MATCHES) matched.set(key, bundles);
    }
    return bundles;
  };
}
