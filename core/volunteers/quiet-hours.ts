import { DateTime } from 'luxon';

/** A village's quiet hours: minutes after local midnight (both null: none), in its time zone. */
export interface QuietHours {
  timezone: string;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
}

/**
 * Pure: when the quiet hours that `now` falls in end, or null when `now` is outside them (or the
 * village has none). Start inclusive, end exclusive; a range whose start is after its end runs over
 * midnight (22:00–07:00). The end is a wall-clock time in the village's zone, so a DST change in
 * between moves the instant, not the hour villagers see.
 */
export function quietHoursEndAt(now: Date, village: QuietHours): Date | null {
  const { quietHoursStart: start, quietHoursEnd: end } = village;
  if (start === null || end === null || start === end) return null;
  let local = DateTime.fromJSDate(now, { zone: village.timezone });
  if (!local.isValid) local = DateTime.fromJSDate(now, { zone: 'Asia/Shanghai' });
  const minute = local.hour * 60 + local.minute;
  const overMidnight = start > end;
  const inside = overMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!inside) return null;
  // Over midnight and past the start: the end is tomorrow; otherwise today.
  const day = overMidnight && minute >= start ? local.plus({ days: 1 }) : local;
  return day.set({ hour: Math.floor(end / 60), minute: end % 60, second: 0, millisecond: 0 }).toJSDate();
}

/** When a call's invites go out: an urgent call at once, any other at the end of the quiet hours it falls in. */
export function fanoutTime(now: Date, village: QuietHours, urgent: boolean): Date {
  if (urgent) return now;
  return quietHoursEndAt(now, village) ?? now;
}
