import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { confirmHousehold } from '../../core/members/confirm-household.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership } from '../../core/members/membership.ts';
import { grantRole, revokeRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';

const prisma: PrismaClient = testPrisma();
const ADMIN = 1001n;

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

async function user(id: number, first_name = `user${id}`) {
  return syncUser(prisma, { id, first_name, language_code: 'zh-hans' });
}

async function newVillage() {
  await user(Number(ADMIN), '书记');
  // Approval has its own tests (join-approval.test.ts); these are about the questions.
  return createVillage(prisma, {
    name: '友谊村',
    creatorUserId: ADMIN,
    adminIds: [ADMIN],
    joinApproval: false,
  });
}

async function onboard(userId: number, name: string, household: string) {
  const village = await prisma.village.findFirstOrThrow();
  await user(userId);
  await joinVillage(prisma, { userId: BigInt(userId), inviteCode: village.inviteCode });
  for (const text of [name, household]) {
    const membership = await findMembership(prisma, BigInt(userId));
    if (!membership) throw new Error('no membership');
    await answerOnboarding(prisma, { membership, text });
  }
  const membership = await findMembership(prisma, BigInt(userId));
  if (!membership) throw new Error('no membership');
  return membership;
}

describe('creating a village', () => {
  it('makes the admin its secretary, member number 1', async () => {
    const created = await newVillage();
    expect(created.inviteCode).toMatch(/^[A-Z2-9]{8}$/);
    const secretary = await findMembership(prisma, ADMIN);
    expect(secretary).toMatchObject({ villageName: '友谊村', number: 1, status: 'ACTIVE' });
    expect(secretary?.roles).toEqual(['SECRETARY', 'VILLAGER']);
  });

  it('is refused to anyone not in BOT_ADMINS, and nothing is written', async () => {
    await user(5);
    expect(await refusalOf(createVillage(prisma, { name: 'x', creatorUserId: 5n, adminIds: [ADMIN] }))).toBe(
      'not-admin',
    );
    expect(await prisma.village.count()).toBe(0);
  });
});

describe('joining', () => {
  it('numbers members, asks name then household, and shares households by name', async () => {
    await newVillage();
    const a = await onboard(2, '谢启富', '谢启富家');
    const b = await onboard(3, '谢小红', '谢启富家');
    expect(a).toMatchObject({ number: 2, realName: '谢启富', householdName: '谢启富家', status: 'ACTIVE' });
    expect(b.number).toBe(3);
    expect(await prisma.household.count()).toBe(1);
    // The household had a member already: b joins it once that member confirms.
    expect(b).toMatchObject({ status: 'AWAITING_HOUSEHOLD_CONFIRMATION', householdName: null });
    const household = await prisma.household.findFirstOrThrow();
    await confirmHousehold(prisma, {
      actor: a,
      memberId: b.memberId,
      householdId: household.id,
      confirm: true,
    });
    expect(await findMembership(prisma, 3n)).toMatchObject({ status: 'ACTIVE', householdName: '谢启富家' });
  });

  it('refuses an unknown code and a second join', async () => {
    await newVillage();
    await user(2);
    expect(await refusalOf(joinVillage(prisma, { userId: 2n, inviteCode: 'ZZZZZZZZ' }))).toBe(
      'invite-code-unknown',
    );
    expect(await refusalOf(joinVillage(prisma, { userId: 2n, inviteCode: '' }))).toBe('invite-code-unknown');
    await onboard(2, '谢启富', '谢启富家');
    const village = await prisma.village.findFirstOrThrow();
    expect(await refusalOf(joinVillage(prisma, { userId: 2n, inviteCode: village.inviteCode }))).toBe(
      'already-member',
    );
    expect(await prisma.member.count()).toBe(2);
  });

  it('resumes onboarding where it stopped when the link is opened again', async () => {
    const { inviteCode } = await newVillage();
    await user(2);
    await joinVillage(prisma, { userId: 2n, inviteCode });
    const first = await findMembership(prisma, 2n);
    if (!first) throw new Error('no membership');
    await answerOnboarding(prisma, { membership: first, text: '谢启富' });
    const again = await joinVillage(prisma, { userId: 2n, inviteCode: inviteCode.toLowerCase() });
    expect(again).toMatchObject({ status: 'AWAITING_HOUSEHOLD', memberNumber: 2 });
  });

  it('refuses an oversize name, naming the limit, and keeps the question open', async () => {
    const { inviteCode } = await newVillage();
    await user(2);
    await joinVillage(prisma, { userId: 2n, inviteCode });
    const membership = await findMembership(prisma, 2n);
    if (!membership) throw new Error('no membership');
    expect(await refusalOf(answerOnboarding(prisma, { membership, text: '谢'.repeat(5000) }))).toBe(
      'text-too-long',
    );
    expect((await findMembership(prisma, 2n))?.status).toBe('AWAITING_NAME');
  });
});

describe('roles', () => {
  it('lets the secretary grant and revoke by member number, with an audit trail', async () => {
    await newVillage();
    await onboard(2, '谢启富', '谢启富家');
    const secretary = await findMembership(prisma, ADMIN);
    const granted = await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
    expect(granted).toMatchObject({ targetNumber: 2, targetName: '谢启富', role: 'CADRE' });
    expect((await findMembership(prisma, 2n))?.roles).toEqual(['CADRE', 'VILLAGER']);
    expect(await refusalOf(grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' }))).toBe(
      'role-already-granted',
    );
    await revokeRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
    expect((await findMembership(prisma, 2n))?.roles).toEqual(['VILLAGER']);
    const actions = (await prisma.auditEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['village.create', 'member.join', 'role.grant', 'role.revoke']);
  });

  it('refuses villagers, unknown numbers, the villager role and the last secretary', async () => {
    await newVillage();
    const villager = await onboard(2, '谢启富', '谢启富家');
    const secretary = await findMembership(prisma, ADMIN);
    expect(await refusalOf(grantRole(prisma, { actor: villager, memberNumber: 2, role: 'SECRETARY' }))).toBe(
      'forbidden',
    );
    expect(await refusalOf(grantRole(prisma, { actor: undefined, memberNumber: 2, role: 'CADRE' }))).toBe(
      'not-member',
    );
    expect(await refusalOf(grantRole(prisma, { actor: secretary, memberNumber: 99, role: 'CADRE' }))).toBe(
      'member-not-found',
    );
    expect(await refusalOf(revokeRole(prisma, { actor: secretary, memberNumber: 2, role: 'VILLAGER' }))).toBe(
      'role-villager-fixed',
    );
    expect(
      await refusalOf(revokeRole(prisma, { actor: secretary, memberNumber: 1, role: 'SECRETARY' })),
    ).toBe('last-secretary');
    expect((await findMembership(prisma, 2n))?.roles).toEqual(['VILLAGER']);
  });
});
