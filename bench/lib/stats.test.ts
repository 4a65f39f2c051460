import { describe, expect, it } from 'vitest';
import { percentile, summarizeLatencies } from './stats.ts';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted on purpose
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  it('is the only value of a one-sample list and NaN of an empty one', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarizes', () => {
    expect(summarizeLatencies([1, 2, 3, 10])).toEqual({ samples: 4, p50: 2, p99: 10, max: 10, mean: 4 });
  });
});
