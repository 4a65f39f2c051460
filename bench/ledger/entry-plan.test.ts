import { describe, expect, it } from 'vitest';
import { BENCH_RULES, entryTime, perSecond, plannedEntry, utcTimestampLiteral } from './entry-plan.ts';

describe('plannedEntry', () => {
  it('gives each of 20,000 members exactly one of 20,000 consecutive entries', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) seen.add(plannedEntry(i, 20_000).memberIndex);
    expect(seen.size).toBe(20_000);
  });

  it('cycles through the rules and stays inside a small village', () => {
    expect(plannedEntry(0, 3)).toMatchObject({ amount: BENCH_RULES[0].amount, ruleCode: 'HELP' });
    expect(plannedEntry(BENCH_RULES.length, 3).amount).toBe(BENCH_RULES[0].amount);
    for (let i = 0; i < 50; i++) expect(plannedEntry(i, 3).memberIndex).toBeLessThan(3);
  });

  it('still covers every member when the count is a multiple of the stride', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 7_919; i++) seen.add(plannedEntry(i, 7_919).memberIndex);
    expect(seen.size).toBe(7_919);
  });
});

describe('entryTime', () => {
  const from = new Date('2026-01-01T00:00:00.000Z');
  const to = new Date('2026-01-05T00:00:00.000Z');

  it('spreads entries evenly from `from` towards `to`, in whole milliseconds', () => {
    expect(entryTime(0, 4, from, to)).toEqual(from);
    expect(entryTime(2, 4, from, to).toISOString()).toBe('2026-01-03T00:00:00.000Z');
    const odd = entryTime(1, 3, from, to).getTime();
    expect(Number.isInteger(odd)).toBe(true);
    expect(odd).toBeLessThan(to.getTime());
  });
});

describe('utcTimestampLiteral', () => {
  it('writes the UTC wall time with milliseconds and no zone', () => {
    expect(utcTimestampLiteral(new Date('2026-11-30T19:45:01.007Z'))).toBe('2026-11-30 19:45:01.007');
  });
});

describe('perSecond', () => {
  it('is items over seconds, NaN for no time', () => {
    expect(perSecond(1_000, 500)).toBe(2_000);
    expect(perSecond(5, 0)).toBeNaN();
  });
});
