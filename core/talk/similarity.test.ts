import { describe, expect, it } from 'vitest';
import { SIMILARITY_THRESHOLD, similarity } from './similarity.ts';

describe('similarity', () => {
  it('sees Chinese texts about the same thing as alike', () => {
    expect(similarity('三组的水沟坏了', '三组水沟堵了')).toBeGreaterThan(SIMILARITY_THRESHOLD);
  });
  it('sees different things as different', () => {
    expect(similarity('三组的水沟坏了', '村口路灯不亮')).toBeLessThan(SIMILARITY_THRESHOLD);
  });
  it('ignores case, spaces and punctuation', () => {
    expect(similarity('Broken ditch!', 'broken  ditch')).toBe(1);
    expect(similarity('', 'x')).toBe(0);
  });
});
