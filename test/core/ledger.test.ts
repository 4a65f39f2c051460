import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { GENESIS_HASH } from '../../core/points/ledger-hash.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { resetDatabase, testDatabaseUrl, testPrisma } from '../support/db.ts';

const prisma: PrismaClient = testPrisma();
const ADMIN = 1001n;

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

/** A village and its secretary (member 1), whose id the entries go to. */
async function village(name: string) {
  await syncUser(prisma, { id: Number(ADMIN), first_name: '书记' });
  const created = await createVillage(prisma, { name, creatorUserId: ADMIN, adminIds: [ADMIN] });
  const member = await prisma.member.findFirstOrThrow({ where: { villageId: created.villageId } });
  return { villageId: created.villageId, memberId: member.id };
}

// 1,000 racing transactions wait for the pool's connections, and then for the village's head row.
const WAIT = { maxWait: 60_000, timeout: 60_000 };
const append = (villageId: number, memberId: number, amount: number, reason = `+${amount}`) =>
  prisma.$transaction((tx) => appendLedgerEntries(tx, villageId, [{ memberId, amount, reason }]), WAIT);

describe('the ledger chain', () => {
  it('links each entry to the one before, from the genesis hash, per village', async () => {
    const east = await village('东村');
    const west = await village('西村');
    await append(east.villageId, east.memberId, 8);
    await append(west.villageId, west.memberId, -5);
    await append(east.villageId, east.memberId, 20);
    const entries = await prisma.ledgerEntry.findMany({
      orderBy: [{ villageId: 'asc' }, { sequence: 'asc' }],
    });
    expect(entries.map((e) => [e.villageId, e.sequence, e.amount])).toEqual([
      [east.villageId, 1, 8],
      [east.villageId, 2, 20],
      [west.villageId, 1, -5],
    ]);
    expect(entries[0]?.prevHash).toBe(GENESIS_HASH);
    expect(entries[1]?.prevHash).toBe(entries[0]?.hash);
    expect(await verifyLedger(prisma, east.villageId)).toMatchObject({ ok: true, entries: 2 });
    expect(await verifyLedger(prisma, west.villageId)).toMatchObject({ ok: true, entries: 1 });
  });

  it('never forks: 1,000 appends at once to one village make 1,000 entries in one unbroken chain', async () => {
    const { villageId, memberId } = await village('东村');
    // Separate transactions racing for the same head; the pool runs several at a time.
    await Promise.all(Array.from({ length: 1_000 }, (_, i) => append(villageId, memberId, 1, `#${i}`)));
    const sequences = (
      await prisma.ledgerEntry.findMany({ where: { villageId }, select: { sequence: true } })
    ).map((e) => e.sequence);
    expect(sequences.sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, i) => i + 1));
    expect(await verifyLedger(prisma, villageId)).toMatchObject({ ok: true, entries: 1_000 });
  }, 60_000);

  it('keeps one entry per award: a second append for it is refused and rolls its transaction back', async () => {
    const { villageId, memberId } = await village('东村');
    const award = await prisma.pointAward.create({
      data: { villageId, memberId, points: 8, reason: 'helped', status: 'APPROVED', finalAt: new Date() },
    });
    const once = () =>
      prisma.$transaction((tx) =>
        appendLedgerEntries(tx, villageId, [{ memberId, amount: 8, reason: 'helped', awardId: award.id }]),
      );
    await once();
    await expect(once()).rejects.toMatchObject({ code: 'P2002' });
    expect(await prisma.ledgerEntry.count()).toBe(1);
    // The refused append took no sequence: the chain goes on from 2.
    expect(await verifyLedger(prisma, villageId)).toMatchObject({ ok: true, entries: 1 });
  });

  it('refuses an entry for a member of another village', async () => {
    const east = await village('东村');
    const west = await village('西村');
    await expect(append(east.villageId, west.memberId, 8)).rejects.toThrow();
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });
});

describe('what the database refuses', () => {
  it('an UPDATE or DELETE of an entry, and deleting a village that has entries', async () => {
    const { villageId, memberId } = await village('东村');
    await append(villageId, memberId, 8);
    await expect(
      prisma.$executeRaw`UPDATE "LedgerEntry" SET amount = 800 WHERE "villageId" = ${villageId}`,
    ).rejects.toThrow(/append-only/);
    await expect(
      prisma.$executeRaw`DELETE FROM "LedgerEntry" WHERE "villageId" = ${villageId}`,
    ).rejects.toThrow(/append-only/);
    await expect(prisma.village.delete({ where: { id: villageId } })).rejects.toThrow();
    expect((await prisma.ledgerEntry.findFirstOrThrow()).amount).toBe(8);
  });
});

describe('verify', () => {
  /** A superuser who switches triggers off for the session changes a row behind the app's back. */
  async function tamper(sql: string) {
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(sql);
    });
  }

  async function chainOf(entries: number) {
    const { villageId, memberId } = await village('东村');
    for (let i = 1; i <= entries; i++) await append(villageId, memberId, i);
    return villageId;
  }

  it('names the altered entry when its amount is changed and its hash left', async () => {
    const villageId = await chainOf(5);
    await tamper(`UPDATE "LedgerEntry" SET amount = 500 WHERE sequence = 3`);
    expect(await verifyLedger(prisma, villageId)).toEqual({
      ok: false,
      sequence: 3,
      reason: 'hash-mismatch',
    });
  });

  it('names the altered entry when its hash is recomputed too (the next link breaks)', async () => {
    const villageId = await chainOf(5);
    // Whoever alters a row and fixes its hash still leaves the next entry pointing at the old one.
    await tamper(`UPDATE "LedgerEntry" SET hash = repeat('a', 64) WHERE sequence = 3`);
    expect(await verifyLedger(prisma, villageId)).toEqual({
      ok: false,
      sequence: 3,
      reason: 'hash-mismatch',
    });
  });

  it('holds a rewritten tail to the published checkpoints', async () => {
    const villageId = await chainOf(5);
    const fourth = await prisma.ledgerEntry.findFirstOrThrow({ where: { villageId, sequence: 4 } });
    await prisma.ledgerCheckpoint.create({ data: { villageId, sequence: 4, hash: fourth.hash } });
    expect(await verifyLedger(prisma, villageId)).toMatchObject({ ok: true, checkpoints: 1 });
    // Entries 4 and 5 removed and the head moved back: consistent in itself, but not with what was published.
    await tamper(`DELETE FROM "LedgerEntry" WHERE sequence >= 4`);
    const third = await prisma.ledgerEntry.findFirstOrThrow({ where: { villageId, sequence: 3 } });
    await prisma.ledgerHead.update({ where: { villageId }, data: { nextSequence: 4, lastHash: third.hash } });
    expect(await verifyLedger(prisma, villageId)).toEqual({ ok: false, sequence: 4, reason: 'gap' });
  });

  it('is what `npm run ledger:verify` runs: a line per village, exit 1 naming the bad sequence', async () => {
    const villageId = await chainOf(4);
    const run = () =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/ledger-verify.ts'], {
        env: { ...process.env, DATABASE_URL: String(process.env.DATABASE_URL) },
      });
    expect((await run()).stdout).toMatch(new RegExp(`^ok +village ${villageId} \\(东村\\): 4 entries`, 'm'));
    await tamper(`UPDATE "LedgerEntry" SET reason = '改过' WHERE sequence = 2`);
    await expect(run()).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringContaining(`BROKEN  village ${villageId} (东村): sequence 2 (hash-mismatch)`),
    });
  }, 30_000);

  it('notices a head that does not match the chain', async () => {
    const villageId = await chainOf(3);
    await tamper(`DELETE FROM "LedgerEntry" WHERE sequence = 3`);
    expect(await verifyLedger(prisma, villageId)).toEqual({
      ok: false,
      sequence: 3,
      reason: 'head-mismatch',
    });
  });
});

describe('verify through the plain SQL reader', () => {
  // A session in another time zone: createdAt (timestamp without time zone, holding UTC) must still
  // read back as the instant that was hashed.
  const pool = new pg.Pool({
    connectionString: testDatabaseUrl(),
    max: 2,
    options: '-c TimeZone=Asia/Shanghai',
  });
  const reader = { query: (text: string, values: readonly unknown[]) => pool.query(text, [...values]) };
  afterAll(() => pool.end());

  it('gives the verdicts the model query gives, reversal entries and times included', async () => {
    const { villageId, memberId } = await village('东村');
    await append(villageId, memberId, 8);
    await append(villageId, memberId, 20);
    const first = await prisma.ledgerEntry.findFirstOrThrow({ where: { villageId, sequence: 1 } });
    await prisma.$transaction((tx) =>
      appendLedgerEntries(tx, villageId, [
        { memberId, amount: -8, reason: 'reversed', reversesId: first.id },
      ]),
    );
    const good = await verifyLedger(prisma, villageId);
    expect(good).toMatchObject({ ok: true, entries: 3 });
    expect(await verifyLedger(prisma, villageId, { reader })).toEqual(good);
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`);
      await tx.$executeRawUnsafe(
        `UPDATE "LedgerEntry" SET "createdAt" = "createdAt" + interval '1 ms' WHERE sequence = 2`,
      );
    });
    const bad = { ok: false, sequence: 2, reason: 'hash-mismatch' };
    expect(await verifyLedger(prisma, villageId)).toEqual(bad);
    expect(await verifyLedger(prisma, villageId, { reader })).toEqual(bad);
  });
});
