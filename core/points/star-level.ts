/**
 * A member's star level, 1 to 5, by where they stand among the village's active members. Stars
 * praise: the bands are generous at the top and nobody falls below ★, whatever their balance.
 *
 * | stars | who |
 * | --- | --- |
 * | ★★★★★ | the top 10%: fewer than 10% of active members have more points |
 * | ★★★★ | the top 30% |
 * | ★★★ | the top 60% |
 * | ★★ | everyone else with points |
 * | ★ | no points yet, or a balance of 0 or less |
 *
 * "Have more points" counts only members strictly ahead (rank − 1 under competition ranking), so
 * members tied on points always share a level, and a village of one with points gives five stars.
 */
export const STAR_BANDS: readonly { stars: 5 | 4 | 3; aheadShareBelow: number }[] = [
  { stars: 5, aheadShareBelow: 0.1 },
  { stars: 4, aheadShareBelow: 0.3 },
  { stars: 3, aheadShareBelow: 0.6 },
];

export type StarLevel = 1 | 2 | 3 | 4 | 5;

export function starLevel(input: {
  balance: number;
  /** Competition rank among the village's active members (1 = most points). */
  rank: number;
  /** How many active members the rank is among. */
  rankedAmong: number;
}): StarLevel {
  if (input.balance <= 0) return 1;
  const aheadShare = (input.rank - 1) / Math.max(input.rankedAmong, 1);
  return STAR_BANDS.find((band) => aheadShare < band.aheadShareBelow)?.stars ?? 2;
}
