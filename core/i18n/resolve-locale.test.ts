import { describe, expect, it } from 'vitest';
import { resolveLocale } from './resolve-locale.ts';

describe('resolveLocale', () => {
  it('prefers the /lang choice over Telegram language', () => {
    expect(resolveLocale({ locale: 'en', languageCode: 'zh-hans' }, 'zh-CN')).toBe('en');
  });
  it('maps Telegram language codes', () => {
    expect(resolveLocale({ languageCode: 'zh-hans' }, 'en')).toBe('zh-CN');
    expect(resolveLocale({ languageCode: 'en' }, 'zh-CN')).toBe('en');
  });
  it('falls back to the default for unknown or missing languages', () => {
    expect(resolveLocale({ languageCode: 'fr' }, 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale(undefined, 'en')).toBe('en');
  });
});
