import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';

/**
 * 友谊村 through the real use cases: Telegram user 1 (李书记) creates it and is its secretary; each
 * other person joins with the invite code and answers name and household (their household is "<name>家").
 */
export async function createTestVillage(
  prisma: PrismaClient,
  people: ReadonlyArray<readonly [number, string]>,
) {
  const member = async (userId: number): Promise<Membership> => {
    const found = await findMembership(prisma, BigInt(userId));
    if (!found) throw new Error(`no member ${userId}`);
    return found;
  };
  await syncUser(prisma, { id: 1, first_name: '李书记' });
  const { inviteCode } = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: 1n,
    adminIds: [1n],
    joinApproval: false,
  });
  for (const [id, name] of people) {
    await syncUser(prisma, { id, first_name: name });
    await joinVillage(prisma, { userId: BigInt(id), inviteCode });
    await answerOnboarding(prisma, { membership: await member(id), text: name });
    await answerOnboarding(prisma, { membership: await member(id), text: `${name}家` });
  }
  return { inviteCode, member };
}
