import { describe, expect, it } from 'vitest';
import { formatEntryDate, parsePointsPeriod, periodStart } from './points-period.ts';

describe('parsePointsPeriod', () => {
  it('reads the period in either language, all time by default', () => {
    expect(['', 'all', 'ALL', '全部', '总榜'].map(parsePointsPeriod)).toEqual([
      'all',
      'all',
      'all',
      'all',
      'all',
    ]);
    expect(['week', ' Week ', '周', '本周'].map(parsePointsPeriod)).toEqual(['week', 'week', 'week', 'week']);
    expect(['month', '月', '本月'].map(parsePointsPeriod)).toEqual(['month', 'month', 'month']);
  });

  it('refuses anything else with the usage', () => {
    for (const text of ['year', '7', 'week month', '今天']) {
      expect(() => parsePointsPeriod(text)).toThrow(expect.objectContaining({ code: 'points-top-usage' }));
    }
  });
});

describe('periodStart', () => {
  it("starts a week on Monday 00:00 in the village's time zone", () => {
    // Sunday 2026-11-29 20:00 UTC is already Monday 11-30 04:00 in Shanghai: that week began 3 hours ago.
    const now = new Date('2026-11-29T20:00:00Z');
    expect(periodStart('week', now, 'Asia/Shanghai')?.toISOString()).toBe('2026-11-29T16:00:00.000Z');
    // In New York it is still Sunday 15:00: the week began on Monday 11-23.
    expect(periodStart('week', now, 'America/New_York')?.toISOString()).toBe('2026-11-23T05:00:00.000Z');
  });

  it("starts a month on the 1st at 00:00 in the village's time zone, summer time included", () => {
    const now = new Date('2026-10-31T23:30:00Z'); // Shanghai: 11-01 07:30; New York: 10-31 19:30 (EDT)
    expect(periodStart('month', now, 'Asia/Shanghai')?.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(periodStart('month', now, 'America/New_York')?.toISOString()).toBe('2026-10-01T04:00:00.000Z');
  });

  it('has no start for all time, and reads an unknown time zone as China time', () => {
    expect(periodStart('all', new Date(), 'Asia/Shanghai')).toBeUndefined();
    expect(periodStart('week', new Date('2026-11-29T20:00:00Z'), 'Mars/Olympus')?.toISOString()).toBe(
      '2026-11-29T16:00:00.000Z',
    );
  });
});

describe('formatEntryDate', () => {
  const now = new Date('2026-11-30T04:00:00Z');
  it("shows the village's day, with the year only for an earlier year", () => {
    expect(formatEntryDate(new Date('2026-11-27T17:00:00Z'), 'Asia/Shanghai', now)).toBe('11-28');
    expect(formatEntryDate(new Date('2026-11-27T17:00:00Z'), 'Europe/London', now)).toBe('11-27');
    expect(formatEntryDate(new Date('2025-12-31T17:00:00Z'), 'Asia/Shanghai', now)).toBe('01-01');
    expect(formatEntryDate(new Date('2025-12-31T15:00:00Z'), 'Asia/Shanghai', now)).toBe('2025-12-31');
  });
});
