import { describe, expect, it } from 'vitest';
import { computeShiftAwards, SCORE_MULTIPLIERS, type ShiftAwardVolunteer } from './shift-awards.ts';

const shift = { startsAt: new Date('2026-12-05T01:00:00Z'), endsAt: new Date('2026-12-05T05:00:00Z') };
const at = (time: string) => new Date(`2026-12-05T${time}:00Z`);

function volunteer(overrides: Partial<ShiftAwardVolunteer> = {}): ShiftAwardVolunteer {
  return {
    memberId: 1,
    checkInAt: at('01:00'),
    checkOutAt: at('05:00'),
    score: null,
    noShow: false,
    deductions: [],
    ...overrides,
  };
}

const awards = (volunteers: ShiftAwardVolunteer[], pointsPerHour = 10, noShowPoints = -5) =>
  computeShiftAwards({ shift, pointsPerHour, noShowPoints, volunteers });

describe('computeShiftAwards', () => {
  it('pays the whole shift at the call’s rate when unscored', () => {
    expect(awards([volunteer()])).toEqual([
      {
        memberId: 1,
        points: 40,
        hours: 4,
        parts: { noShow: false, base: 40, score: null, multiplier: 1, deductions: 0 },
      },
    ]);
  });

  it('clips the hours to the shift: an early check-in and a late check-out count from start to end', () => {
    const [award] = awards([volunteer({ checkInAt: at('00:35'), checkOutAt: at('06:10') })]);
    expect(award?.hours).toBe(4);
    expect(award?.points).toBe(40);
  });

  it('counts a missing check-out to the end of the shift', () => {
    const [award] = awards([volunteer({ checkInAt: at('02:00'), checkOutAt: null })]);
    expect(award?.hours).toBe(3);
    expect(award?.points).toBe(30);
  });

  it('rounds the hours down to the quarter hour', () => {
    // 01:10 to 03:39 is 2 h 29 min: two hours and a quarter.
    const [award] = awards([volunteer({ checkInAt: at('01:10'), checkOutAt: at('03:39') })]);
    expect(award?.hours).toBe(2.25);
    expect(award?.points).toBe(23); // 22.5 rounds up
  });

  it('scales by the score and rounds to the nearest point', () => {
    const scored = (score: number) =>
      awards([volunteer({ checkInAt: at('01:00'), checkOutAt: at('02:15'), score })], 10)[0]?.points;
    // 1.25 h × 10 = 12.5 points before the score.
    expect(scored(5)).toBe(15); // 15.0
    expect(scored(4)).toBe(13); // 12.5 → 13
    expect(scored(3)).toBe(10); // 10.0
    expect(scored(2)).toBe(6); // 6.25 → 6
    expect(scored(1)).toBe(3); // 2.5 → 3
    expect(SCORE_MULTIPLIERS).toEqual({ 5: 1.2, 4: 1, 3: 0.8, 2: 0.5, 1: 0.2 });
  });

  it('adds upheld deductions after rounding', () => {
    const [award] = awards([volunteer({ score: 5, deductions: [-10, -3] })]);
    expect(award?.points).toBe(48 - 13);
    expect(award?.parts.deductions).toBe(-13);
  });

  it('gives a no-show the village’s no-show points only', () => {
    expect(
      awards([volunteer({ checkInAt: null, checkOutAt: null, noShow: true, deductions: [-4] })]),
    ).toEqual([
      {
        memberId: 1,
        points: -5,
        hours: 0,
        parts: { noShow: true, base: 0, score: null, multiplier: 0, deductions: 0 },
      },
    ]);
  });

  it('gives nothing to someone who never checked in and was not marked absent', () => {
    expect(awards([volunteer({ checkInAt: null, checkOutAt: null, score: 5 })])).toEqual([]);
  });

  it('leaves out awards of 0 points', () => {
    const none = awards(
      [
        volunteer({ memberId: 1, checkInAt: at('04:50'), checkOutAt: at('05:30') }), // 10 minutes: 0 quarters
        volunteer({ memberId: 2, deductions: [-40] }), // 40 − 40
        volunteer({ memberId: 3, checkInAt: null, checkOutAt: null, noShow: true }),
      ],
      10,
      0,
    );
    expect(none).toEqual([]);
  });

  it('counts nothing for a check-out before the start', () => {
    const result = awards([volunteer({ checkInAt: at('00:30'), checkOutAt: at('00:50'), deductions: [-2] })]);
    expect(result).toEqual([expect.objectContaining({ memberId: 1, hours: 0, points: -2 })]);
  });

  it('keeps the volunteers’ order and pays each on their own', () => {
    const result = awards([
      volunteer({ memberId: 7, score: 4 }),
      volunteer({ memberId: 3, checkInAt: at('03:00'), score: 1 }),
    ]);
    expect(result.map((award) => [award.memberId, award.points])).toEqual([
      [7, 40],
      [3, 4],
    ]);
  });
});
