import { DateTime } from 'luxon';
import { DomainError } from '../errors.ts';

/** What /top ranks by: points earned this calendar week, this calendar month, or ever. */
export type PointsPeriod = 'week' | 'month' | 'all';

const PERIOD_WORDS: Record<string, PointsPeriod> = {
  '': 'all',
  all: 'all',
  全部: 'all',
  总: 'all',
  总榜: 'all',
  累计: 'all',
  week: 'week',
  周: 'week',
  本周: 'week',
  周榜: 'week',
  month: 'month',
  月: 'month',
  本月: 'month',
  月榜: 'month',
};

/** The argument of /top, in either language; anything else is answered with the usage. */
export function parsePointsPeriod(text: string): PointsPeriod {
  const period = PERIOD_WORDS[text.trim().toLowerCase()];
  if (!period) throw new DomainError('points-top-usage');
  return period;
}

/**
 * When the period began, in the village's time zone: Monday 00:00 of this week, the 1st of this
 * month at 00:00; nothing for all time. Calendar periods, not "the last 7 days", because that is how
 * the village speaks of a week and how the Monday stars will count one.
 */
export function periodStart(period: PointsPeriod, now: Date, timezone: string): Date | undefined {
  if (period === 'all') return undefined;
  const zoned = DateTime.fromJSDate(now, { zone: timezone });
  const local = zoned.isValid ? zoned : DateTime.fromJSDate(now, { zone: 'Asia/Shanghai' });
  return local.startOf(period === 'week' ? 'week' : 'month').toJSDate();
}

/** A ledger entry's day as villagers read it: "11-28" this year, "2025-11-28" before. */
export function formatEntryDate(at: Date, timezone: string, now: Date): string {
  const zone = DateTime.local().setZone(timezone).isValid ? timezone : 'Asia/Shanghai';
  const day = DateTime.fromJSDate(at, { zone });
  return day.toFormat(day.year === DateTime.fromJSDate(now, { zone }).year ? 'MM-dd' : 'yyyy-MM-dd');
}
