import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { pruneOutbox } from '../../core/outbox/outbox.ts';
import { pruneTimers } from '../../core/schedule/timers.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

const prisma: PrismaClient = testPrisma();
beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

const old = new Date(Date.now() - 10 * 24 * 3600_000);

describe('pruning delivery records', () => {
  it('drops old delivered or refused outbox rows, never one still owed', async () => {
    await prisma.outboxEntry.createMany({
      data: (['PENDING', 'QUEUED', 'DONE', 'FAILED'] as const).flatMap((status) => [
        { key: `old-${status}`, kind: 'JOB' as const, name: 'notify', payload: {}, status, createdAt: old },
        { key: `new-${status}`, kind: 'JOB' as const, name: 'notify', payload: {}, status },
      ]),
    });
    expect(await pruneOutbox(prisma, new Date(Date.now() - 7 * 24 * 3600_000))).toBe(2);
    const left = (await prisma.outboxEntry.findMany({ orderBy: { key: 'asc' } })).map((row) => row.key);
    expect(left).toEqual([
      'new-DONE',
      'new-FAILED',
      'new-PENDING',
      'new-QUEUED',
      'old-PENDING',
      'old-QUEUED',
    ]);
  });

  it('drops old fired or cancelled timers, never a pending one', async () => {
    await prisma.scheduledTimer.createMany({
      data: (['PENDING', 'FIRED', 'CANCELLED'] as const).map((status) => ({
        key: `old-${status}`,
        job: 'talk-task-reminder',
        payload: {},
        dueAt: old,
        status,
        createdAt: old,
      })),
    });
    expect(await pruneTimers(prisma, new Date(Date.now() - 7 * 24 * 3600_000))).toBe(2);
    expect((await prisma.scheduledTimer.findMany()).map((row) => row.key)).toEqual(['old-PENDING']);
  });
});
