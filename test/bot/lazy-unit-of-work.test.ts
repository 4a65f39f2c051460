import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { LazyUnitOfWork, UpdateAlreadyHandled } from '../../bot/update-flow/lazy-unit-of-work.ts';
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

describe('LazyUnitOfWork', () => {
  it('opens no transaction and claims nothing for reads', async () => {
    const unit = new LazyUnitOfWork(prisma, 1n);
    expect(await unit.db.user.count()).toBe(0);
    expect(await unit.db.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
    expect(unit.opened).toBe(false);
    await unit.commit();
    expect(await handledAt()).toBeNull();
  });

  it('claims the update with the first write and commits both together', async () => {
    const unit = new LazyUnitOfWork(prisma, 1n);
    await unit.db.user.create({ data: user(7) });
    expect(unit.opened).toBe(true);
    // Reads after the write see it (they run in the transaction); others do not yet.
    expect(await unit.db.user.count()).toBe(1);
    expect(await prisma.user.count()).toBe(0);
    await unit.commit();
    expect(await prisma.user.count()).toBe(1);
    expect(await handledAt()).not.toBeNull();
  });

  it('rolls back the writes and the claim together', async () => {
    const unit = new LazyUnitOfWork(prisma, 1n);
    await unit.db.user.create({ data: user(7) });
    await unit.rollback();
    expect(await prisma.user.count()).toBe(0);
    expect(await handledAt()).toBeNull();
  });

  it('refuses to write for an update an earlier run handled', async () => {
    const first = new LazyUnitOfWork(prisma, 1n);
    await first.db.user.create({ data: user(7) });
    await first.commit();
    const second = new LazyUnitOfWork(prisma, 1n);
    await expect(second.db.user.create({ data: user(8) })).rejects.toBeInstanceOf(UpdateAlreadyHandled);
    await second.rollback();
    expect(await prisma.user.count()).toBe(1);
  });
});
