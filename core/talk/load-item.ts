import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';

/** An item by its village-local number; hidden items are still found (their timeline says so). */
export async function loadItem(db: Db, villageId: number, number: number) {
  const item = await db.talkItem.findUnique({ where: { villageId_number: { villageId, number } } });
  return item ?? itemNotFound(number);
}

export function itemNotFound(number: number): never {
  throw new DomainError('talk-not-found', { number });
}

export type TalkItemRow = Awaited<ReturnType<typeof loadItem>>;
