import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { parseShift } from './parse-shift.ts';

const timezone = 'Asia/Shanghai';
// 2026-12-01 10:00 in Shanghai.
const now = new Date('2026-12-01T02:00:00Z');
const read = (text: string) => parseShift(text, { timezone, now });
const refusal = (text: string) => {
  try {
    read(text);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, params: error.params };
    throw error;
  }
  throw new Error(`"${text}" was read`);
};

describe('parseShift', () => {
  it('reads the quick form in either order and language', () => {
    expect(read('15 east gate today 18:00-22:00')).toEqual({
      place: 'east gate',
      capacity: 15,
      startsAt: new Date('2026-12-01T10:00:00Z'),
      endsAt: new Date('2026-12-01T14:00:00Z'),
    });
    expect(read('东门 明天 8:00-12:00 4人')).toEqual({
      place: '东门',
      capacity: 4,
      startsAt: new Date('2026-12-02T00:00:00Z'),
      endsAt: new Date('2026-12-02T04:00:00Z'),
    });
  });

  it('takes today when no day is given, dates in the village time zone, and a range typed apart', () => {
    expect(read('村口 18:00 - 20:30 3').startsAt).toEqual(new Date('2026-12-01T10:00:00Z'));
    expect(read('村口 12-05 7:30～9:30 3').startsAt).toEqual(new Date('2026-12-04T23:30:00Z'));
    expect(read('村口 2026-12-24 7:30-9:30 3').endsAt).toEqual(new Date('2026-12-24T01:30:00Z'));
    expect(read('村口 1月3日 7:30-9:30 3').startsAt).toEqual(new Date('2027-01-02T23:30:00Z'));
  });

  it('reads a night shift as ending the next morning', () => {
    const shift = read('north road today 22:00-06:00 2');
    expect(shift.startsAt).toEqual(new Date('2026-12-01T14:00:00Z'));
    expect(shift.endsAt).toEqual(new Date('2026-12-01T22:00:00Z'));
  });

  it('says what is missing', () => {
    expect(refusal('east gate today 15')).toEqual({
      code: 'call-shift-unread',
      params: { missing: 'time' },
    });
    expect(refusal('east gate 18:00-20:00')).toEqual({
      code: 'call-shift-unread',
      params: { missing: 'capacity' },
    });
    expect(refusal('15 18:00-20:00')).toEqual({ code: 'call-shift-unread', params: { missing: 'place' } });
    expect(refusal('gate 25:00-26:00 3')).toEqual({
      code: 'call-shift-unread',
      params: { missing: 'time' },
    });
    expect(refusal('gate 18:00-20:00 0')).toEqual({
      code: 'call-shift-unread',
      params: { missing: 'capacity-range', max: 1000 },
    });
    expect(refusal('gate 18:00-20:00 5000').params).toEqual({ missing: 'capacity-range', max: 1000 });
  });
});
