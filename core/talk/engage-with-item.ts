import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { loadItem } from './load-item.ts';

/** "Me too": once per member; a second tap changes nothing and says so. Liking also follows. */
export async function likeItem(
  db: Db,
  input: { actor: Membership | undefined; number: number },
): Promise<{ isNew: boolean; likes: number; itemId: number }> {
  const actor = requireAllowed(input.actor, 'talk.speak');
  const item = await loadItem(db, actor.villageId, input.number);
  if (item.hiddenAt) throw new DomainError('talk-not-found', { number: input.number });
  const created = await db.talkLike.createMany({
    data: { itemId: item.id, memberId: actor.memberId },
    skipDuplicates: true,
  });
  await db.talkFollow.createMany({
    data: { itemId: item.id, memberId: actor.memberId },
    skipDuplicates: true,
  });
  const likes = await db.talkLike.count({ where: { itemId: item.id } });
  return { isNew: created.count === 1, likes, itemId: item.id };
}

/** Follow or stop following: followers hear about comments and status changes. */
export async function setFollowing(
  db: Db,
  input: { actor: Membership | undefined; number: number; follow: boolean },
): Promise<void> {
  const actor = requireAllowed(input.actor, 'profile.view');
  const item = await loadItem(db, actor.villageId, input.number);
  if (input.follow) {
    await db.talkFollow.createMany({
      data: { itemId: item.id, memberId: actor.memberId },
      skipDuplicates: true,
    });
  } else {
    await db.talkFollow.deleteMany({ where: { itemId: item.id, memberId: actor.memberId } });
  }
}

/** Who hears about an item: its followers (the raiser follows from the start), minus whoever acted. */
export async function followersOf(db: Db, itemId: number, exceptMemberId?: number): Promise<number[]> {
  const follows = await db.talkFollow.findMany({ where: { itemId }, select: { memberId: true } });
  return follows.map((f) => f.memberId).filter((id) => id !== exceptMemberId);
}
