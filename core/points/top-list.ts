/** A member on a points ranking, as the village knows them. */
export interface RankedMember {
  memberId: number;
  number: number;
  realName: string | null;
  points: number;
  /** Competition rank: ties share a rank and the next rank skips ("1, 2, 2, 4"). */
  rank: number;
}

export interface TopList {
  /** Everyone ranked in the first `places` places, ties at the last place included. */
  shown: RankedMember[];
  /** Tied members left off because the list would not fit one short message. */
  moreTied: number;
  /** The asker, when they are ranked but not in `shown`. */
  asker: RankedMember | undefined;
  /** Whether the asker is one of `shown`. */
  askerShown: boolean;
}

export const TOP_PLACES = 10;
/** Lines a phone screen and Telegram's message limit take comfortably; ties beyond are counted. */
export const TOP_MAX_LINES = 30;

/**
 * The top of a ranking (sorted by rank): a tie at the last place takes everyone tied, because
 * leaving out someone with the same points as a listed neighbour would be unfair. When a great tie
 * (everyone got the same volunteer hour) would make the list too long, the rest are counted.
 */
export function cutTopList(
  ranking: readonly RankedMember[],
  askerId: number,
  places = TOP_PLACES,
  maxLines = TOP_MAX_LINES,
): TopList {
  const inPlaces = ranking.filter((row) => row.rank <= places);
  const shown = inPlaces.slice(0, maxLines);
  const askerShown = shown.some((row) => row.memberId === askerId);
  const asker = askerShown ? undefined : ranking.find((row) => row.memberId === askerId);
  return { shown, moreTied: inPlaces.length - shown.length, asker, askerShown };
}
