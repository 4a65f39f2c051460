import type { Db } from '../db/client.ts';
import { displayName, MEMBER_NAME_SELECT } from '../members/display-name.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { itemNotFound, loadItem } from './load-item.ts';

/** What a post about an item shows: its content, who raised it (and for whom), and its counts. */
export async function getItemCard(db: Db, input: { villageId: number; number: number }) {
  const item =
    (await db.talkItem.findUnique({
      where: { villageId_number: { villageId: input.villageId, number: input.number } },
      include: {
        raiser: MEMBER_NAME_SELECT,
        enteredBy: MEMBER_NAME_SELECT,
        village: { select: { groupChatId: true, timezone: true } },
        _count: { select: { likes: true, follows: true, comments: true } },
      },
    })) ?? itemNotFound(input.number);
  return {
    itemId: item.id,
    villageId: item.villageId,
    number: item.number,
    category: item.category,
    status: item.status,
    round: item.round,
    raiserId: item.raiserId,
    title: item.title,
    text: item.text,
    photoFileId: item.photoFileId,
    voiceFileId: item.voiceFileId,
    latitude: item.latitude,
    longitude: item.longitude,
    raiser: displayName(item.raiser),
    enteredBy: item.enteredBy ? displayName(item.enteredBy) : null,
    likes: item._count.likes,
    comments: item._count.comments,
    groupChatId: item.village.groupChatId,
    groupMessageId: item.groupMessageId,
    hidden: item.hiddenAt !== null,
  };
}
export type ItemCard = Awaited<ReturnType<typeof getItemCard>>;

/** The village's secretaries: told when an item is reopened. */
export async function secretariesOf(db: Db, villageId: number): Promise<number[]> {
  const grants = await db.roleGrant.findMany({
    where: { role: 'SECRETARY', member: { villageId, status: 'ACTIVE' } },
    select: { memberId: true },
  });
  return grants.map((g) => g.memberId);
}

/** /rate without a number: the member's items that are done and wait for their rating. */
export async function listAwaitingMyRating(db: Db, input: { actor: Membership | undefined }) {
  const actor = requireAllowed(input.actor, 'profile.view');
  return db.talkItem.findMany({
    where: { villageId: actor.villageId, raiserId: actor.memberId, status: 'DONE', hiddenAt: null },
    select: { number: true, round: true, title: true, text: true },
    orderBy: { number: 'asc' },
  });
}

/** The current round of an item (rating buttons carry it, so a stale button cannot rate a new round). */
export async function currentRound(db: Db, input: { villageId: number; number: number }): Promise<number> {
  return (await loadItem(db, input.villageId, input.number)).round;
}
