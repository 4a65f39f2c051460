import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { UnitOfWork, UnitOfWorkMisuse, UpdateAlreadyHandled } from '../../bot/update-flow/unit-of-work.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { storeUpdates } from '../../core/inbox/inbox.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

const prisma: PrismaClient = testPrisma();
beforeEach(async () => {
  await resetDatabase(prisma);
  await storeUpdates(prisma, [{ update_id: 1, message: { chat: { id: 5 } } }]);
});
afterAll(() => prisma.$disconnect());

const handledAt = async () =>
  (await prisma.inboundUpdate.findUniqueOrThrow({ where: { updateId: 1n } })).handledAt;
const user = (id: number) => ({ id: BigInt(id), firstName: `u${id}` });

describe('UnitOfWork', () => {
  it('opens no transaction and claims nothing for reads', async () => {
    const unit = new UnitOfWork(prisma, 1n);
    expect(await unit.db.user.count()).toBe(0);
    expect(unit.opened).toBe(false);
    await unit.commit();
    expect(await handledAt()).toBeNull();
  });

  it('claims the update with the first write and commits both together', async () => {
    const unit = new UnitOfWork(prisma, 1n);
    await unit.write((tx) => tx.user.create({ data: user(7) }));
    expect(unit.opened).toBe(true);
    // Reads after the write see it (they run in the transaction); others do not yet.
    expect(await unit.db.user.count()).toBe(1);
    expect(await prisma.user.count()).toBe(0);
    await unit.write((tx) => tx.user.create({ data: user(8) }));
    await unit.commit();
    expect(await prisma.user.count()).toBe(2);
    expect(await handledAt()).not.toBeNull();
  });

  it('rolls back the writes and the claim together', async () => {
    const unit = new UnitOfWork(prisma, 1n);
    await unit.write((tx) => tx.user.create({ data: user(7) }));
    await unit.rollback();
    expect(await prisma.user.count()).toBe(0);
    expect(await handledAt()).toBeNull();
  });

  it('refuses writes, raw SQL and transactions through the read handle, loudly', async () => {
    const unit = new UnitOfWork(prisma, 1n);
    expect(() => unit.db.user.create({ data: user(7) })).toThrow(UnitOfWorkMisuse);
    expect(() => unit.db.user.upsert({ where: { id: 7n }, create: user(7), update: {} })).toThrow(
      UnitOfWorkMisuse,
    );
    expect(() => unit.db.$queryRaw`SELECT 1 FOR UPDATE`).toThrow(UnitOfWorkMisuse);
    expect(() => unit.db.$executeRaw`SELECT pg_advisory_xact_lock(1)`).toThrow(UnitOfWorkMisuse);
    expect(() => (unit.db as PrismaClient).$transaction([])).toThrow(UnitOfWorkMisuse);
    expect(unit.opened).toBe(false);
    expect(await prisma.user.count()).toBe(0);
  });

  it('runs locks and raw SQL inside the update transaction', async () => {
    const unit = new UnitOfWork(prisma, 1n);
    // An advisory lock taken through write() is the transaction's: held until commit, not before.
    await unit.write((tx) => tx.$executeRaw`SELECT pg_advisory_xact_lock(4242)`);
    const heldElsewhere = await prisma.$queryRaw<
      { got: boolean }[]
    >`SELECT pg_try_advisory_lock(4242) AS got`;
    expect(heldElsewhere[0]?.got).toBe(false);
    const [row] = await unit.write((tx) => tx.$queryRaw<{ n: number }[]>`SELECT 41 + 1 AS n`);
    expect(row?.n).toBe(42);
    await unit.commit();
    const freed = await prisma.$queryRaw<{ got: boolean }[]>`SELECT pg_try_advisory_xact_lock(4242) AS got`;
    expect(freed[0]?.got).toBe(true);
  });

  it('refuses to write for an update an earlier run handled', async () => {
    const first = new UnitOfWork(prisma, 1n);
    await first.write((tx) => tx.user.create({ data: user(7) }));
    await first.commit();
    const second = new UnitOfWork(prisma, 1n);
    await expect(second.write((tx) => tx.user.create({ data: user(8) }))).rejects.toBeInstanceOf(
      UpdateAlreadyHandled,
    );
    await second.rollback();
    expect(await prisma.user.count()).toBe(1);
  });
});
