import { describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { DomainErrorCode } from '../../core/errors.ts';

/** Every refusal and message of the points shop renders in both languages, with the params it is given. */
const ITEM = { number: 2, name: '菜籽油', price: 50, stock: 4 };
const CODE = { name: '菜籽油', price: 50, code: 'ABCDEFGH23456789', until: '12-02 12:00' };
const MEMBER = { member: '谢启富', number: 3, household: '谢启富家' };
const REFUSALS: Partial<Record<DomainErrorCode, Record<string, string | number>>> = {
  'shop-usage': {},
  'shop-price-invalid': { max: 100_000 },
  'shop-stock-invalid': { max: 1_000_000 },
  'shop-name-invalid': { max: 40 },
  'shop-item-not-found': { number: 9 },
  'shop-out-of-stock': { number: 2, name: '菜籽油' },
  'shop-insufficient-points': { name: '菜籽油', price: 50, available: 20 },
  'shop-code-unknown': {},
  'shop-already-handed-over': {},
  'shop-reservation-expired': {},
  'shop-reservation-cancelled': {},
  'shop-not-yours': {},
  'shop-not-shopkeeper': {},
};
const MESSAGES: Record<string, Record<string, string | number>> = {
  'shop-title': { village: '友谊村', available: 70 },
  'shop-empty': {},
  'shop-item-line': ITEM,
  'shop-button-redeem': ITEM,
  'shop-added': { line: '2. 菜籽油' },
  'shop-edited': { line: '2. 菜籽油' },
  'shop-removed': { number: 2, name: '菜籽油' },
  'shop-reserved-short': { name: '菜籽油' },
  'shop-reserved': CODE,
  'shop-button-link': {},
  'shop-redeem-usage': {},
  'shop-code-for': { ...CODE, ...MEMBER },
  'shop-code-valid': { ...CODE, ...MEMBER },
  'shop-button-fulfil': {},
  'shop-fulfilled': { name: '菜籽油', price: 50, sequence: 12 },
  'shop-notice-fulfilled': { name: '菜籽油', price: 50, sequence: 12, hash: '1a2b3c4d' },
  'shop-notice-expired': { name: '菜籽油', price: 50 },
  'shop-myorders-title': {},
  'shop-myorders-line': CODE,
  'shop-myorders-empty': {},
  'shop-button-cancel': { name: '菜籽油' },
  'shop-cancelled': { name: '菜籽油', price: 50 },
  'shop-points-reserved': { reserved: 30, available: 70 },
  'shop-qr-caption': CODE,
  'command-shop': {},
  'command-myorders': {},
  'command-redeem': {},
};

describe('points shop texts', () => {
  const i18n = createI18n('zh-CN');
  const keys = [
    ...Object.entries(REFUSALS).map(([code, params]) => [`error-${code}`, params] as const),
    ...Object.entries(MESSAGES),
  ];
  for (const locale of ['zh-CN', 'en'] as const)
    for (const [key, params] of keys)
      it(`${key} in ${locale}`, () => {
        const text = i18n.t(locale, key, params);
        expect(text).not.toBe(key);
        expect(text).not.toMatch(/[{}]|undefined/);
        expect(text.length).toBeGreaterThan(3);
      });

  it('writes the usage out line by line', () => {
    expect(i18n.t('zh-CN', 'error-shop-usage').split('\n')).toHaveLength(5);
    expect(i18n.t('en', 'error-shop-usage')).toContain('/shop edit <n> price=<p> stock=<s> [new name]');
  });
});
