import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, type PrismaClient, type SqlReader } from '../../core/db/client.ts';
import { signHouseholdQr } from '../../core/households/household-qr.ts';
import { readVillageHouseholdSigns } from '../../core/households/household-signs.ts';
import { revokeHouseholdQr } from '../../core/households/revoke-household-qr.ts';
import { scanHouseholdQr } from '../../core/households/scan-household-qr.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { resetDatabase, testDatabaseUrl } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/**
 * Household signs on a real database: a scan shows a member of the village the household's card
 * (through Prisma and through the bot's plain SQL reader alike), an outsider the village only; a
 * revoke is one version bump with an audit row, after which the old sign is refused at once and the
 * new one works; only the secretary revokes, and two revokes at once both count.
 */
const { prisma, sql }: { prisma: PrismaClient; sql: SqlReader } = createDatabase(testDatabaseUrl());
const SECRET = 'integration-qr-secret-0123';
const NOW = new Date('2026-11-30T04:00:00Z');

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

async function village() {
  const { member } = await createTestVillage(prisma, [
    [2, '谢启富'],
    [3, '王秀英'],
  ]);
  const secretary = await member(1);
  const xie = await member(2);
  const wang = await member(3);
  const xieRow = await prisma.member.findUniqueOrThrow({ where: { id: xie.memberId } });
  const wangRow = await prisma.member.findUniqueOrThrow({ where: { id: wang.memberId } });
  const household = await prisma.household.findUniqueOrThrow({ where: { id: xieRow.householdId ?? 0 } });
  await prisma.$transaction((tx) =>
    appendLedgerEntries(
      tx,
      secretary.villageId,
      [
        { memberId: xie.memberId, householdId: household.id, amount: 20, reason: '发展建议被采纳' },
        { memberId: wang.memberId, householdId: wangRow.householdId, amount: 30, reason: '志愿服务' },
        { memberId: xie.memberId, householdId: household.id, amount: 8, reason: '帮助邻居' },
      ],
      NOW,
    ),
  );
  const payload = signHouseholdQr(SECRET, {
    villageId: secretary.villageId,
    householdId: household.id,
    version: 1,
  });
  return { secretary, xie, wang, household, payload };
}

const scan = (source: PrismaClient | SqlReader, payload: string, userId: number) =>
  scanHouseholdQr(source, { secrets: [SECRET], payload, viewerUserId: BigInt(userId), now: NOW });

describe('scanning a household sign', () => {
  for (const [label, source] of [
    ['Prisma', () => prisma],
    ['plain SQL', () => sql],
  ] as const) {
    it(`shows a member the household's card (${label})`, async () => {
      const { payload } = await village();
      expect(await scan(source(), payload, 3)).toEqual({
        outcome: 'member',
        card: {
          village: '友谊村',
          household: '谢启富家',
          members: ['谢启富'],
          total: 28,
          rank: 2,
          rankedAmong: 2, // the secretary of the fixture has no household
          stars: 3, // one household of two ahead: 50%, the ★★★ band
          recent: [
            { amount: 8, reason: '帮助邻居', date: '11-30' },
            { amount: 20, reason: '发展建议被采纳', date: '11-30' },
          ],
        },
      });
    });
  }

  it('shows someone outside the village only its name, and refuses a forged code to anyone', async () => {
    const { payload } = await village();
    await syncUser(prisma, { id: 99, first_name: 'Stranger' });
    expect(await scan(prisma, payload, 99)).toEqual({ outcome: 'outsider', village: '友谊村' });
    const forged = `${payload.slice(0, -1)}${payload.endsWith('A') ? 'B' : 'A'}`;
    expect(await scan(prisma, forged, 2)).toEqual({ outcome: 'forged' });
    expect(await scan(prisma, forged, 99)).toEqual({ outcome: 'forged' });
    expect(await scan(prisma, payload.slice(0, -3), 2)).toEqual({ outcome: 'forged' });
    // A well-signed code for a household that does not exist answers as a forgery does.
    const missing = signHouseholdQr(SECRET, { villageId: 1, householdId: 9_999, version: 1 });
    expect(await scan(prisma, missing, 2)).toEqual({ outcome: 'forged' });
  });
});

describe('changing QR_SECRET', () => {
  it('accepts signs of the former secret only while it is given as QR_SECRET_PREVIOUS', async () => {
    const { payload } = await village();
    const rotated = { payload, viewerUserId: 2n, now: NOW };
    expect((await scanHouseholdQr(prisma, { ...rotated, secrets: ['the-new-qr-secret-0123'] })).outcome).toBe(
      'forged',
    );
    expect(
      (await scanHouseholdQr(prisma, { ...rotated, secrets: ['the-new-qr-secret-0123', SECRET] })).outcome,
    ).toBe('member');
  });
});

describe('revoking a household sign', () => {
  it('bumps the version with an audit row: the old sign is refused at once, the new one works', async () => {
    const { secretary, household, payload } = await village();
    const revoked = await prisma.$transaction((tx) =>
      revokeHouseholdQr(tx, { actor: secretary, householdNumber: household.number }),
    );
    expect(revoked).toEqual({
      householdId: household.id,
      number: household.number,
      name: '谢启富家',
      version: 2,
    });
    expect(await scan(prisma, payload, 2)).toEqual({ outcome: 'revoked' });
    expect(await scan(sql, payload, 99)).toEqual({ outcome: 'revoked' });
    const fresh = signHouseholdQr(SECRET, {
      villageId: secretary.villageId,
      householdId: household.id,
      version: 2,
    });
    expect((await scan(prisma, fresh, 2)).outcome).toBe('member');
    // The printed sheet carries the new version.
    const signs = await readVillageHouseholdSigns(prisma, secretary.villageId);
    expect(signs.find((s) => s.householdId === household.id)?.version).toBe(2);
    const audit = await prisma.auditEvent.findMany({ where: { action: 'household.qr-revoke' } });
    expect(audit).toMatchObject([
      {
        villageId: secretary.villageId,
        actorId: secretary.memberId,
        subject: `household-${household.id}`,
        data: { version: 2 },
      },
    ]);
  });

  it("is the secretary's only, and names an unknown household number", async () => {
    const { secretary, xie, household } = await village();
    expect(
      await refusalOf(revokeHouseholdQr(prisma, { actor: xie, householdNumber: household.number })),
    ).toBe('forbidden');
    expect(await refusalOf(revokeHouseholdQr(prisma, { actor: secretary, householdNumber: 77 }))).toBe(
      'household-qr-household-not-found',
    );
    const row = await prisma.household.findUniqueOrThrow({ where: { id: household.id } });
    expect(row.qrVersion).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: 'household.qr-revoke' } })).toBe(0);
  });

  it('counts two revokes at once, each with its own version', async () => {
    const { secretary, household } = await village();
    const results = await Promise.all(
      [0, 1].map(() =>
        prisma.$transaction((tx) =>
          revokeHouseholdQr(tx, { actor: secretary, householdNumber: household.number }),
        ),
      ),
    );
    expect(results.map((r) => r.version).sort()).toEqual([2, 3]);
    expect((await prisma.household.findUniqueOrThrow({ where: { id: household.id } })).qrVersion).toBe(3);
  });

  it('has the database refuse a version below 1', async () => {
    const { household } = await village();
    await expect(
      prisma.household.update({ where: { id: household.id }, data: { qrVersion: 0 } }),
    ).rejects.toThrow(/Household_qrVersion_positive|check/i);
  });
});
