/**
 * How alike two short texts are, from 0 to 1: the overlap of their character pairs. Pairs work for
 * Chinese, which has no spaces between words ("水沟坏了" and "三组水沟堵了" share 水沟), and for
 * other languages once spaces and punctuation are dropped.
 */
export function similarity(a: string, b: string): number {
  const pa = bigrams(a);
  const pb = bigrams(b);
  if (pa.size === 0 || pb.size === 0) return 0;
  let shared = 0;
  for (const pair of pa) if (pb.has(pair)) shared++;
  return (2 * shared) / (pa.size + pb.size);
}

function bigrams(text: string): Set<string> {
  const chars = [...text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')];
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(`${chars[i]}${chars[i + 1]}`);
  if (chars.length === 1 && chars[0]) pairs.add(chars[0]);
  return pairs;
}

/** Below this, an item is not offered as a possible duplicate. */
export const SIMILARITY_THRESHOLD = 0.25;
