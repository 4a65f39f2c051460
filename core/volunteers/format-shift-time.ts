import { DateTime } from 'luxon';

/**
 * A shift's time as villagers read it, in the village's time zone: "12-01 18:00–22:00", and a night
 * shift "12-01 22:00–12-02 06:00". Digits only, so both locales use it as it is.
 */
export function formatShiftTime(startsAt: Date, endsAt: Date, timezone: string): string {
  const zone = DateTime.local().setZone(timezone).isValid ? timezone : 'Asia/Shanghai';
  const start = DateTime.fromJSDate(startsAt, { zone });
  const end = DateTime.fromJSDate(endsAt, { zone });
  const endFormat = start.hasSame(end, 'day') ? 'HH:mm' : 'MM-dd HH:mm';
  return `${start.toFormat('MM-dd HH:mm')}–${end.toFormat(endFormat)}`;
}
