import { describe, expect, it } from 'vitest';
import { parseDueDate } from './parse-due-date.ts';

// 2026-11-25 10:00 in Shanghai.
const now = new Date('2026-11-25T02:00:00Z');

describe('parseDueDate', () => {
  it('reads days from now as the end of that day in the village', () => {
    expect(parseDueDate('3', 'Asia/Shanghai', now)?.toISOString()).toBe('2026-11-28T15:59:59.999Z');
    expect(parseDueDate('3天', 'Asia/Shanghai', now)?.toISOString()).toBe('2026-11-28T15:59:59.999Z');
  });
  it('reads dates, rolling a past month-day into next year', () => {
    expect(parseDueDate('2026-12-01', 'Asia/Shanghai', now)?.toISOString()).toBe('2026-12-01T15:59:59.999Z');
    expect(parseDueDate('12月1日', 'Asia/Shanghai', now)?.toISOString()).toBe('2026-12-01T15:59:59.999Z');
    expect(parseDueDate('1-5', 'Asia/Shanghai', now)?.toISOString()).toBe('2027-01-05T15:59:59.999Z');
  });
  it('refuses nonsense and the past', () => {
    expect(parseDueDate('soon', 'Asia/Shanghai', now)).toBeUndefined();
    expect(parseDueDate('2026-02-30', 'Asia/Shanghai', now)).toBeUndefined();
    expect(parseDueDate('2025-01-01', 'Asia/Shanghai', now)).toBeUndefined();
  });
});
