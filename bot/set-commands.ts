import { Api } from 'grammy';
import { LOCALES, type Locale } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';
import { can } from '../core/roles/permissions.ts';
import { botApiClientOptions } from './api/bot-api-client.ts';
import { DECORATION_TIMEOUT_SECONDS } from './api/telegram-timeouts.ts';
import { COMMANDS } from './commands.ts';
import type { createI18n } from './i18n.ts';

type Signal = Parameters<Api['setMyCommands']>[2];

/** The menu lists what every villager may use; a cadre's or secretary's extra commands are in their /help. */
export const MENU_COMMANDS = COMMANDS.filter(
  (command) => !command.action || can(['VILLAGER'], command.action),
);

/**
 * Telegram shows the command menu in the user's app language: one list per language,
 * plus the default language's list for everyone else.
 */
export async function setCommandMenus(
  api: Api,
  i18n: ReturnType<typeof createI18n>,
  defaultLocale: Locale,
  signal?: Signal,
) {
  const menu = (locale: Locale) =>
    MENU_COMMANDS.map((command) => ({
      command: command.name,
      description: i18n.t(locale, `command-${command.name}`),
    }));
  for (const locale of LOCALES) {
    await api.setMyCommands(menu(locale), { language_code: locale === 'zh-CN' ? 'zh' : locale }, signal);
  }
  await api.setMyCommands(menu(defaultLocale), {}, signal);
}

export interface DecorateBotOptions {
  token: string;
  apiRoot: string;
  i18n: ReturnType<typeof createI18n>;
  defaultLocale: Locale;
  logger: Logger;
  /** Aborted at shutdown: a decoration still under way is dropped. */
  signal?: AbortSignal;
}

/**
 * What Telegram shows around the bot (command menus; descriptions would join them here). The bot
 * works without any of it, so start-up does not wait for it: each part gets one short try on an Api
 * of its own, without auto-retry (whose waits on a 5xx add up to minutes), and a part that fails is
 * one warning. Never rejects.
 */
export async function decorateBot(options: DecorateBotOptions): Promise<void> {
  const { i18n, defaultLocale, logger } = options;
  const api = new Api(
    options.token,
    botApiClientOptions({ apiRoot: options.apiRoot, timeoutSeconds: DECORATION_TIMEOUT_SECONDS }),
  );
  const signal = options.signal as Signal;
  const parts: Array<[name: string, run: () => Promise<unknown>]> = [
    ['command menus', () => setCommandMenus(api, i18n, defaultLocale, signal)],
  ];
  for (const [name, run] of parts) {
    try {
      await run();
    } catch (error) {
      if (options.signal?.aborted) return;
      logger.warn(
        { err: error, method: failedMethodOf(error), decoration: name },
        `could not set the bot's ${name}; the bot runs without them`,
      );
    }
  }
}

/** GrammyError names the method; HttpError only says it in its message. */
function failedMethodOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { method, message } = error as { method?: unknown; message?: unknown };
  if (typeof method === 'string') return method;
  return typeof message === 'string' ? /'(\w+)'/.exec(message)?.[1] : undefined;
}
