import { describe, expect, it } from 'vitest';
import { nextStars, pickStars, weekBounds } from './weekly-stars.ts';

describe('when stars are named', () => {
  it('is the next Monday 09:00 in the village, naming the week before it', () => {
    // Sunday 2026-11-29 23:00 in Shanghai: tomorrow morning, for the week of Monday 11-23.
    expect(nextStars('Asia/Shanghai', new Date('2026-11-29T15:00:00Z'))).toEqual({
      dueAt: new Date('2026-11-30T01:00:00Z'),
      weekStart: '2026-11-23',
    });
    // Monday 09:00 exactly has passed: the Monday after.
    expect(nextStars('Asia/Shanghai', new Date('2026-11-30T01:00:00Z')).weekStart).toBe('2026-11-30');
    // The same instant is still Sunday morning in New York: its own Monday 09:00, 14:00 UTC.
    expect(nextStars('America/New_York', new Date('2026-11-29T15:00:00Z'))).toEqual({
      dueAt: new Date('2026-11-30T14:00:00Z'),
      weekStart: '2026-11-23',
    });
  });

  it('counts a week from its Monday midnight in the village', () => {
    expect(weekBounds('Asia/Shanghai', '2026-11-23')).toEqual({
      from: new Date('2026-11-22T16:00:00Z'),
      to: new Date('2026-11-29T16:00:00Z'),
    });
  });
});

describe('pickStars', () => {
  const earned = (...points: number[]) => points.map((p, i) => ({ memberId: i + 1, points: p }));

  it('ranks with ties sharing a place, and names everyone tied at the last place', () => {
    expect(pickStars(earned(30, 20, 20, 10), 3)).toEqual([
      { memberId: 1, rank: 1, points: 30 },
      { memberId: 2, rank: 2, points: 20 },
      { memberId: 3, rank: 2, points: 20 },
    ]);
    expect(pickStars(earned(30, 20, 10, 10), 3).map((s) => s.memberId)).toEqual([1, 2, 3, 4]);
  });

  it('names only members who earned points, and nobody in a week without any', () => {
    expect(pickStars(earned(5, 0, -5), 3).map((s) => s.memberId)).toEqual([1]);
    expect(pickStars(earned(0, -3), 3)).toEqual([]);
  });
});
