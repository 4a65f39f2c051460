import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { isDomainError } from '../../core/errors.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { addShopItem } from '../../core/shop/add-shop-item.ts';
import { fulfilRedemption } from '../../core/shop/fulfil-redemption.ts';
import { type Reservation, redeemItem } from '../../core/shop/redeem-item.ts';
import { seedActiveMembers } from '../support/bulk-members.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/**
 * 200 members tap "redeem" on the last 10 bags of rice at the same moment, each in a transaction of
 * their own, on a pool sized like the bot's (BOT_CONCURRENCY 8 + 4). 20 of them cannot afford it.
 * Exactly ten get one, everyone else a clear refusal (out of stock, or not enough points), the stock
 * is 0, and every balance and reservation agrees with the ledger and the redemptions. Then the
 * shopkeeper confirms each hand-over twice at once: ten debits, no more.
 */
const MEMBERS = 200;
const POOR = 20;
const STOCK = 10;
const PRICE = 30;
const CONNECTIONS = 12;
let prisma: PrismaClient;

beforeAll(() => {
  prisma = testPrisma({ maxConnections: CONNECTIONS });
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe('200 members redeem the last 10 items at once', () => {
  it('gives exactly ten, refuses the rest clearly, and keeps stock and balances consistent', async () => {
    await resetDatabase(prisma);
    const village = await createTestVillage(prisma, []);
    const secretary = await village.member(1);
    const villageId = secretary.villageId;
    const { rows, members } = await seedActiveMembers(prisma, secretary, MEMBERS);
    // The first 20 hold 20 points (less than the price), everyone else 50 (one bag, not two).
    await prisma.$transaction((tx) =>
      appendLedgerEntries(
        tx,
        villageId,
        rows.map((row, i) => ({ memberId: row.id, amount: i < POOR ? 20 : 50, reason: '清理河道' })),
      ),
    );
    await prisma.$transaction((tx) =>
      addShopItem(tx, { actor: secretary, name: '大米 5 斤', price: PRICE, stock: STOCK }),
    );

    const settled = await Promise.allSettled(
      members.map((actor) =>
        prisma.$transaction((tx) => redeemItem(tx, { actor, itemNumber: 1 }), {
          timeout: 120_000,
          maxWait: 120_000,
        }),
      ),
    );
    const won = settled.filter((r): r is PromiseFulfilledResult<Reservation> => r.status === 'fulfilled');
    const refused = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(STOCK);
    // Every refusal is one a member is told in words, never a failure.
    const codes = refused.map((r) => (isDomainError(r.reason) ? r.reason.code : String(r.reason)));
    expect(
      codes.filter((code) => code !== 'shop-out-of-stock' && code !== 'shop-insufficient-points'),
    ).toEqual([]);
    expect(codes).toHaveLength(MEMBERS - STOCK);
    // Nobody who could not afford it got one.
    const poor = new Set(members.slice(0, POOR).map((m) => m.memberId));
    expect(won.filter((r) => poor.has(r.value.memberId))).toHaveLength(0);
    expect(new Set(won.map((r) => r.value.code)).size).toBe(STOCK);

    const item = await prisma.shopItem.findFirstOrThrow({ where: { villageId } });
    expect(item.stock).toBe(0);
    expect(await prisma.redemption.count({ where: { villageId, status: 'RESERVED' } })).toBe(STOCK);
    await expectConsistent(villageId);

    // Each hand-over confirmed twice at once (a double tap, two shopkeepers): one debit each.
    const fulfils = await Promise.allSettled(
      won.flatMap(({ value }) =>
        [0, 1].map(() =>
          prisma.$transaction(
            (tx) => fulfilRedemption(tx, { actor: secretary, redemptionId: value.redemptionId }),
            {
              timeout: 120_000,
              maxWait: 120_000,
            },
          ),
        ),
      ),
    );
    expect(fulfils.filter((r) => r.status === 'fulfilled')).toHaveLength(STOCK);
    const again = fulfils.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(again.map((r) => (isDomainError(r.reason) ? r.reason.code : String(r.reason)))).toEqual(
      Array(STOCK).fill('shop-already-handed-over'),
    );
    expect(await prisma.ledgerEntry.count({ where: { villageId, redemptionId: { not: null } } })).toBe(STOCK);
    await expectConsistent(villageId);
    expect((await verifyLedger(prisma, villageId)).ok).toBe(true);
  }, 180_000);
});

/**
 * Every member's running balance is the sum of their ledger entries, what is reserved is the sum of
 * their RESERVED redemptions, and nobody's available points are below zero.
 */
async function expectConsistent(villageId: number): Promise<void> {
  const mismatches = await prisma.$queryRaw<unknown[]>`
    SELECT mp."memberId", mp.balance, mp.reserved, l.total, r.held
    FROM "MemberPoints" mp
    LEFT JOIN LATERAL (SELECT coalesce(sum(amount), 0)::int AS total FROM "LedgerEntry" e
                       WHERE e."villageId" = mp."villageId" AND e."memberId" = mp."memberId") l ON true
    LEFT JOIN LATERAL (SELECT coalesce(sum(price), 0)::int AS held FROM "Redemption" d
                       WHERE d."villageId" = mp."villageId" AND d."memberId" = mp."memberId"
                         AND d.status = 'RESERVED') r ON true
    WHERE mp."villageId" = ${villageId}
      AND (mp.balance <> l.total OR mp.reserved <> r.held OR mp.balance - mp.reserved < 0 OR mp.balance < 0)`;
  expect(mismatches).toEqual([]);
}
