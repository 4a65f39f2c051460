import { describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { DomainErrorCode } from '../../core/errors.ts';

/** Every refusal of the sign-up use cases renders in both languages, each with the params it is thrown with. */
const REFUSALS: Partial<Record<DomainErrorCode, Record<string, string | number>>> = {
  'call-not-found': { callNumber: 12 },
  'call-closed': { callNumber: 12 },
  'shift-not-found': { callNumber: 12, position: 3 },
  'shift-started': { callNumber: 12, position: 3 },
  'shift-overlap': {
    callNumber: 12,
    position: 3,
    place: '东门',
    start: '2026-12-05T01:00:00.000Z',
    end: '2026-12-05T03:00:00.000Z',
  },
  'shift-not-signed-up': { callNumber: 12, position: 3 },
  'shift-cancel-too-late': { callNumber: 12, position: 3, minutes: 60 },
  'shift-check-in-closed': { callNumber: 12, position: 3, minutes: 30 },
  'shift-not-checked-in': { callNumber: 12, position: 3 },
  'shift-already-checked-out': { callNumber: 12, position: 3 },
  'shift-check-out-closed': { callNumber: 12, position: 3, minutes: 60 },
  'shift-marked-no-show': { callNumber: 12, position: 3 },
  'shift-not-supervisor': { callNumber: 12, position: 3 },
  'shift-score-invalid': { min: 1, max: 5 },
  'shift-not-started': { callNumber: 12, position: 3 },
  'shift-scoring-closed': { callNumber: 12, position: 3, minutes: 120 },
  'shift-checked-in': { callNumber: 12, position: 3, number: 17 },
  'shift-rating-own': { callNumber: 12, position: 3 },
  'shift-report-self': { callNumber: 12, position: 3 },
  'shift-report-invalid': { field: 'reason', max: 200 },
  'shift-report-not-found': { id: 8 },
  'shift-report-decided': { id: 8 },
};

describe('volunteer refusals', () => {
  const i18n = createI18n('zh-CN');
  for (const locale of ['zh-CN', 'en'] as const)
    for (const [code, params] of Object.entries(REFUSALS))
      it(`error-${code} in ${locale}`, () => {
        const text = i18n.t(locale, `error-${code}`, params);
        expect(text).not.toBe(`error-${code}`);
        expect(text).not.toMatch(/[{}]|undefined/);
        expect(text.length).toBeGreaterThan(5);
      });

  it('names what is wrong with a report: its reason or its deduction', () => {
    expect(i18n.t('zh-CN', 'error-shift-report-invalid', { field: 'deduction', max: 100 })).toContain('扣分');
    expect(i18n.t('zh-CN', 'error-shift-report-invalid', { field: 'reason', max: 200 })).toContain(
      '200 个字',
    );
    expect(i18n.t('en', 'error-shift-report-invalid', { field: 'deduction', max: 100 })).toContain(
      '100 points',
    );
  });
});
