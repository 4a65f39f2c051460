import type { TalkCategory } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { SIMILARITY_THRESHOLD, similarity } from './similarity.ts';
import { OPEN_STATES } from './talk-states.ts';

export interface SimilarItem {
  number: number;
  text: string;
  likes: number;
  score: number;
}

/** "Is it one of these?": open items of the same category whose words look alike, best first. */
export async function findSimilarItems(
  db: Db,
  input: { villageId: number; category: TalkCategory; text: string; limit?: number },
): Promise<SimilarItem[]> {
  if (!input.text.trim()) return [];
  const candidates = await db.talkItem.findMany({
    where: {
      villageId: input.villageId,
      category: input.category,
      status: { in: [...OPEN_STATES] },
      hiddenAt: null,
    },
    select: { number: true, title: true, text: true, _count: { select: { likes: true } } },
    orderBy: { createdAt: 'desc' },
    take: 200,
  });
  return candidates
    .map((item) => {
      const text = [item.title, item.text].filter(Boolean).join(' ');
      return { number: item.number, text, likes: item._count.likes, score: similarity(input.text, text) };
    })
    .filter((item) => item.score >= SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, input.limit ?? 3);
}
