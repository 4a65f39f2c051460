import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

/**
 * The village's Telegram group: the secretary sends /linkgroup inside it. A group serves one
 * village; linking it again (or another group) simply moves the link.
 */
export async function linkGroup(
  db: Db,
  input: { actor: Membership | undefined; groupChatId: bigint },
): Promise<{ villageName: string }> {
  const actor = requireAllowed(input.actor, 'group.link');
  const other = await db.village.findUnique({ where: { groupChatId: input.groupChatId } });
  if (other && other.id !== actor.villageId) throw new DomainError('forbidden');
  const village = await db.village.update({
    where: { id: actor.villageId },
    data: { groupChatId: input.groupChatId },
  });
  return { villageName: village.name };
}

/** Remembers which group message shows the item, so replies to it become comments. */
export async function recordGroupPost(db: Db, input: { itemId: number; messageId: number }): Promise<void> {
  await db.talkItem.update({
    where: { id: input.itemId },
    data: { groupMessageId: BigInt(input.messageId) },
  });
}

/** The item a group message shows, when the group is the village's and the message one of its posts. */
export async function findItemByGroupPost(
  db: Db,
  input: { groupChatId: bigint; messageId: number },
): Promise<{ villageId: number; number: number } | undefined> {
  const item = await db.talkItem.findFirst({
    where: { groupMessageId: BigInt(input.messageId), village: { groupChatId: input.groupChatId } },
    select: { villageId: true, number: true },
  });
  return item ?? undefined;
}

/**
 * A group upgraded to a supergroup gets a new chat id: the village's link follows it. A conditional
 * update, so the two service messages Telegram sends (one in each chat) move it once.
 */
export async function moveGroupLink(
  db: Db,
  input: { fromChatId: bigint; toChatId: bigint },
): Promise<boolean> {
  const { count } = await db.village.updateMany({
    where: { groupChatId: input.fromChatId },
    data: { groupChatId: input.toChatId },
  });
  return count === 1;
}
