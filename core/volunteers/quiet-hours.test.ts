import { describe, expect, it } from 'vitest';
import { fanoutTime, quietHoursEndAt } from './quiet-hours.ts';

/** Asia/Shanghai is UTC+8 all year (no DST): 22:00 there is 14:00 UTC. */
const shanghai = (start: string, end: string) => ({
  timezone: 'Asia/Shanghai',
  quietHoursStart: minutes(start),
  quietHoursEnd: minutes(end),
});
const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h as number) * 60 + (m as number);
};
/** A Shanghai wall-clock time as an instant. */
const local = (iso: string) => new Date(`${iso}+08:00`);

describe('quietHoursEndAt', () => {
  it('is null for a village without quiet hours', () => {
    expect(
      quietHoursEndAt(local('2026-12-01T23:00:00'), {
        timezone: 'Asia/Shanghai',
        quietHoursStart: null,
        quietHoursEnd: null,
      }),
    ).toBeNull();
  });

  it('within a range over midnight: the end is the next morning before midnight, this morning after it', () => {
    const village = shanghai('22:00', '07:00');
    expect(quietHoursEndAt(local('2026-12-01T22:00:00'), village)).toEqual(local('2026-12-02T07:00:00'));
    expect(quietHoursEndAt(local('2026-12-01T23:59:00'), village)).toEqual(local('2026-12-02T07:00:00'));
    expect(quietHoursEndAt(local('2026-12-02T00:00:00'), village)).toEqual(local('2026-12-02T07:00:00'));
    expect(quietHoursEndAt(local('2026-12-02T06:59:30'), village)).toEqual(local('2026-12-02T07:00:00'));
    // The end of a month and of a year roll over too.
    expect(quietHoursEndAt(local('2026-12-31T23:30:00'), village)).toEqual(local('2027-01-01T07:00:00'));
  });

  it('outside a range over midnight: null (the end itself is outside)', () => {
    const village = shanghai('22:00', '07:00');
    expect(quietHoursEndAt(local('2026-12-02T07:00:00'), village)).toBeNull();
    expect(quietHoursEndAt(local('2026-12-02T12:00:00'), village)).toBeNull();
    expect(quietHoursEndAt(local('2026-12-02T21:59:59'), village)).toBeNull();
  });

  it('a range within one day (a midday rest)', () => {
    const village = shanghai('12:00', '14:30');
    expect(quietHoursEndAt(local('2026-12-02T12:00:00'), village)).toEqual(local('2026-12-02T14:30:00'));
    expect(quietHoursEndAt(local('2026-12-02T14:29:00'), village)).toEqual(local('2026-12-02T14:30:00'));
    expect(quietHoursEndAt(local('2026-12-02T14:30:00'), village)).toBeNull();
    expect(quietHoursEndAt(local('2026-12-02T11:59:00'), village)).toBeNull();
    expect(quietHoursEndAt(local('2026-12-02T23:00:00'), village)).toBeNull();
  });

  it('reads the wall clock of the village, not of the server (UTC instants that are Shanghai nights)', () => {
    const village = shanghai('22:00', '07:00');
    // 15:00 UTC is 23:00 in Shanghai.
    expect(quietHoursEndAt(new Date('2026-12-01T15:00:00Z'), village)).toEqual(
      new Date('2026-12-01T23:00:00Z'),
    );
    expect(quietHoursEndAt(new Date('2026-12-01T13:00:00Z'), village)).toBeNull();
  });

  it('keeps the wall-clock end across a DST change in a zone that has one', () => {
    // Europe/Berlin moves to summer time at 02:00 on 2026-03-29: 07:00 that morning is 05:00 UTC, not 06:00.
    const village = { timezone: 'Europe/Berlin', quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 };
    expect(quietHoursEndAt(new Date('2026-03-28T22:30:00Z'), village)).toEqual(
      new Date('2026-03-29T05:00:00Z'),
    );
  });
});

describe('fanoutTime', () => {
  const village = shanghai('22:00', '07:00');
  it('defers a call launched in the quiet hours to their end, not an urgent one', () => {
    const night = local('2026-12-01T23:10:00');
    expect(fanoutTime(night, village, false)).toEqual(local('2026-12-02T07:00:00'));
    expect(fanoutTime(night, village, true)).toEqual(night);
    const day = local('2026-12-01T10:00:00');
    expect(fanoutTime(day, village, false)).toEqual(day);
  });
});
