import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { DomainError } from '../../core/errors.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { createCall, quoteCall } from '../../core/volunteers/create-call.ts';
import type { CallDraft } from '../../core/volunteers/volunteer-types.ts';
import type { CallPreference, MemberStatus, Role } from '../../prisma/generated/enums.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';

/**
 * createCall and quoteCall on real PostgreSQL: numbering, shifts and their supervisors, whom the
 * invites go to (audience, preference, active members only, never the creator), quiet hours, and the
 * paid-broadcast budget, which two launches racing for its last Stars cannot exceed together.
 */
const prisma: PrismaClient = testPrisma({ maxConnections: 12 });
const SECRETARY = 1001n;
/** 10:00 in Shanghai. */
const NOW = new Date('2026-12-01T02:00:00Z');
const HOUR = 3_600_000;
const at = (hours: number) => new Date(NOW.getTime() + hours * HOUR);

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

interface Person {
  preference?: CallPreference;
  status?: MemberStatus;
  role?: Role;
}

/** The secretary is member 1 (user 1001); then one member per person, numbers 2…, users 2…. */
async function village(people: Person[]): Promise<number> {
  await syncUser(prisma, { id: Number(SECRETARY), first_name: '李书记' });
  const { villageId } = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: SECRETARY,
    adminIds: [SECRETARY],
    joinApproval: false,
  });
  for (const [i, person] of people.entries()) {
    await syncUser(prisma, { id: 2 + i, first_name: `村民${i}` });
    await prisma.member.create({
      data: {
        villageId,
        userId: BigInt(2 + i),
        number: 2 + i,
        realName: `村民${i}`,
        status: person.status ?? 'ACTIVE',
        callPreference: person.preference ?? 'ON',
        roles: { create: { role: person.role ?? 'VILLAGER' } },
      },
    });
  }
  return villageId;
}

async function as(userId: number | bigint): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no membership for ${userId}`);
  return found;
}

const draft = (over: Partial<CallDraft> = {}): CallDraft => ({
  title: '防汛巡堤',
  description: '带雨衣和手电。',
  shifts: [
    { place: '东堤', startsAt: at(24), endsAt: at(28), capacity: 15 },
    { place: '西堤', startsAt: at(28), endsAt: at(32), capacity: 3 },
  ],
  pointsPerHour: 5,
  audience: 'MEMBERS',
  urgent: false,
  paidBroadcast: false,
  ...over,
});

const launch = (actor: Membership, over: Partial<CallDraft> = {}, now = NOW) =>
  prisma.$transaction((tx) => createCall(tx, { actor, draft: draft(over), now }));

describe('createCall', () => {
  it('numbers the call, writes its shifts and invites the active members its audience reaches, never its creator', async () => {
    const villageId = await village([
      { preference: 'ON' },
      { preference: 'VOLUNTEER' },
      { preference: 'OFF' },
      { status: 'AWAITING_NAME' },
      { preference: 'ON', status: 'LEFT' },
      { role: 'CADRE' },
    ]);
    const secretary = await as(SECRETARY);
    const first = await launch(secretary);
    expect(first).toMatchObject({
      number: 1,
      villageId,
      title: '防汛巡堤',
      recipients: 3,
      paidCostTenths: 0,
    });
    expect(first.fanoutAt).toEqual(NOW);
    expect(first.shifts.map((s) => [s.position, s.startsAt, s.endsAt])).toEqual([
      [1, at(24), at(28)],
      [2, at(28), at(32)],
    ]);
    const invites = await prisma.volunteerCallInvite.findMany({
      where: { callId: first.callId },
      orderBy: { memberId: 'asc' },
      select: { chatId: true, status: true, member: { select: { number: true } } },
    });
    // Members 2 (ON), 3 (VOLUNTEER) and 7 (the cadre); not 4 (OFF), 5 (still joining), 6 (left), 1 (the creator).
    expect(invites.map((i) => [i.member.number, i.chatId, i.status])).toEqual([
      [2, 2n, 'PENDING'],
      [3, 3n, 'PENDING'],
      [7, 7n, 'PENDING'],
    ]);
    const row = await prisma.volunteerCall.findUniqueOrThrow({
      where: { id: first.callId },
      include: { shifts: { orderBy: { position: 'asc' } } },
    });
    expect(row).toMatchObject({
      recipients: 3,
      status: 'OPEN',
      signupClosesAt: at(24),
      createdById: secretary.memberId,
      description: '带雨衣和手电。',
    });
    expect(row.shifts.map((s) => [s.place, s.capacity, s.taken, s.supervisorId])).toEqual([
      ['东堤', 15, 0, null],
      ['西堤', 3, 0, null],
    ]);

    // A volunteers-only call reaches those who opted in; a cadre may launch, and is left out of their own call.
    const cadre = await as(7);
    const second = await launch(cadre, { audience: 'VOLUNTEERS' });
    expect(second.number).toBe(2);
    const volunteers = await prisma.volunteerCallInvite.findMany({
      where: { callId: second.callId },
      select: { member: { select: { number: true } } },
    });
    expect(volunteers.map((i) => i.member.number)).toEqual([3]);
  });

  it('refuses villagers, and supervisors who are not active cadres or secretaries', async () => {
    await village([{}, { role: 'CADRE' }, { role: 'CADRE', status: 'LEFT' }, { role: 'SUPERVISOR' }]);
    const secretary = await as(SECRETARY);
    expect(await refusalOf(launch(await as(2)))).toBe('forbidden');
    const supervised = (number: number) =>
      draft({
        shifts: [
          { place: '东堤', startsAt: at(24), endsAt: at(28), capacity: 15, supervisorNumber: 3 },
          { place: '西堤', startsAt: at(28), endsAt: at(32), capacity: 3, supervisorNumber: number },
        ],
      });
    for (const number of [2, 4, 5, 99]) {
      const refused = await prisma
        .$transaction((tx) => createCall(tx, { actor: secretary, draft: supervised(number), now: NOW }))
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'call-supervisor-not-cadre', params: { number } });
    }
    const ok = await prisma.$transaction((tx) =>
      createCall(tx, { actor: secretary, draft: supervised(1), now: NOW }),
    );
    const shifts = await prisma.volunteerShift.findMany({
      where: { callId: ok.callId },
      orderBy: { position: 'asc' },
      select: { supervisor: { select: { number: true } } },
    });
    expect(shifts.map((s) => s.supervisor?.number)).toEqual([3, 1]);
    // The refused launches took no number.
    expect(ok.number).toBe(1);
  });

  it('defers a call launched in the quiet hours to their end; an urgent one goes at once', async () => {
    const villageId = await village([{}]);
    await prisma.village.update({
      where: { id: villageId },
      data: { quietHoursStart: 22 * 60, quietHoursEnd: 7 * 60 },
    });
    const secretary = await as(SECRETARY);
    // 23:30 in Shanghai.
    const night = new Date('2026-12-01T15:30:00Z');
    const calm = await launch(secretary, {}, night);
    expect(calm.fanoutAt).toEqual(new Date('2026-12-01T23:00:00Z'));
    const urgent = await launch(secretary, { urgent: true }, night);
    expect(urgent.fanoutAt).toEqual(night);
    const stored = await prisma.volunteerCall.findUniqueOrThrow({ where: { id: calm.callId } });
    expect(stored.fanoutAt).toEqual(new Date('2026-12-01T23:00:00Z'));
  });

  it('sends a paid broadcast only where enabled, reserving a tenth of a Star per recipient within the budget', async () => {
    const villageId = await village(Array.from({ length: 12 }, () => ({})));
    const secretary = await as(SECRETARY);
    const paid = { urgent: true, paidBroadcast: true };
    expect(await refusalOf(launch(secretary, paid))).toBe('call-paid-not-enabled');
    await prisma.village.update({
      where: { id: villageId },
      data: { paidBroadcastEnabled: true, paidBroadcastBudgetStars: 2 },
    });
    expect(await quoteCall(prisma, { actor: secretary, audience: 'MEMBERS', urgent: true })).toEqual({
      recipients: 12,
      paidAvailable: true,
      paidCostTenths: 12,
      budgetLeftTenths: 20,
    });
    expect(
      (await quoteCall(prisma, { actor: secretary, audience: 'MEMBERS', urgent: false })).paidAvailable,
    ).toBe(false);
    const launched = await launch(secretary, paid);
    expect(launched.paidCostTenths).toBe(12);
    expect(await prisma.volunteerCall.findUniqueOrThrow({ where: { id: launched.callId } })).toMatchObject({
      paidBroadcast: true,
      paidCostTenths: 12,
    });
    expect(await quoteCall(prisma, { actor: secretary, audience: 'MEMBERS', urgent: true })).toEqual({
      recipients: 12,
      paidAvailable: false,
      paidCostTenths: 12,
      budgetLeftTenths: 8,
    });
    const over = await launch(secretary, paid).catch((error: unknown) => error);
    expect(over).toMatchObject({ code: 'call-paid-over-budget', params: { cost: '1.2', left: '0.8' } });
    // The same call unpaid goes; the budget is untouched.
    await launch(secretary, { urgent: true });
    expect(await prisma.village.findUniqueOrThrow({ where: { id: villageId } })).toMatchObject({
      paidBroadcastSpentTenths: 12,
    });
  });

  it('two launches racing for the last of the budget: one goes, the other is refused', async () => {
    const villageId = await village(Array.from({ length: 6 }, () => ({})));
    // Budget 1 Star = 10 tenths; each launch costs 6.
    await prisma.village.update({
      where: { id: villageId },
      data: { paidBroadcastEnabled: true, paidBroadcastBudgetStars: 1 },
    });
    const secretary = await as(SECRETARY);
    for (let round = 0; round < 5; round++) {
      await prisma.village.update({ where: { id: villageId }, data: { paidBroadcastSpentTenths: 0 } });
      const outcomes = await Promise.all([
        refusalOf(launch(secretary, { urgent: true, paidBroadcast: true })),
        refusalOf(launch(secretary, { urgent: true, paidBroadcast: true })),
      ]);
      expect(outcomes.sort()).toEqual(['call-paid-over-budget', 'ok']);
      expect(
        (await prisma.village.findUniqueOrThrow({ where: { id: villageId } })).paidBroadcastSpentTenths,
      ).toBe(6);
    }
  });
});
