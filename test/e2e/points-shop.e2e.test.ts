import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopFulfilCallback, shopRedeemCallback } from '../../bot/callback-data/shop.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { reservationExpiryKey } from '../../worker/shop-schedule.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * The points shop through the real bot and worker, in both languages: the shopkeeper (Chinese) puts
 * items on the shelf; a villager (Chinese) and Lucy (English) browse and redeem by button; the
 * shopkeeper, or the English-speaking secretary, opens the code and confirms the hand-over, and the
 * ledger gets the debit once; a replayed code is refused; an empty shelf and too few points are
 * refused in words; a reservation whose timer fires is released and its member told.
 */
let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let jobs: JobProducer;
let secretary: Person; // member 1, English
let shopkeeper: Person; // member 2
let qifu: Person; // member 3
let lucy: Person; // member 4, English
/** Qifu's /shop while the last bag of rice was on it: its button is stale once he took it. */
let staleShelf: RecordedCall;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [shopkeeper, qifu, lucy],
  } = await startVillage({
    english: true,
    people: [
      {
        user: { id: 76_002, first_name: 'Wang', language_code: 'zh-hans' },
        name: '王店主',
        household: '王家',
      },
      {
        user: { id: 76_003, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 76_004, first_name: 'Lucy', language_code: 'en' },
        name: 'Lucy Li',
        household: 'Li home',
      },
    ],
  }));
  await sayAndWait(stack, lucy, '/lang en', 'English');
  await sayAndWait(stack, secretary, '/grant 2 shopkeeper', 'is now a shopkeeper');
  // Points earned before: through the ledger, as the worker appends them.
  const memberOf = async (p: Person) =>
    (await prisma.member.findFirstOrThrow({ where: { villageId, userId: BigInt(p.id) } })).id;
  await prisma.$transaction(async (tx) =>
    appendLedgerEntries(tx, villageId, [
      { memberId: await memberOf(qifu), amount: 100, reason: '清理河道' },
      { memberId: await memberOf(lucy), amount: 40, reason: 'River clean-up' },
    ]),
  );
  jobs = createJobProducer({
    redisUrl: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: stack.redisPrefix,
    logger: createLogger('silent', 'points-shop-e2e'),
  });
}, 120_000);

afterAll(async () => {
  await jobs?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

/** The member presses "redeem" on item `number` (the button of /shop, or one made like it). */
async function redeem(person: Person, number: number) {
  const shelf = await sayAndWait(stack, person, '/shop', '');
  return press(stack, person.user, messageIdOf(shelf), shopRedeemCallback.pack({ number }, villageId));
}

async function latestRedemption(person: Person) {
  return prisma.redemption.findFirstOrThrow({
    where: { villageId, member: { userId: BigInt(person.id) } },
    orderBy: { id: 'desc' },
  });
}

function urlsOf(call: RecordedCall): string[] {
  const markup = call.params.reply_markup;
  const parsed = (typeof markup === 'string' ? JSON.parse(markup) : markup) as
    | { inline_keyboard?: Array<Array<{ url?: string }>> }
    | undefined;
  return (parsed?.inline_keyboard ?? []).flat().map((button) => button.url ?? '');
}

// jsqr is CommonJS whose types declare an ES default export: take whichever is callable.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/** The QR picture the worker sends a member after a redemption, decoded as a phone camera would. */
async function qrAfter(person: Person, sinceSeq: number): Promise<{ caption: string; link: string }> {
  const photo = await stack.emulator.waitForCall(
    { method: 'sendPhoto', chatId: person.id, ok: true, sinceSeq },
    15_000,
  );
  const result = photo.result as { photo?: { file_id: string }[] };
  const bytes = stack.emulator.core.files.get(result.photo?.at(-1)?.file_id ?? '')?.bytes;
  if (!bytes) throw new Error('no upload stored for the QR');
  const image = PNG.sync.read(bytes);
  const code = jsQR(new Uint8ClampedArray(image.data), image.width, image.height);
  if (!code) throw new Error('no QR code found in the PNG');
  return { caption: bodyOf(photo), link: code.data };
}

/** Moves a reservation's end, and its timer, to now: as if a day had passed. */
async function expireNow(redemptionId: number): Promise<void> {
  await prisma.redemption.update({
    where: { id: redemptionId },
    data: { expiresAt: new Date(Date.now() - 1_000) },
  });
  const timer = await prisma.scheduledTimer.findUniqueOrThrow({
    where: { key: timerKey('shop-reservation-expiry', reservationExpiryKey(redemptionId)) },
  });
  expect(timer.status).toBe('PENDING');
  const dueAt = new Date(Date.now() + 300);
  await prisma.scheduledTimer.update({ where: { id: timer.id }, data: { dueAt } });
  await jobs.removeTimers([timer.id]);
  await jobs.addTimers([{ id: timer.id, dueAt }]);
}

describe('the points shop', () => {
  it('(中文) the shopkeeper stocks the shelf; a villager redeems; the shopkeeper scans and hands over; the ledger is debited once', async () => {
    await sayAndWait(stack, shopkeeper, '/shop add 30 1 大米5斤', '已上架：1. 大米5斤 —— 30 分，还剩 1 件');
    await sayAndWait(stack, shopkeeper, '/shop add 50 5 菜籽油', '已上架：2. 菜籽油');
    await sayAndWait(stack, shopkeeper, '/shop add 10 5 酱油', '已上架：3. 酱油');
    // A villager cannot stock the shelf.
    await sayAndWait(stack, qifu, '/shop add 1 1 白送', '您没有权限');

    const shelf = await sayAndWait(stack, qifu, '/shop', '积分超市');
    staleShelf = shelf;
    expect(bodyOf(shelf)).toContain('您现在可用 100 分');
    expect(buttonsOf(shelf)).toContain(shopRedeemCallback.pack({ number: 1 }, villageId));
    const pressed = await press(
      stack,
      qifu.user,
      messageIdOf(shelf),
      shopRedeemCallback.pack({ number: 1 }, villageId),
    );
    expect(pressed.answer).toContain('已为您预留');
    const reserved = await waitForText(stack, qifu.id, pressed.sinceSeq, '兑换码：');
    const redemption = await latestRedemption(qifu);
    expect(bodyOf(reserved)).toContain(redemption.code);
    // The QR's link, as a button while the qrcode package is not installed.
    expect(urlsOf(reserved).some((url) => url.endsWith(`?start=r_${redemption.code}`))).toBe(true);
    // And the QR picture of that link, from the worker: what the shopkeeper scans.
    const qr = await qrAfter(qifu, pressed.sinceSeq);
    expect(qr.caption).toContain(`兑换码二维码：大米5斤（30 分），兑换码 ${redemption.code}`);
    const scannedPayload = /\?start=(r_[A-Z2-9]{16})$/.exec(qr.link)?.[1];
    expect(scannedPayload).toBe(`r_${redemption.code}`);
    await sayAndWait(stack, qifu, '/shop', '您现在可用 70 分');
    await sayAndWait(stack, qifu, '/points', '其中 30 分已为积分超市的兑换预留，可用 70 分');

    // A villager who opens the code is told it is for the shopkeeper.
    await sayAndWait(stack, qifu, `/start r_${redemption.code}`, '店主扫码');
    const scanned = await sayAndWait(stack, shopkeeper, `/start ${scannedPayload}`, '兑换码有效');
    expect(bodyOf(scanned)).toContain('谢启富（3 号，谢启富家）');
    const fulfil = shopFulfilCallback.pack({ redemptionId: redemption.id }, villageId);
    expect(buttonsOf(scanned)).toContain(fulfil);
    const handed = await press(stack, shopkeeper.user, messageIdOf(scanned), fulfil);
    expect(handed.answer).toContain('已交货：大米5斤');
    await waitForText(stack, qifu.id, handed.sinceSeq, '您兑换的“大米5斤”已经领到，积分 -30 分');
    await stack.settled(prisma);
    const debit = await prisma.ledgerEntry.findUniqueOrThrow({ where: { redemptionId: redemption.id } });
    expect(debit.amount).toBe(-30);
    expect((await verifyLedger(prisma, villageId)).ok).toBe(true);

    // Replayed: the code opened again, and the old button pressed again.
    await sayAndWait(stack, shopkeeper, `/start r_${redemption.code}`, '已经用过了');
    const again = await press(stack, shopkeeper.user, messageIdOf(scanned), fulfil);
    expect(again.answer).toContain('已经用过了');
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { villageId, redemptionId: { not: null } } })).toBe(1);
    expect(
      await prisma.memberPoints.findFirstOrThrow({ where: { villageId, memberId: redemption.memberId } }),
    ).toMatchObject({ balance: 70, reserved: 0 });
  }, 60_000);

  it('(中文) refuses an empty shelf and too few points, in words', async () => {
    // The button of a shelf shown before the last bag went.
    const sold = await press(
      stack,
      qifu.user,
      messageIdOf(staleShelf),
      shopRedeemCallback.pack({ number: 1 }, villageId),
    );
    expect(sold.answer).toContain('“大米5斤”已经兑完了');
    // The shopkeeper has no points of their own.
    const poor = await redeem(shopkeeper, 2);
    expect(poor.answer).toContain('积分不够：“菜籽油”要 50 分，您现在可用 0 分');
    expect((await prisma.shopItem.findFirstOrThrow({ where: { villageId, number: 2 } })).stock).toBe(5);
  });

  it('(中文) releases a reservation nobody collected when its timer fires, and refuses its code after', async () => {
    const pressed = await redeem(qifu, 2);
    expect(pressed.answer).toContain('已为您预留');
    const redemption = await latestRedemption(qifu);
    expect((await prisma.shopItem.findFirstOrThrow({ where: { villageId, number: 2 } })).stock).toBe(4);
    const since = stack.emulator.lastSeq();
    await expireNow(redemption.id);
    await waitForText(stack, qifu.id, since, '您预留的“菜籽油”过期没有领取，50 分和商品都已退回', 20_000);
    expect((await prisma.shopItem.findFirstOrThrow({ where: { villageId, number: 2 } })).stock).toBe(5);
    expect(
      await prisma.memberPoints.findFirstOrThrow({ where: { villageId, memberId: redemption.memberId } }),
    ).toMatchObject({ balance: 70, reserved: 0 });
    await sayAndWait(stack, shopkeeper, `/start r_${redemption.code}`, '已经过期');
  }, 60_000);

  it('(English) Lucy redeems, the secretary confirms with /redeem, and a replayed code is refused', async () => {
    const shelf = await sayAndWait(stack, lucy, '/shop', 'points shop');
    expect(bodyOf(shelf)).toContain('you have 40 points available');
    expect(bodyOf(shelf)).toContain('1. 大米5斤 — 30 points, 0 left');
    // No button for what is out of stock.
    expect(buttonsOf(shelf)).not.toContain(shopRedeemCallback.pack({ number: 1 }, villageId));
    const pressed = await press(
      stack,
      lucy.user,
      messageIdOf(shelf),
      shopRedeemCallback.pack({ number: 3 }, villageId),
    );
    expect(pressed.answer).toContain('is reserved for you');
    await waitForText(stack, lucy.id, pressed.sinceSeq, 'Redemption code:');
    expect((await qrAfter(lucy, pressed.sinceSeq)).caption).toContain('Redemption QR: 酱油 (10 points)');
    const redemption = await latestRedemption(lucy);
    const scanned = await sayAndWait(
      stack,
      secretary,
      `/redeem ${redemption.code.toLowerCase()}`,
      'Valid code',
    );
    expect(bodyOf(scanned)).toContain('For: Lucy Li (member 4, Li home)');
    const handed = await press(
      stack,
      secretary.user,
      messageIdOf(scanned),
      shopFulfilCallback.pack({ redemptionId: redemption.id }, villageId),
    );
    expect(handed.answer).toContain('Handed over: 酱油; 10 points debited');
    await waitForText(stack, lucy.id, handed.sinceSeq, 'You collected “酱油”: points -10');
    await sayAndWait(stack, secretary, `/start r_${redemption.code}`, 'This code has been used');
    await sayAndWait(stack, secretary, '/redeem NOTAREALCODE123', 'This redemption code is unknown');
  }, 60_000);

  it('(English) refuses too few points and an empty shelf, and releases an expired reservation', async () => {
    const poor = await redeem(lucy, 2);
    expect(poor.answer).toContain('Not enough points: “菜籽油” costs 50, and you have 30 available');
    // Lucy looks at the shelf while one box of eggs is left; Qifu takes it before she presses.
    await sayAndWait(stack, shopkeeper, '/shop add 5 1 鸡蛋', '已上架：4. 鸡蛋');
    const shelf = await sayAndWait(stack, lucy, '/shop', '4. 鸡蛋 — 5 points, 1 left');
    expect((await redeem(qifu, 4)).answer).toContain('已为您预留');
    const sold = await press(
      stack,
      lucy.user,
      messageIdOf(shelf),
      shopRedeemCallback.pack({ number: 4 }, villageId),
    );
    expect(sold.answer).toContain('Sorry, “鸡蛋” is out of stock');

    const pressed = await redeem(lucy, 3);
    expect(pressed.answer).toContain('is reserved for you');
    const redemption = await latestRedemption(lucy);
    await sayAndWait(stack, lucy, '/myorders', redemption.code);
    await sayAndWait(
      stack,
      lucy,
      '/points',
      'Of these, 10 are held for your points-shop reservations; 20 available',
    );
    const since = stack.emulator.lastSeq();
    await expireNow(redemption.id);
    await waitForText(stack, lucy.id, since, 'Your reservation of “酱油” was not collected in time', 20_000);
    await sayAndWait(stack, secretary, `/start r_${redemption.code}`, 'This code has expired');
    await sayAndWait(stack, lucy, '/myorders', 'You have no reservations');
  }, 60_000);

  it('(中文) a member cancels their own reservation from /myorders: points and stock released, once', async () => {
    // Qifu's box of eggs from the race above.
    const redemption = await latestRedemption(qifu);
    expect(redemption.status).toBe('RESERVED');
    const orders = await sayAndWait(stack, qifu, '/myorders', '您预留的兑换');
    expect(bodyOf(orders)).toContain(`鸡蛋（5 分），兑换码 ${redemption.code}`);
    const cancel = buttonsOf(orders).find((data) => data.startsWith(`shc:${redemption.id}@`));
    const pressed = await press(stack, qifu.user, messageIdOf(orders), cancel ?? '');
    expect(pressed.answer).toContain('已取消“鸡蛋”，5 分和商品都已退回');
    const again = await press(stack, qifu.user, messageIdOf(orders), cancel ?? '');
    expect(again.answer).toContain('已经被本人取消了');
    await stack.settled(prisma);
    expect((await prisma.shopItem.findFirstOrThrow({ where: { villageId, number: 4 } })).stock).toBe(1);
    expect(
      await prisma.memberPoints.findFirstOrThrow({ where: { villageId, memberId: redemption.memberId } }),
    ).toMatchObject({ balance: 70, reserved: 0 });
    // Its timer was cancelled with it.
    const timer = await prisma.scheduledTimer.findUniqueOrThrow({
      where: { key: timerKey('shop-reservation-expiry', reservationExpiryKey(redemption.id)) },
    });
    expect(timer.status).not.toBe('PENDING');
  });
});
