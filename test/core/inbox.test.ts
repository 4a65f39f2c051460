import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import {
  claimUpdate,
  isUpdateHandled,
  listPendingUpdates,
  listPendingUpdatesOfChat,
  recordFailedAttempt,
  storeUpdates,
} from '../../core/inbox/inbox.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

const prisma: PrismaClient = testPrisma();
beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

const update = (id: number, chat: number) => ({
  update_id: id,
  message: { chat: { id: chat }, text: `m${id}` },
});

describe('the inbox', () => {
  it('keeps a replayed update once', async () => {
    expect((await storeUpdates(prisma, [update(1, 10), update(2, 10)])).map((u) => u.updateId)).toEqual([
      1n,
      2n,
    ]);
    const again = await storeUpdates(prisma, [update(2, 10), update(3, 11)]);
    expect(again).toEqual([
      { updateId: 3n, chatKey: 'chat:11', attempts: 0, payload: update(3, 11), earlierPending: 0 },
    ]);
    const pending = await listPendingUpdates(prisma, 10);
    expect(pending.map((p) => [Number(p.updateId), p.chatKey])).toEqual([
      [1, 'chat:10'],
      [2, 'chat:10'],
      [3, 'chat:11'],
    ]);
  });

  it('says when an older update of the same chat is still waiting, as stored by anyone', async () => {
    await storeUpdates(prisma, [update(1, 10)]);
    // Another process stored update 1; this one receives 2 (same chat) and 3 (another chat).
    const second = await storeUpdates(prisma, [update(2, 10), update(3, 11)]);
    expect(second.map((u) => [Number(u.updateId), u.earlierPending])).toEqual([
      [2, 1],
      [3, 0],
    ]);
    await prisma.$transaction((tx) => claimUpdate(tx, 1n));
    const [fourth] = await storeUpdates(prisma, [update(4, 10)]);
    expect(fourth?.earlierPending).toBe(1); // 2 is still waiting
    expect((await listPendingUpdatesOfChat(prisma, 'chat:10')).map((u) => Number(u.updateId))).toEqual([
      2, 4,
    ]);
  });

  it('lets an update be claimed once, and a rolled-back claim again', async () => {
    await storeUpdates(prisma, [update(1, 10)]);
    await expect(
      prisma.$transaction(async (tx) => {
        expect(await claimUpdate(tx, 1n)).toEqual(update(1, 10));
        throw new Error('crash before commit');
      }),
    ).rejects.toThrow('crash before commit');
    expect(await prisma.$transaction((tx) => claimUpdate(tx, 1n))).toEqual(update(1, 10));
    expect(await prisma.$transaction((tx) => claimUpdate(tx, 1n))).toBeUndefined();
    expect(await listPendingUpdates(prisma, 10)).toEqual([]);
  });

  it('claims for a lease holder only while it holds the chat', async () => {
    await storeUpdates(prisma, [update(1, 10)]);
    const lease = (holder: string, seconds: number) =>
      prisma.$executeRaw`INSERT INTO "ChatLease" ("chatKey", holder, "expiresAt")
        VALUES ('chat:10', ${holder}, now() + ${seconds} * interval '1 second')
        ON CONFLICT ("chatKey") DO UPDATE SET holder = EXCLUDED.holder, "expiresAt" = EXCLUDED."expiresAt"`;
    await lease('other', 10);
    expect(await prisma.$transaction((tx) => claimUpdate(tx, 1n, 'me'))).toBeUndefined();
    await lease('me', -1); // mine, but lapsed
    expect(await prisma.$transaction((tx) => claimUpdate(tx, 1n, 'me'))).toBeUndefined();
    expect(await isUpdateHandled(prisma, 1n)).toBe(false);
    await lease('me', 10);
    expect(await prisma.$transaction((tx) => claimUpdate(tx, 1n, 'me'))).toEqual(update(1, 10));
    expect(await isUpdateHandled(prisma, 1n)).toBe(true);
  });

  it('sets an update aside after repeated failures', async () => {
    await storeUpdates(prisma, [update(1, 10)]);
    expect(await recordFailedAttempt(prisma, 1n, 'boom', 2)).toEqual({ givenUp: false, attempts: 1 });
    expect(await listPendingUpdates(prisma, 10)).toHaveLength(1);
    expect(await recordFailedAttempt(prisma, 1n, 'boom', 2)).toEqual({ givenUp: true, attempts: 2 });
    expect(await listPendingUpdates(prisma, 10)).toEqual([]);
  });
});
