import { describe, expect, it } from 'vitest';
import { formatDue } from './format-due.ts';
import { parseDueDate } from './parse-due-date.ts';

describe('formatDue', () => {
  it("shows an end-of-day due date as the village's calendar day", () => {
    const now = new Date('2026-11-30T20:00:00Z'); // already 12-01 04:00 in Shanghai
    const due = parseDueDate('3', 'Asia/Shanghai', now);
    expect(due).toBeDefined();
    expect(formatDue(due as Date, 'Asia/Shanghai')).toBe('2026-12-04');
    // The same instant is still 12-04 15:59 in London: a time is shown, not a wrong day.
    expect(formatDue(due as Date, 'Europe/London')).toBe('2026-12-04 15:59');
  });

  it('shows the time when the task is due during the day, in the village time zone', () => {
    expect(formatDue(new Date('2026-12-01T10:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01 18:30');
    expect(formatDue(new Date('2026-12-01T10:30:00Z'), 'America/New_York')).toBe('2026-12-01 05:30');
  });

  it('falls back to China time for a time zone luxon does not know', () => {
    expect(formatDue(new Date('2026-12-01T10:30:00Z'), 'Mars/Olympus')).toBe('2026-12-01 18:30');
  });
});
