import { describe, expect, it } from 'vitest';
import { type TallyInput, tally } from './tally.ts';

const base: TallyInput = {
  counts: {},
  turnout: 0,
  electorateSize: 100,
  quorumPercent: null,
  threshold: 'MAJORITY',
};
const run = (over: Partial<TallyInput>) => tally({ ...base, ...over });

describe('tally', () => {
  it('adopts by simple majority, rejects a tie and a loss', () => {
    expect(run({ counts: { FOR: 209, AGAINST: 1 }, turnout: 210 })).toEqual({
      result: 'ADOPTED',
      quorumMet: true,
    });
    expect(run({ counts: { FOR: 5, AGAINST: 5 }, turnout: 10 }).result).toBe('REJECTED');
    expect(run({ counts: { FOR: 4, AGAINST: 5 }, turnout: 9 }).result).toBe('REJECTED');
  });

  it('leaves abstentions out of the threshold but counts them for the quorum', () => {
    // 2 for, 1 against, 30 abstain: a majority of those who took sides; 33 of 100 meets a 33 % quorum.
    const result = run({ counts: { FOR: 2, AGAINST: 1, ABSTAIN: 30 }, turnout: 33, quorumPercent: 33 });
    expect(result).toEqual({ result: 'ADOPTED', quorumMet: true });
    // The same sides without the abstentions miss that quorum.
    expect(run({ counts: { FOR: 2, AGAINST: 1 }, turnout: 3, quorumPercent: 33 }).result).toBe('NO_QUORUM');
  });

  it('meets an exact quorum and misses it by one ballot', () => {
    expect(run({ counts: { FOR: 50 }, turnout: 50, quorumPercent: 50 }).quorumMet).toBe(true);
    expect(run({ counts: { FOR: 49 }, turnout: 49, quorumPercent: 50 })).toEqual({
      result: 'NO_QUORUM',
      quorumMet: false,
    });
    // A fractional quorum (1/3 of 10 = 3.33): 4 ballots are needed, 3 are not enough.
    expect(run({ counts: { FOR: 3 }, turnout: 3, electorateSize: 10, quorumPercent: 34 }).quorumMet).toBe(
      false,
    );
    expect(run({ counts: { FOR: 4 }, turnout: 4, electorateSize: 10, quorumPercent: 34 }).quorumMet).toBe(
      true,
    );
    // 100 %: everyone must take part.
    expect(run({ counts: { FOR: 99 }, turnout: 99, quorumPercent: 100 }).result).toBe('NO_QUORUM');
    expect(run({ counts: { FOR: 100 }, turnout: 100, quorumPercent: 100 }).result).toBe('ADOPTED');
  });

  it('adopts at exactly two thirds and rejects just under', () => {
    const twoThirds = { threshold: 'TWO_THIRDS' as const };
    expect(run({ ...twoThirds, counts: { FOR: 2, AGAINST: 1 }, turnout: 3 }).result).toBe('ADOPTED');
    expect(run({ ...twoThirds, counts: { FOR: 200, AGAINST: 100 }, turnout: 300 }).result).toBe('ADOPTED');
    expect(run({ ...twoThirds, counts: { FOR: 199, AGAINST: 100 }, turnout: 299 }).result).toBe('REJECTED');
    // A simple majority is not two thirds.
    expect(run({ ...twoThirds, counts: { FOR: 3, AGAINST: 2 }, turnout: 5 }).result).toBe('REJECTED');
    // Abstentions do not dilute it.
    expect(run({ ...twoThirds, counts: { FOR: 2, AGAINST: 1, ABSTAIN: 50 }, turnout: 53 }).result).toBe(
      'ADOPTED',
    );
  });

  it('rejects when nobody voted, or everyone abstained, whatever the threshold', () => {
    for (const threshold of ['MAJORITY', 'TWO_THIRDS'] as const) {
      expect(run({ threshold, counts: {}, turnout: 0 })).toEqual({ result: 'REJECTED', quorumMet: true });
      expect(run({ threshold, counts: { ABSTAIN: 40 }, turnout: 40 }).result).toBe('REJECTED');
    }
    // Zero turnout with a quorum is no quorum, not a rejection.
    expect(run({ counts: {}, turnout: 0, quorumPercent: 1 })).toEqual({
      result: 'NO_QUORUM',
      quorumMet: false,
    });
  });

  it('has no quorum to meet in an empty electorate without one, and meets a quorum of nobody', () => {
    expect(run({ electorateSize: 0, turnout: 0 }).result).toBe('REJECTED');
    expect(run({ electorateSize: 0, turnout: 0, quorumPercent: 50 }).quorumMet).toBe(true);
  });
});
