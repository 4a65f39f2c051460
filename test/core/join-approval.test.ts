import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { confirmHousehold } from '../../core/members/confirm-household.ts';
import { decideJoin } from '../../core/members/decide-join.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { leaveUnfinishedJoin } from '../../core/members/leave-unfinished-join.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { readInviteCode, rotateInviteCode } from '../../core/villages/village-invite.ts';
import { readVillageSettings, setJoinApproval } from '../../core/villages/village-settings.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';

const prisma: PrismaClient = testPrisma({ maxConnections: 6 });
const ADMIN = 1001n;

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

async function membership(userId: number | bigint): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no membership for ${userId}`);
  return found;
}

/** Youyi with approval as asked; the secretary is member 1 (active at once, in 李书记家). */
async function village(joinApproval?: boolean) {
  await syncUser(prisma, { id: Number(ADMIN), first_name: '李书记' });
  const created = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: ADMIN,
    adminIds: [ADMIN],
    ...(joinApproval !== undefined && { joinApproval }),
  });
  return created;
}

/** Opens the link and answers both questions; returns what the household answer led to. */
async function onboard(userId: number, name: string, household: string) {
  const { inviteCode } = await prisma.village.findFirstOrThrow();
  await syncUser(prisma, { id: userId, first_name: name });
  await joinVillage(prisma, { userId: BigInt(userId), inviteCode });
  await answerOnboarding(prisma, { membership: await membership(userId), text: name });
  return answerOnboarding(prisma, { membership: await membership(userId), text: household });
}

async function statusOf(userId: number) {
  return (await prisma.member.findFirstOrThrow({ where: { userId: BigInt(userId) } })).status;
}

describe('join approval', () => {
  it('is on by default: a newcomer waits, and the secretaries and cadres are the ones to ask', async () => {
    await village();
    await onboard(2, '谢启富', '谢启富家');
    await decideJoin(prisma, {
      actor: await membership(ADMIN),
      memberId: (await membership(2)).memberId,
      approve: true,
    });
    await grantRole(prisma, { actor: await membership(ADMIN), memberNumber: 2, role: 'CADRE' });

    const step = await onboard(3, '王秀英', '王家');
    expect(step.status).toBe('AWAITING_APPROVAL');
    const ids = [(await membership(ADMIN)).memberId, (await membership(2)).memberId];
    expect(step.status === 'AWAITING_APPROVAL' && step.notify).toEqual(ids);
    // Waiting, they may do nothing a member does.
    expect(
      await refusalOf(
        Promise.resolve().then(async () => readInviteCode(prisma, { actor: await membership(3) })),
      ),
    ).toBe('join-awaiting-approval');
  });

  it('never holds up the village creator, and is off at once when the village says so', async () => {
    await village(false);
    expect((await onboard(2, '谢启富', '谢启富家')).status).toBe('ACTIVE');
    await syncUser(prisma, { id: 9, first_name: 'Admin2' });
    const second = await createVillage(prisma, {
      name: '第二村',
      creatorUserId: 9n,
      adminIds: [9n],
      askName: true,
    });
    const creator = await membership(9);
    expect(creator.villageId).toBe(second.villageId);
    await answerOnboarding(prisma, { membership: creator, text: '张书记' });
    expect(await answerOnboarding(prisma, { membership: await membership(9), text: '张家' })).toMatchObject({
      status: 'ACTIVE',
    });
  });

  it('is decided once: a cadre approves, a second approval hears who decided, and it is audited', async () => {
    await village();
    await onboard(2, '谢启富', '谢启富家');
    const first = (await membership(2)).memberId;
    await decideJoin(prisma, { actor: await membership(ADMIN), memberId: first, approve: true });
    await grantRole(prisma, { actor: await membership(ADMIN), memberNumber: 2, role: 'CADRE' });
    await onboard(3, '王秀英', '王家');
    const newcomer = (await membership(3)).memberId;

    const decided = await decideJoin(prisma, {
      actor: await membership(2),
      memberId: newcomer,
      approve: true,
    });
    expect(decided).toMatchObject({ number: 3, name: '王秀英', approved: true });
    expect(await statusOf(3)).toBe('ACTIVE');
    const again = decideJoin(prisma, { actor: await membership(ADMIN), memberId: newcomer, approve: false });
    await expect(again).rejects.toMatchObject({
      code: 'join-already-decided',
      params: { name: '谢启富', outcome: 'approved' },
    });
    expect(await statusOf(3)).toBe('ACTIVE');
    const audit = await prisma.auditEvent.findMany({
      where: { subject: `member:${newcomer}` },
      select: { action: true, actorId: true },
    });
    expect(audit).toEqual([{ action: 'member.approve', actorId: (await membership(2)).memberId }]);
  });

  it('lets two approvers at once have one effect', async () => {
    await village();
    await onboard(2, '谢启富', '谢启富家');
    await decideJoin(prisma, {
      actor: await membership(ADMIN),
      memberId: (await membership(2)).memberId,
      approve: true,
    });
    await grantRole(prisma, { actor: await membership(ADMIN), memberNumber: 2, role: 'CADRE' });
    await onboard(3, '王秀英', '王家');
    const newcomer = (await membership(3)).memberId;
    const [secretary, cadre] = [await membership(ADMIN), await membership(2)];

    const outcomes = await Promise.all([
      refusalOf(
        prisma.$transaction((tx) => decideJoin(tx, { actor: secretary, memberId: newcomer, approve: false })),
      ),
      refusalOf(
        prisma.$transaction((tx) => decideJoin(tx, { actor: cadre, memberId: newcomer, approve: true })),
      ),
    ]);
    expect([...outcomes].sort()).toEqual(['join-already-decided', 'ok']);
    const decisions = await prisma.auditEvent.findMany({
      where: { subject: `member:${newcomer}`, action: { in: ['member.approve', 'member.reject'] } },
    });
    expect(decisions).toHaveLength(1);
    // The one that went through decided: the rejection (first) or the approval (second).
    const rejectWon = outcomes[0] === 'ok';
    expect(decisions[0]?.action).toBe(rejectWon ? 'member.reject' : 'member.approve');
    expect(await statusOf(3)).toBe(rejectWon ? 'LEFT' : 'ACTIVE');
  });

  it('refuses a villager (an old button), a request of another village, and a withdrawn one', async () => {
    await village();
    await onboard(2, '谢启富', '谢启富家');
    await decideJoin(prisma, {
      actor: await membership(ADMIN),
      memberId: (await membership(2)).memberId,
      approve: true,
    });
    await onboard(3, '王秀英', '王家');
    const newcomer = (await membership(3)).memberId;
    expect(
      await refusalOf(decideJoin(prisma, { actor: await membership(2), memberId: newcomer, approve: true })),
    ).toBe('forbidden');
    expect(
      await refusalOf(decideJoin(prisma, { actor: await membership(ADMIN), memberId: 999, approve: true })),
    ).toBe('join-request-not-found');
    await leaveUnfinishedJoin(prisma, await membership(3));
    expect(await statusOf(3)).toBe('LEFT');
    expect(
      await refusalOf(
        decideJoin(prisma, { actor: await membership(ADMIN), memberId: newcomer, approve: true }),
      ),
    ).toBe('join-request-closed');
  });

  it('rejects into LEFT with no household; the link works again and asks from the start', async () => {
    await village();
    await onboard(2, '谢启富', '谢启富家');
    const newcomer = (await membership(2)).memberId;
    await decideJoin(prisma, { actor: await membership(ADMIN), memberId: newcomer, approve: false });
    const row = await prisma.member.findUniqueOrThrow({ where: { id: newcomer } });
    expect(row).toMatchObject({ status: 'LEFT', householdId: null });
    const { inviteCode } = await prisma.village.findFirstOrThrow();
    expect(await joinVillage(prisma, { userId: 2n, inviteCode })).toMatchObject({ status: 'AWAITING_NAME' });
  });
});

describe('settings and invite codes', () => {
  it('lets only the secretary change approval, audits a change and not a repeat', async () => {
    await village(false);
    await onboard(2, '谢启富', '谢启富家');
    expect(await refusalOf(setJoinApproval(prisma, { actor: await membership(2), on: true }))).toBe(
      'forbidden',
    );
    expect(await refusalOf(readVillageSettings(prisma, { actor: await membership(2) }))).toBe('forbidden');
    const secretary = await membership(ADMIN);
    expect(await setJoinApproval(prisma, { actor: secretary, on: true })).toEqual({ changed: true });
    expect(await setJoinApproval(prisma, { actor: secretary, on: true })).toEqual({ changed: false });
    expect(await readVillageSettings(prisma, { actor: secretary })).toMatchObject({ joinApproval: true });
    expect(await prisma.auditEvent.count({ where: { action: 'village.settings' } })).toBe(1);
    expect((await onboard(3, '王秀英', '王家')).status).toBe('AWAITING_APPROVAL');
  });

  it('rotates the invite code (secretary only): the old code is unknown, the new one joins', async () => {
    const { inviteCode: old } = await village(false);
    await onboard(2, '谢启富', '谢启富家');
    await grantRole(prisma, { actor: await membership(ADMIN), memberNumber: 2, role: 'CADRE' });
    expect(await readInviteCode(prisma, { actor: await membership(2) })).toBe(old);
    expect(await refusalOf(rotateInviteCode(prisma, { actor: await membership(2) }))).toBe('forbidden');
    const fresh = await rotateInviteCode(prisma, { actor: await membership(ADMIN) });
    expect(fresh).not.toBe(old);
    await syncUser(prisma, { id: 3, first_name: 'x' });
    expect(await refusalOf(joinVillage(prisma, { userId: 3n, inviteCode: old }))).toBe('invite-code-unknown');
    expect(await joinVillage(prisma, { userId: 3n, inviteCode: fresh })).toMatchObject({
      status: 'AWAITING_NAME',
    });
    expect(await prisma.auditEvent.count({ where: { action: 'village.invite-rotate' } })).toBe(1);
  });
});

describe('joining an existing household', () => {
  async function withHousehold(joinApproval: boolean) {
    await village(joinApproval);
    await onboard(2, '谢启富', '谢启富家');
    if (joinApproval)
      await decideJoin(prisma, {
        actor: await membership(ADMIN),
        memberId: (await membership(2)).memberId,
        approve: true,
      });
    await onboard(4, '王秀英', '王家');
    if (joinApproval)
      await decideJoin(prisma, {
        actor: await membership(ADMIN),
        memberId: (await membership(4)).memberId,
        approve: true,
      });
    return prisma.household.findFirstOrThrow({ where: { name: '谢启富家' } });
  }

  it('asks its active members and the secretaries; a member confirms, the newcomer is active', async () => {
    const household = await withHousehold(false);
    const step = await onboard(3, '谢小红', '谢启富家');
    expect(step).toMatchObject({ status: 'AWAITING_HOUSEHOLD_CONFIRMATION', householdId: household.id });
    const ids = [(await membership(ADMIN)).memberId, (await membership(2)).memberId];
    expect(step.status === 'AWAITING_HOUSEHOLD_CONFIRMATION' && step.notify).toEqual(ids);
    const row = await prisma.member.findFirstOrThrow({ where: { userId: 3n } });
    expect(row).toMatchObject({ pendingHouseholdId: household.id, householdId: null });

    const newcomer = (await membership(3)).memberId;
    // A member of another household may not confirm.
    expect(
      await refusalOf(
        confirmHousehold(prisma, {
          actor: await membership(4),
          memberId: newcomer,
          householdId: household.id,
          confirm: true,
        }),
      ),
    ).toBe('household-not-yours');
    const decided = await confirmHousehold(prisma, {
      actor: await membership(2),
      memberId: newcomer,
      householdId: household.id,
      confirm: true,
    });
    expect(decided).toMatchObject({ confirmed: true, status: 'ACTIVE', notify: [] });
    expect(await membership(3)).toMatchObject({ status: 'ACTIVE', householdName: '谢启富家' });
    expect(
      await refusalOf(
        confirmHousehold(prisma, {
          actor: await membership(ADMIN),
          memberId: newcomer,
          householdId: household.id,
          confirm: false,
        }),
      ),
    ).toBe('join-already-decided');
  });

  it('with approval on: a villager confirms, then approvers decide; a secretary confirming approves too', async () => {
    const household = await withHousehold(true);
    await onboard(3, '谢小红', '谢启富家');
    const byVillager = await confirmHousehold(prisma, {
      actor: await membership(2),
      memberId: (await membership(3)).memberId,
      householdId: household.id,
      confirm: true,
    });
    expect(byVillager).toMatchObject({
      status: 'AWAITING_APPROVAL',
      notify: [(await membership(ADMIN)).memberId],
    });
    expect(await statusOf(3)).toBe('AWAITING_APPROVAL');

    await onboard(5, '谢大军', '谢启富家');
    const bySecretary = await confirmHousehold(prisma, {
      actor: await membership(ADMIN),
      memberId: (await membership(5)).memberId,
      householdId: household.id,
      confirm: true,
    });
    expect(bySecretary).toMatchObject({ status: 'ACTIVE' });
    const actions = await prisma.auditEvent.findMany({
      where: { subject: `member:${(await membership(5)).memberId}` },
      select: { action: true },
      orderBy: { id: 'asc' },
    });
    expect(actions.map((a) => a.action)).toEqual(['household.confirm', 'member.approve']);
  });

  it('refused, the newcomer is asked for the household again; a new name works as before', async () => {
    const household = await withHousehold(false);
    await onboard(3, '谢小红', '谢启富家');
    const newcomer = (await membership(3)).memberId;
    const refused = await confirmHousehold(prisma, {
      actor: await membership(2),
      memberId: newcomer,
      householdId: household.id,
      confirm: false,
    });
    expect(refused).toMatchObject({ confirmed: false, status: 'AWAITING_HOUSEHOLD' });
    expect(await prisma.member.findUniqueOrThrow({ where: { id: newcomer } })).toMatchObject({
      status: 'AWAITING_HOUSEHOLD',
      pendingHouseholdId: null,
    });
    // The old button does nothing now, and says who refused.
    await expect(
      confirmHousehold(prisma, {
        actor: await membership(ADMIN),
        memberId: newcomer,
        householdId: household.id,
        confirm: true,
      }),
    ).rejects.toMatchObject({ code: 'join-already-decided', params: { name: '谢启富', outcome: 'refused' } });
    expect(
      await answerOnboarding(prisma, { membership: await membership(3), text: '谢小红家' }),
    ).toMatchObject({
      status: 'ACTIVE',
      householdName: '谢小红家',
    });
  });

  it('holds the pending household and the status together in the database', async () => {
    await withHousehold(false);
    const row = await prisma.member.findFirstOrThrow({ where: { userId: 2n } });
    await expect(
      prisma.member.update({ where: { id: row.id }, data: { status: 'AWAITING_HOUSEHOLD_CONFIRMATION' } }),
    ).rejects.toThrow(/Member_pending_household_iff_awaiting_confirmation|check constraint/i);
    await expect(
      prisma.member.update({
        where: { id: row.id },
        data: { status: 'AWAITING_APPROVAL', householdId: null },
      }),
    ).rejects.toThrow(/Member_awaiting_approval_is_onboarded|check constraint/i);
  });
});
