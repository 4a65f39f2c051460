import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import {
  listVillagesOf,
  returnToPreviousVillage,
  switchVillage,
} from '../../core/members/current-village.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { leaveUnfinishedJoin } from '../../core/members/leave-unfinished-join.ts';
import { findMembership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';

const prisma: PrismaClient = testPrisma();
const ADMIN = 1001n;
const VILLAGER = 2002n;

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

async function villages(...names: string[]) {
  await syncUser(prisma, { id: Number(ADMIN), first_name: '书记' });
  await syncUser(prisma, { id: Number(VILLAGER), first_name: 'Qifu' });
  const made = [];
  for (const name of names)
    made.push(await createVillage(prisma, { name, creatorUserId: ADMIN, adminIds: [ADMIN] }));
  return made;
}

const currentOf = async (userId: bigint) =>
  (await prisma.user.findUniqueOrThrow({ where: { id: userId } })).currentVillageId;

describe('the current village', () => {
  it('moves to each new village, keeps the roles of every one, and switches back', async () => {
    const [east, west, south] = await villages('东村', '西村', '南村');
    expect(await currentOf(ADMIN)).toBe(south?.villageId);
    const listed = await listVillagesOf(prisma, ADMIN);
    expect(listed.map((v) => [v.name, v.current, v.roles])).toEqual([
      ['南村', true, ['SECRETARY', 'VILLAGER']],
      ['东村', false, ['SECRETARY', 'VILLAGER']],
      ['西村', false, ['SECRETARY', 'VILLAGER']],
    ]);
    await switchVillage(prisma, { userId: ADMIN, villageId: east?.villageId ?? 0 });
    expect((await findMembership(prisma, ADMIN))?.villageName).toBe('东村');
    // A membership in a named village is found whatever is current.
    expect((await findMembership(prisma, ADMIN, west?.villageId))?.villageName).toBe('西村');
  });

  it('refuses a switch to a village the person is not in, and changes nothing', async () => {
    const [east, west] = await villages('东村', '西村');
    await joinVillage(prisma, { userId: VILLAGER, inviteCode: east?.inviteCode ?? '' });
    expect(
      await refusalOf(switchVillage(prisma, { userId: VILLAGER, villageId: west?.villageId ?? 0 })),
    ).toBe('village-not-yours');
    expect(await currentOf(VILLAGER)).toBe(east?.villageId);
    expect(await findMembership(prisma, VILLAGER, west?.villageId)).toBeUndefined();
  });

  it('goes back to the previous village when a join is given up, never leaving a stranger', async () => {
    const [east, west] = await villages('东村', '西村');
    await joinVillage(prisma, { userId: VILLAGER, inviteCode: east?.inviteCode ?? '' });
    await joinVillage(prisma, { userId: VILLAGER, inviteCode: west?.inviteCode ?? '' });
    const halfway = await findMembership(prisma, VILLAGER);
    expect(halfway?.villageName).toBe('西村');
    if (!halfway) throw new Error('no membership');
    await leaveUnfinishedJoin(prisma, halfway);
    // Even before the move back, the sender is found in the village they still belong to.
    expect((await findMembership(prisma, VILLAGER))?.villageName).toBe('东村');
    expect(await returnToPreviousVillage(prisma, VILLAGER, west?.villageId ?? 0)).toBe('东村');
    expect(await currentOf(VILLAGER)).toBe(east?.villageId);
  });

  it('does not move someone back whose current village is no longer the one given up', async () => {
    const [east, west, south] = await villages('东村', '西村', '南村');
    await joinVillage(prisma, { userId: VILLAGER, inviteCode: east?.inviteCode ?? '' });
    await joinVillage(prisma, { userId: VILLAGER, inviteCode: west?.inviteCode ?? '' });
    await joinVillage(prisma, { userId: VILLAGER, inviteCode: south?.inviteCode ?? '' });
    // A late /cancel about 西村 while 南村 is current: nothing moves.
    await returnToPreviousVillage(prisma, VILLAGER, west?.villageId ?? 0);
    expect(await currentOf(VILLAGER)).toBe(south?.villageId);
  });
});
