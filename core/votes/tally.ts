import type { VoteOptionMeaning, VoteResult, VoteThreshold } from './vote-types.ts';

export interface TallyInput {
  /** Ballots per meaning; a meaning no option has counts 0. */
  counts: Readonly<Partial<Record<VoteOptionMeaning, number>>>;
  /** Ballots cast (every meaning, abstentions included). */
  turnout: number;
  /** Ballots the electorate holds (members, or households), fixed at launch. */
  electorateSize: number;
  /** Percent of the electorate that must take part; null: no quorum. */
  quorumPercent: number | null;
  threshold: VoteThreshold;
}

export interface Tally {
  result: VoteResult;
  quorumMet: boolean;
}

/**
 * Pure: a closed vote's result. Abstentions count towards turnout (so towards the quorum), never
 * towards the threshold, which weighs only those for against those against. Integer arithmetic
 * only, so an exact quorum or an exact two thirds is met, never lost to a rounding. A tie rejects:
 * a rule needs more support than opposition to enter the rulebook.
 */
export function tally(input: TallyInput): Tally {
  const quorumMet =
    input.quorumPercent === null || input.turnout * 100 >= input.quorumPercent * input.electorateSize;
  if (!quorumMet) return { result: 'NO_QUORUM', quorumMet };
  const inFavour = input.counts.FOR ?? 0;
  const against = input.counts.AGAINST ?? 0;
  const passed =
    input.threshold === 'MAJORITY'
      ? inFavour > against
      : inFavour > 0 && 3 * inFavour >= 2 * (inFavour + against);
  return { result: passed ? 'ADOPTED' : 'REJECTED', quorumMet };
}
