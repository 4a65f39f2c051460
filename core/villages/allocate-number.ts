import type { Db } from '../db/client.ts';

type Counter =
  | 'nextMemberNumber'
  | 'nextHouseholdNumber'
  | 'nextTalkNumber'
  | 'nextVoteNumber'
  | 'nextRuleNumber'
  | 'nextCallNumber';

/**
 * Takes the next village-local number. The row lock taken by UPDATE serialises concurrent callers,
 * so numbers are never reused, even across processes.
 */
export async function allocateNumber(db: Db, villageId: number, counter: Counter): Promise<number> {
  const village: Record<Counter, number> = await db.village.update({
    where: { id: villageId },
    data: { [counter]: { increment: 1 } },
    select: {
      nextMemberNumber: true,
      nextHouseholdNumber: true,
      nextTalkNumber: true,
      nextVoteNumber: true,
      nextRuleNumber: true,
      nextCallNumber: true,
    },
  });
  return village[counter] - 1;
}
