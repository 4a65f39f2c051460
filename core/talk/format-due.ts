import { DateTime } from 'luxon';

/**
 * A due date as villagers read it, in the village's time zone: "2026-12-01" when it is due at the end
 * of that day (how parseDueDate reads "3天" or "12-01"), "2026-12-01 18:00" when a time was set.
 * Numeric and language-neutral, because the same string goes into both locales' messages.
 */
export function formatDue(dueAt: Date, timezone: string): string {
  const local = DateTime.fromJSDate(dueAt, { zone: timezone });
  const zoned = local.isValid ? local : DateTime.fromJSDate(dueAt, { zone: 'Asia/Shanghai' });
  const isEndOfDay = zoned.hour === 23 && zoned.minute === 59;
  return zoned.toFormat(isEndOfDay ? 'yyyy-MM-dd' : 'yyyy-MM-dd HH:mm');
}
