import { DateTime } from 'luxon';
import { DomainError } from '../errors.ts';
import { validateShortText } from '../text/validate-text.ts';
import { CALL_LIMITS, type ShiftDraft } from './volunteer-types.ts';

/**
 * Shifts as a cadre types them, read in the village's time zone. One shift is a place, a day, a time
 * range and how many people, in any order: "东门 今天 18:00-22:00 15", "15 east gate tomorrow 8:00-12:00",
 * "村口 12-05 7:30-9:30 4人". The day is today when left out; an end before the start is the next
 * morning (a night shift). Only the parts are read here; whether the shift is in the future and how
 * long it is are the draft's check (validate-call-draft.ts).
 */

const TIME_RANGE = /^(\d{1,2})[:：.](\d{2})\s*[-–~〜～至到]\s*(\d{1,2})[:：.](\d{2})$/;
const CAPACITY = /^(\d{1,4})\s*(人|名|位|people|persons?)?$/i;
const RELATIVE_DAYS: Record<string, number> = {
  today: 0,
  今天: 0,
  今日: 0,
  tomorrow: 1,
  明天: 1,
  明日: 1,
  后天: 2,
};

/** A time range typed apart ("18:00 - 22:00") becomes one word before reading. */
function words(text: string): string[] {
  return text
    .replace(/(\d)\s*([-–~〜～至到])\s*(\d)/g, '$1$2$3')
    .split(/[\s,，;；]+/)
    .filter((word) => word.length > 0);
}

function readDay(word: string, today: DateTime): DateTime | undefined {
  const relative = RELATIVE_DAYS[word.toLowerCase()];
  if (relative !== undefined) return today.plus({ days: relative }).startOf('day');
  const full = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(word);
  if (full) {
    const day = DateTime.fromObject(
      { year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) },
      { zone: today.zone },
    );
    return day.isValid ? day : undefined;
  }
  const short = /^(\d{1,2})[-/.月](\d{1,2})日?$/.exec(word);
  if (short) {
    let day = DateTime.fromObject(
      { year: today.year, month: Number(short[1]), day: Number(short[2]) },
      { zone: today.zone },
    );
    if (!day.isValid) return undefined;
    // "01-03" typed in December is next January.
    if (day.endOf('day') < today.startOf('day')) day = day.plus({ years: 1 });
    return day;
  }
  return undefined;
}

function readTimes(word: string, day: DateTime): { startsAt: Date; endsAt: Date } | undefined {
  const match = TIME_RANGE.exec(word);
  if (!match) return undefined;
  const [h1, m1, h2, m2] = match.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 > 0)) return undefined;
  const start = day.set({ hour: h1, minute: m1, second: 0, millisecond: 0 });
  let end = day.startOf('day').plus({ hours: h2, minutes: m2 });
  if (end <= start) end = end.plus({ days: 1 });
  return { startsAt: start.toJSDate(), endsAt: end.toJSDate() };
}

/** One shift line. Throws `call-shift-unread` naming what is missing. */
export function parseShift(text: string, options: { timezone: string; now: Date }): ShiftDraft {
  const today = DateTime.fromJSDate(options.now, { zone: options.timezone });
  let day: DateTime | undefined;
  let range: string | undefined;
  let capacity: number | undefined;
  const place: string[] = [];
  for (const word of words(text)) {
    const asDay = day === undefined ? readDay(word, today) : undefined;
    if (asDay) {
      day = asDay;
      continue;
    }
    if (range === undefined && TIME_RANGE.test(word)) {
      range = word;
      continue;
    }
    const asCapacity = capacity === undefined ? CAPACITY.exec(word) : null;
    if (asCapacity) {
      capacity = Number(asCapacity[1]);
      continue;
    }
    place.push(word);
  }
  const times = range ? readTimes(range, day ?? today.startOf('day')) : undefined;
  if (!times) throw new DomainError('call-shift-unread', { missing: 'time' });
  if (capacity === undefined) throw new DomainError('call-shift-unread', { missing: 'capacity' });
  if (capacity < 1 || capacity > CALL_LIMITS.capacityMax)
    throw new DomainError('call-shift-unread', { missing: 'capacity-range', max: CALL_LIMITS.capacityMax });
  if (place.length === 0) throw new DomainError('call-shift-unread', { missing: 'place' });
  const placeText = validateShortText(place.join(' '), {
    max: CALL_LIMITS.placeMax,
    error: 'call-shift-unread',
  });
  return { place: placeText, capacity, ...times };
}

/** "18:00", "明天 17:30", "12-05 20:00": one moment in the village's time zone, today unless a day is given. */
export function parseMoment(text: string, options: { timezone: string; now: Date }): Date | undefined {
  const today = DateTime.fromJSDate(options.now, { zone: options.timezone });
  const parts = words(text);
  const time = /^(\d{1,2})[:：.](\d{2})$/.exec(parts.at(-1) ?? '');
  if (!time || parts.length > 2) return undefined;
  const day = parts.length === 2 ? readDay(parts[0] ?? '', today) : today.startOf('day');
  const [hour, minute] = [Number(time[1]), Number(time[2])];
  if (!day || hour > 23 || minute > 59) return undefined;
  return day.set({ hour, minute, second: 0, millisecond: 0 }).toJSDate();
}
