import type { Locale } from '../config.ts';

/**
 * The language to speak to a user in: their /lang choice, else their Telegram language
 * when we have it, else the deployment's default. Chinese variants all map to zh-CN.
 */
export function resolveLocale(
  user: { locale?: string | null; languageCode?: string | null } | null | undefined,
  defaultLocale: Locale,
): Locale {
  const chosen = normalizeLocale(user?.locale);
  if (chosen) return chosen;
  return normalizeLocale(user?.languageCode) ?? defaultLocale;
}

export function normalizeLocale(code: string | null | undefined): Locale | undefined {
  if (!code) return undefined;
  const lower = code.toLowerCase();
  if (lower === 'zh' || lower.startsWith('zh-') || lower.startsWith('zh_')) return 'zh-CN';
  if (lower === 'en' || lower.startsWith('en-') || lower.startsWith('en_')) return 'en';
  return undefined;
}
