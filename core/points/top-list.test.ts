import { describe, expect, it } from 'vitest';
import { cutTopList, type RankedMember } from './top-list.ts';

/** A ranking from points alone, as the database ranks it: competition ranks, then by number. */
function ranking(points: readonly number[]): RankedMember[] {
  return points.map((value, i) => ({
    memberId: 100 + i,
    number: i + 1,
    realName: `m${i + 1}`,
    points: value,
    rank: 1 + points.filter((other) => other > value).length,
  }));
}

describe('cutTopList', () => {
  it('ranks ties together and skips the places they take: 1, 2, 2, 4', () => {
    const list = cutTopList(ranking([30, 20, 20, 10]), 100);
    expect(list.shown.map((row) => row.rank)).toEqual([1, 2, 2, 4]);
    expect(list).toMatchObject({ moreTied: 0, asker: undefined, askerShown: true });
  });

  it('takes everyone tied at place 10, and nobody after', () => {
    const points = [90, 80, 70, 60, 50, 40, 30, 20, 10, 5, 5, 5, 4];
    const list = cutTopList(ranking(points), 999);
    expect(list.shown).toHaveLength(12);
    expect(list.shown.slice(-3).map((row) => [row.rank, row.points])).toEqual([
      [10, 5],
      [10, 5],
      [10, 5],
    ]);
  });

  it('takes a tie that starts before place 10 and runs past it, whole', () => {
    const list = cutTopList(ranking([9, 9, 9, 9, 9, 9, 9, 9, 8, 8, 8, 7]), 999);
    expect(list.shown.map((row) => row.rank)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 9, 9, 9]);
  });

  it("gives the asker's own position when they are ranked below the top", () => {
    const rows = ranking([50, 40, 30, 20, 10, 9, 8, 7, 6, 5, 4, 3]);
    const list = cutTopList(rows, 111);
    expect(list.askerShown).toBe(false);
    expect(list.asker).toMatchObject({ memberId: 111, rank: 12, points: 3 });
    expect(cutTopList(rows, 999).asker).toBeUndefined();
  });

  it('counts the tied members a very long tie leaves off, keeping the message short', () => {
    const list = cutTopList(ranking(Array.from({ length: 200 }, () => 5)), 150, 10, 30);
    expect(list.shown).toHaveLength(30);
    expect(list.moreTied).toBe(170);
    // The asker is tied at the top but not among the lines: their own line says where they are.
    expect(list).toMatchObject({ askerShown: false, asker: { memberId: 150, rank: 1 } });
  });
});
