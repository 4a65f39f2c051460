import { DateTime } from 'luxon';

/**
 * A due date as a secretary types it, read in the village's time zone: "3" or "3d" (days from
 * now, due at the end of that day), "12-01" or "2026-12-01" (end of that day). Undefined when
 * it cannot be read or is not in the future.
 */
export function parseDueDate(text: string, timezone: string, now: Date = new Date()): Date | undefined {
  const today = DateTime.fromJSDate(now, { zone: timezone });
  const input = text.trim().toLowerCase();
  let day: DateTime | undefined;
  const days = /^\+?(\d{1,3})\s*(d|天)?$/.exec(input);
  if (days) day = today.plus({ days: Number(days[1]) });
  const full = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(input);
  if (full) {
    const [, year, month, date] = full.map(Number);
    day = DateTime.fromObject({ year, month, day: date }, { zone: timezone });
  }
  const short = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(input);
  if (short) {
    day = DateTime.fromObject(
      { year: today.year, month: Number(short[1]), day: Number(short[2]) },
      { zone: timezone },
    );
    if (day.isValid && day.endOf('day') < today) day = day.plus({ years: 1 });
  }
  if (!day?.isValid) return undefined;
  const due = day.endOf('day');
  return due > today ? due.toJSDate() : undefined;
}
