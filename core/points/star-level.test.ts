import { describe, expect, it } from 'vitest';
import { starLevel } from './star-level.ts';

describe('starLevel', () => {
  it('gives a village of 100 five stars in the top 10, four to 30, three to 60, two after', () => {
    const at = (rank: number) => starLevel({ balance: 10, rank, rankedAmong: 100 });
    expect([1, 10, 11, 30, 31, 60, 61, 100].map(at)).toEqual([5, 5, 4, 4, 3, 3, 2, 2]);
  });

  it('gives members tied on points the same level, however many share the rank', () => {
    // Ranks 1, 2, 2, 2, 5 … in a village of 20: the three at rank 2 have one member ahead (5%).
    expect(starLevel({ balance: 8, rank: 2, rankedAmong: 20 })).toBe(5);
    expect(starLevel({ balance: 5, rank: 5, rankedAmong: 20 })).toBe(4);
  });

  it('gives one star to a member with no points yet, or 0 or fewer, wherever they rank', () => {
    expect(starLevel({ balance: 0, rank: 1, rankedAmong: 1 })).toBe(1);
    expect(starLevel({ balance: 0, rank: 1, rankedAmong: 50 })).toBe(1);
    expect(starLevel({ balance: -5, rank: 50, rankedAmong: 50 })).toBe(1);
  });

  it('gives the only member with points in a small village five stars', () => {
    expect(starLevel({ balance: 3, rank: 1, rankedAmong: 1 })).toBe(5);
    expect(starLevel({ balance: 3, rank: 1, rankedAmong: 3 })).toBe(5);
    expect(starLevel({ balance: 2, rank: 2, rankedAmong: 3 })).toBe(3);
  });
});
