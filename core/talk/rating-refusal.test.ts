import { describe, expect, it } from 'vitest';
import { ratingRefusal } from './rate-item.ts';

describe('ratingRefusal', () => {
  it('says "already rated" for a rated round or a closed item, never "or not done yet"', () => {
    expect(ratingRefusal({ number: 3, status: 'DONE', round: 1 }, 1, true).code).toBe('talk-already-rated');
    expect(ratingRefusal({ number: 3, status: 'RATED', round: 1 }, 1, false).code).toBe('talk-already-rated');
    expect(ratingRefusal({ number: 3, status: 'CLOSED_UNRATED', round: 1 }, 1, false).code).toBe(
      'talk-already-rated',
    );
    // A button of round 1 after the item was reopened and is being handled again.
    expect(ratingRefusal({ number: 3, status: 'ASSIGNED', round: 2 }, 1, false).code).toBe(
      'talk-already-rated',
    );
  });

  it('says "not done yet" for an item still being handled', () => {
    expect(ratingRefusal({ number: 3, status: 'IN_PROGRESS', round: 1 }, 1, false).code).toBe(
      'talk-not-done-yet',
    );
    expect(ratingRefusal({ number: 3, status: 'REOPENED', round: 2 }, 2, false).code).toBe(
      'talk-not-done-yet',
    );
  });
});
