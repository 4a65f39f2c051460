import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { isDomainError } from '../../core/errors.ts';
import type { Membership } from '../../core/members/membership.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { addShopItem } from '../../core/shop/add-shop-item.ts';
import { editShopItem } from '../../core/shop/edit-shop-item.ts';
import { fulfilRedemption, showRedemption } from '../../core/shop/fulfil-redemption.ts';
import { listMyRedemptions } from '../../core/shop/my-redemptions.ts';
import { redeemItem } from '../../core/shop/redeem-item.ts';
import { cancelRedemption, expireRedemption } from '../../core/shop/release-redemption.ts';
import { removeShopItem } from '../../core/shop/remove-shop-item.ts';
import { availablePoints, listShopItems } from '../../core/shop/shop-items.ts';
import { parseShopCommand } from '../../core/shop/shop-values.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/**
 * The points shop on a real database: items, a redemption that reserves stock and points, the
 * shopkeeper's hand-over that debits the ledger once, expiry and cancellation that release once.
 */
let prisma: PrismaClient;
beforeEach(async () => {
  prisma ??= testPrisma();
  await resetDatabase(prisma);
});
afterAll(() => prisma?.$disconnect());

const NOW = new Date('2026-12-01T04:00:00Z');
const HOUR = 3_600_000;

async function shop() {
  const { member } = await createTestVillage(prisma, [
    [2, '谢启富'],
    [3, '王秀英'],
  ]);
  const [secretary, xie, wang] = (await Promise.all([1, 2, 3].map(member))) as [
    Membership,
    Membership,
    Membership,
  ];
  const villageId = secretary.villageId;
  await prisma.$transaction((tx) =>
    appendLedgerEntries(
      tx,
      villageId,
      [
        { memberId: xie.memberId, amount: 100, reason: '清理河道' },
        { memberId: wang.memberId, amount: 20, reason: '帮邻居' },
      ],
      NOW,
    ),
  );
  const rice = await prisma.$transaction((tx) =>
    addShopItem(tx, { actor: secretary, name: '大米 5 斤', price: 30, stock: 2 }),
  );
  return { secretary, xie, wang, villageId, rice };
}

const run = <T>(work: (tx: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]) => Promise<T>) =>
  prisma.$transaction(work);

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error.code;
    throw error;
  }
  throw new Error('not refused');
}

async function pointsOf(villageId: number, memberId: number) {
  return prisma.memberPoints.findUniqueOrThrow({
    where: { villageId_memberId: { villageId, memberId } },
    select: { balance: true, reserved: true },
  });
}

describe('/shop commands', () => {
  it('parses add, edit and remove, and refuses what the schema would', () => {
    expect(parseShopCommand('')).toEqual({ action: 'list' });
    expect(parseShopCommand('add 30 10 大米 5 斤')).toEqual({
      action: 'add',
      price: 30,
      stock: 10,
      name: '大米 5 斤',
    });
    expect(parseShopCommand('edit 2 price=25 stock=4 菜籽油')).toEqual({
      action: 'edit',
      number: 2,
      price: 25,
      stock: 4,
      name: '菜籽油',
    });
    expect(parseShopCommand('remove #3')).toEqual({ action: 'remove', number: 3 });
    for (const bad of [
      'add 0 1 米',
      'add 100001 1 米',
      `add 1 1 ${'米'.repeat(41)}`,
      'add x 1 米',
      'edit 2',
      'sell 1',
    ])
      expect(() => parseShopCommand(bad)).toThrow();
  });

  it('numbers items per village; only the shopkeeper or the secretary manages them', async () => {
    const { secretary, xie } = await shop();
    const oil = await run((tx) => addShopItem(tx, { actor: secretary, name: '菜籽油', price: 50, stock: 3 }));
    expect(oil.number).toBe(2);
    expect(
      await refusal(run((tx) => addShopItem(tx, { actor: xie, name: '酱油', price: 5, stock: 1 }))),
    ).toBe('forbidden');
    await run((tx) => editShopItem(tx, { actor: secretary, number: 2, price: 45, stock: 0 }));
    await run((tx) => removeShopItem(tx, { actor: secretary, number: 1 }));
    expect(await listShopItems(prisma, { actor: xie })).toMatchObject([{ number: 2, price: 45, stock: 0 }]);
    expect(await refusal(run((tx) => removeShopItem(tx, { actor: secretary, number: 1 })))).toBe(
      'shop-item-not-found',
    );
    // The CHECKs hold whatever the code: stock never below zero, price within range.
    await expect(prisma.$executeRaw`UPDATE "ShopItem" SET stock = -1 WHERE number = 2`).rejects.toThrow();
    await expect(prisma.$executeRaw`UPDATE "ShopItem" SET price = 0 WHERE number = 2`).rejects.toThrow();
  });
});

describe('a redemption', () => {
  it('reserves stock and points, is handed over once, and debits the ledger once', async () => {
    const { secretary, xie, villageId } = await shop();
    const reserved = await run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1, now: NOW }));
    expect(reserved).toMatchObject({ itemName: '大米 5 斤', price: 30 });
    expect(reserved.expiresAt.getTime()).toBe(NOW.getTime() + 24 * HOUR);
    expect(reserved.code).toMatch(/^[A-Z2-9]{16}$/);
    expect(await pointsOf(villageId, xie.memberId)).toEqual({ balance: 100, reserved: 30 });
    expect(await availablePoints(prisma, { villageId, memberId: xie.memberId })).toBe(70);
    expect((await prisma.shopItem.findFirstOrThrow()).stock).toBe(1);
    expect(await listMyRedemptions(prisma, { actor: xie })).toMatchObject([{ code: reserved.code }]);

    // A villager who scans the code is told it is for the shopkeeper.
    expect(await refusal(showRedemption(prisma, { actor: xie, code: reserved.code }))).toBe(
      'shop-not-shopkeeper',
    );
    const shown = await showRedemption(prisma, { actor: secretary, code: reserved.code });
    expect(shown).toMatchObject({
      status: 'RESERVED',
      itemName: '大米 5 斤',
      memberName: '谢启富',
      price: 30,
    });

    const fulfilled = await run((tx) =>
      fulfilRedemption(tx, { actor: secretary, redemptionId: shown.redemptionId, now: NOW }),
    );
    expect(fulfilled).toMatchObject({ memberId: xie.memberId, price: 30, entry: { sequence: 3 } });
    expect(await pointsOf(villageId, xie.memberId)).toEqual({ balance: 70, reserved: 0 });
    const debit = await prisma.ledgerEntry.findUniqueOrThrow({ where: { redemptionId: shown.redemptionId } });
    expect(debit).toMatchObject({ amount: -30, memberId: xie.memberId, reason: '大米 5 斤' });
    expect((await verifyLedger(prisma, villageId)).ok).toBe(true);

    // Replayed: a second confirmation, and the code scanned again.
    expect(
      await refusal(
        run((tx) => fulfilRedemption(tx, { actor: secretary, redemptionId: shown.redemptionId })),
      ),
    ).toBe('shop-already-handed-over');
    expect((await showRedemption(prisma, { actor: secretary, code: reserved.code })).status).toBe(
      'FULFILLED',
    );
    expect(await prisma.ledgerEntry.count({ where: { villageId } })).toBe(3);
    // The unique redemption refuses a second debit even past the conditional update.
    await expect(
      run((tx) =>
        appendLedgerEntries(tx, villageId, [
          { memberId: xie.memberId, amount: -30, reason: 'again', redemptionId: shown.redemptionId },
        ]),
      ),
    ).rejects.toThrow();
    // A code of another village, or a made-up one, is unknown.
    expect(await refusal(showRedemption(prisma, { actor: secretary, code: 'AAAAAAAAAAAAAAAA' }))).toBe(
      'shop-code-unknown',
    );
  });

  it('is refused for want of points, and nothing is held', async () => {
    const { wang, villageId } = await shop();
    expect(await refusal(run((tx) => redeemItem(tx, { actor: wang, itemNumber: 1 })))).toBe(
      'shop-insufficient-points',
    );
    expect(await pointsOf(villageId, wang.memberId)).toEqual({ balance: 20, reserved: 0 });
    expect((await prisma.shopItem.findFirstOrThrow()).stock).toBe(2);
    expect(await prisma.redemption.count()).toBe(0);
  });

  it('counts what is already reserved: 100 points buy three 30-point items, not four', async () => {
    const { secretary, xie, villageId } = await shop();
    await run((tx) => editShopItem(tx, { actor: secretary, number: 1, stock: 10 }));
    for (let i = 0; i < 3; i++) await run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1 }));
    expect(await refusal(run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1 })))).toBe(
      'shop-insufficient-points',
    );
    expect(await pointsOf(villageId, xie.memberId)).toEqual({ balance: 100, reserved: 90 });
  });

  it('is refused when the shelf is empty, and for an unknown item', async () => {
    const { secretary, xie } = await shop();
    await run((tx) => editShopItem(tx, { actor: secretary, number: 1, stock: 0 }));
    expect(await refusal(run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1 })))).toBe(
      'shop-out-of-stock',
    );
    expect(await refusal(run((tx) => redeemItem(tx, { actor: xie, itemNumber: 9 })))).toBe(
      'shop-item-not-found',
    );
  });

  it('expires once its time is up: stock and points released once, a late scan refused', async () => {
    const { secretary, xie, villageId } = await shop();
    const reserved = await run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1, now: NOW }));
    const early = await run((tx) => expireRedemption(tx, { redemptionId: reserved.redemptionId, now: NOW }));
    expect(early).toEqual({ outcome: 'wait', until: reserved.expiresAt });
    const later = new Date(NOW.getTime() + 25 * HOUR);
    const [first, second] = await Promise.all([
      run((tx) => expireRedemption(tx, { redemptionId: reserved.redemptionId, now: later })),
      run((tx) => expireRedemption(tx, { redemptionId: reserved.redemptionId, now: later })),
    ]);
    expect([first?.outcome, second?.outcome].sort()).toEqual(['expired', 'skip']);
    expect(await pointsOf(villageId, xie.memberId)).toEqual({ balance: 100, reserved: 0 });
    expect((await prisma.shopItem.findFirstOrThrow()).stock).toBe(2);
    expect(
      await refusal(
        run((tx) => fulfilRedemption(tx, { actor: secretary, redemptionId: reserved.redemptionId })),
      ),
    ).toBe('shop-reservation-expired');
    expect(await prisma.ledgerEntry.count({ where: { villageId, redemptionId: { not: null } } })).toBe(0);
  });

  it('is cancelled by its member only, once', async () => {
    const { wang, xie, villageId } = await shop();
    const reserved = await run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1 }));
    expect(
      await refusal(run((tx) => cancelRedemption(tx, { actor: wang, redemptionId: reserved.redemptionId }))),
    ).toBe('shop-not-yours');
    const released = await run((tx) =>
      cancelRedemption(tx, { actor: xie, redemptionId: reserved.redemptionId }),
    );
    expect(released).toMatchObject({ itemName: '大米 5 斤', price: 30 });
    expect(
      await refusal(run((tx) => cancelRedemption(tx, { actor: xie, redemptionId: reserved.redemptionId }))),
    ).toBe('shop-reservation-cancelled');
    expect(await pointsOf(villageId, xie.memberId)).toEqual({ balance: 100, reserved: 0 });
    expect((await prisma.shopItem.findFirstOrThrow()).stock).toBe(2);
    const after = await run((tx) =>
      expireRedemption(tx, { redemptionId: reserved.redemptionId, now: new Date() }),
    );
    expect(after).toEqual({ outcome: 'skip', reason: 'settled' });
  });

  it('racing its expiry, is either handed over or released, never both', async () => {
    const { secretary, xie, villageId } = await shop();
    await run((tx) =>
      appendLedgerEntries(tx, villageId, [{ memberId: xie.memberId, amount: 1000, reason: '修路' }]),
    );
    for (let round = 0; round < 5; round++) {
      const reserved = await run((tx) => redeemItem(tx, { actor: xie, itemNumber: 1, now: NOW }));
      const later = new Date(NOW.getTime() + 25 * HOUR);
      const [handed, expired] = await Promise.allSettled([
        run((tx) =>
          fulfilRedemption(tx, { actor: secretary, redemptionId: reserved.redemptionId, now: later }),
        ),
        run((tx) => expireRedemption(tx, { redemptionId: reserved.redemptionId, now: later })),
      ]);
      const fulfilled = handed.status === 'fulfilled';
      const released = expired.status === 'fulfilled' && expired.value.outcome === 'expired';
      expect(fulfilled !== released).toBe(true);
      const row = await prisma.redemption.findUniqueOrThrow({ where: { id: reserved.redemptionId } });
      expect(row.status).toBe(fulfilled ? 'FULFILLED' : 'EXPIRED');
      expect(await prisma.ledgerEntry.count({ where: { redemptionId: reserved.redemptionId } })).toBe(
        fulfilled ? 1 : 0,
      );
      // Put the unit back for the next round, whichever won.
      if (fulfilled) await run((tx) => editShopItem(tx, { actor: secretary, number: 1, stock: 2 }));
      expect((await pointsOf(villageId, xie.memberId)).reserved).toBe(0);
    }
  });
});
