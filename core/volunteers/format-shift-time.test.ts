import { describe, expect, it } from 'vitest';
import { formatCallTime, formatShiftTime } from './call-card.ts';

const utc = (iso: string) => new Date(`${iso}Z`);

describe('shift and call times in the village’s zone', () => {
  it('gives the day once for a shift within one day, twice over midnight', () => {
    expect(formatShiftTime(utc('2026-12-02T00:00:00'), utc('2026-12-02T04:00:00'), 'Asia/Shanghai')).toBe(
      '12-02 08:00–12:00',
    );
    expect(formatShiftTime(utc('2026-12-02T14:00:00'), utc('2026-12-02T18:00:00'), 'Asia/Shanghai')).toBe(
      '12-02 22:00–12-03 02:00',
    );
  });

  it('uses the village’s own zone, and China’s when the stored one is unknown', () => {
    expect(formatShiftTime(utc('2026-12-02T14:00:00'), utc('2026-12-02T16:00:00'), 'America/New_York')).toBe(
      '12-02 09:00–11:00',
    );
    expect(formatShiftTime(utc('2026-12-02T00:00:00'), utc('2026-12-02T02:00:00'), 'Mars/Olympus')).toBe(
      '12-02 08:00–10:00',
    );
    expect(formatCallTime(utc('2026-12-02T23:30:00'), 'Asia/Shanghai')).toBe('12-03 07:30');
    expect(formatCallTime(utc('2026-12-02T23:30:00'), 'Mars/Olympus')).toBe('12-03 07:30');
  });
});
