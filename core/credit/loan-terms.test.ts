import { describe, expect, it } from 'vitest';
import {
  formatPercentagePoints,
  GUANGHAN_LOAN_TABLE,
  loanDiscountHundredths,
  rankCreditLine,
} from './loan-terms.ts';

describe('loanDiscountHundredths', () => {
  it("reproduces Guanghan's figure: 583 household points lower the rate by 0.58 percentage points", () => {
    expect(formatPercentagePoints(loanDiscountHundredths(583, GUANGHAN_LOAN_TABLE))).toBe('0.58');
  });

  it('is proportional, rounded to hundredths, not stepped', () => {
    const off = (points: number) => loanDiscountHundredths(points, GUANGHAN_LOAN_TABLE);
    expect([0, -20, 4, 5, 100, 483, 999].map(off)).toEqual([0, 0, 0, 1, 10, 48, 100]);
  });

  it('stops at the cap, which the village may set', () => {
    expect(loanDiscountHundredths(1_500, GUANGHAN_LOAN_TABLE)).toBe(100);
    expect(loanDiscountHundredths(1_500, { ...GUANGHAN_LOAN_TABLE, capHundredths: 150 })).toBe(150);
    expect(loanDiscountHundredths(583, { ...GUANGHAN_LOAN_TABLE, capHundredths: 50 })).toBe(50);
    expect(loanDiscountHundredths(583, { ...GUANGHAN_LOAN_TABLE, stepPoints: 50, stepHundredths: 5 })).toBe(
      58,
    );
  });
});

describe('rankCreditLine', () => {
  const households = (totals: number[]) => totals.map((total, index) => ({ householdId: index + 1, total }));
  const eligible = (totals: number[], top = 20) =>
    rankCreditLine(households(totals), top)
      .filter((h) => h.isEligible)
      .map((h) => h.householdId);

  it('names the top 20% of ten households: two', () => {
    expect(eligible([50, 583, 10, 483, 300, 0, 5, 70, 90, 120])).toEqual([2, 4]);
  });

  it('takes in every household tied at the last place', () => {
    expect(eligible([100, 90, 90, 90, 10, 10, 10, 10, 10, 10])).toEqual([1, 2, 3, 4]);
  });

  it('rounds the places up, never names a household without points, and 0% names nobody', () => {
    expect(eligible([30, 20, 10])).toEqual([1]);
    expect(eligible([0, 0, 0])).toEqual([]);
    expect(eligible([30, 20, 10], 0)).toEqual([]);
    expect(eligible([30, 20, 10], 100)).toEqual([1, 2, 3]);
  });
});
