import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { findMembership } from '../../core/members/membership.ts';
import { shortHash } from '../../core/points/ledger-hash.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForCallWithButton,
  waitForText,
} from './talk-helpers.ts';

/**
 * Points awards through the real bot and worker: a cadre proposes, a reviewer who is not the
 * proposer approves with a button or rejects with a reason, the worker applies the approved award
 * to the ledger once its appeal window has passed (0 hours here, set for the test), and the member
 * hears each step. The secretary reads English, the villagers and the cadre Chinese.
 */
const GROUP = { id: -1_007_600_000, title: '友谊村村民群', type: 'supergroup' as const };

let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let secretary: Person; // member 1, English
let villager: Person; // member 2
let neighbour: Person; // member 3
let cadre: Person; // member 4

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [villager, neighbour, cadre],
  } = await startVillage({
    english: true,
    people: [
      {
        user: { id: 75002, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 75003, first_name: 'Hong', language_code: 'zh-hans' },
        name: '谢小红',
        household: '小红家',
      },
      {
        user: { id: 75004, first_name: 'Wang', language_code: 'zh-hans' },
        name: '王干部',
        household: '王家',
      },
    ],
    cadres: [4],
    group: GROUP,
  }));
  await prisma.village.update({ where: { id: villageId }, data: { appealWindowHours: 0 } });
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('a points award', () => {
  it('is proposed by a cadre, approved by the secretary with a button, applied, and its member told', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, cadre, '/award 2 help-neighbour 帮谢家收稻谷', '已提交第');
    const notice = await waitForCallWithButton(stack, secretary.id, since, 'pab:');
    expect(bodyOf(notice)).toContain('New points proposal No.');
    expect(bodyOf(notice)).toContain('+8 each, rule help-neighbour, proposed by member 4');
    const approve = buttonsOf(notice).find((data) => data.startsWith('pab:') && data.includes(':y@'));
    const pressed = await press(stack, secretary.user, messageIdOf(notice), approve ?? '');
    expect(pressed.answer).toMatch(/approved \(1 member/);
    await waitForText(stack, villager.id, pressed.sinceSeq, '已批准，马上记入积分账本');
    const applied = await waitForText(stack, villager.id, pressed.sinceSeq, '积分 +8 分：帮谢家收稻谷');
    // And it is public: the group is told who and why (the window is 0 hours here: in the ledger now).
    const announced = await waitForText(stack, GROUP.id, pressed.sinceSeq, '📢 积分公示');
    expect(bodyOf(announced)).toContain('谢启富（2 号） 各 +8 分，理由：帮谢家收稻谷。已记入积分账本。');
    await stack.settled(prisma);
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { villageId } });
    expect(entry).toMatchObject({ sequence: 1, amount: 8, ruleCode: 'help-neighbour' });
    expect(bodyOf(applied)).toContain(`第 1 条（指纹 ${shortHash(entry.hash)}）`);
    // A second press of the old button decides nothing more.
    const again = await press(stack, secretary.user, messageIdOf(notice), approve ?? '');
    expect(again.answer).toContain('has been reviewed already');
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { villageId } })).toBe(1);
  });

  it('carries a photo sent with it as evidence, which the reviewer sees in /awards', async () => {
    const photo = stack.emulator.injectMessage({
      user: cadre.user,
      content: { photo: {}, caption: '/award 3 help-neighbour 帮邻居修屋顶' },
    });
    await waitForText(stack, cadre.id, photo.sinceSeq, '已提交第');
    const award = await prisma.pointAward.findFirstOrThrow({ where: { reason: '帮邻居修屋顶' } });
    expect(award.evidenceFileId).toBeTruthy();
    const since = stack.emulator.lastSeq();
    stack.emulator.sendText(secretary.user, '/awards');
    const shown = await stack.emulator.waitForCall({
      chatId: secretary.id,
      method: 'sendPhoto',
      ok: true,
      sinceSeq: since,
    });
    expect(String(shown.params.caption)).toContain('帮邻居修屋顶');
    expect(buttonsOf(shown).some((data) => data.startsWith(`pab:${award.id}:y@`))).toBe(true);
    await sayAndWait(stack, secretary, `/award_no ${award.id} 照片看不清`, 'rejected (1 member');
  });

  it('for several members is rejected at once with a reason they are shown; nothing is applied', async () => {
    const asked = await sayAndWait(stack, cadre, '/award 2,3 volunteer-hour 清理河道', '已提交第');
    const batch = /第 (\d+) 号积分申请/.exec(bodyOf(asked))?.[1];
    const pressedNo = await waitForCallWithButton(stack, secretary.id, asked.seq, 'pab:');
    const no = buttonsOf(pressedNo).find((data) => data.includes(':n@')) ?? '';
    const how = await press(stack, secretary.user, messageIdOf(pressedNo), no);
    await waitForText(stack, secretary.id, how.sinceSeq, `/award_no ${batch} reason`);
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, `/award_no ${batch} 没有签到表`, 'rejected (2 member');
    for (const person of [villager, neighbour])
      await waitForText(stack, person.id, since, '没有通过，理由：没有签到表');
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { villageId } })).toBe(1);
    expect(
      await prisma.pointAward.count({ where: { villageId, status: 'REJECTED', batchId: Number(batch) } }),
    ).toBe(2);
  });

  it('is refused to a villager, to a reviewer of their own proposal, and to a cadre reviewing', async () => {
    await sayAndWait(stack, villager, '/award 3 military-service', '您没有权限');
    const own = await sayAndWait(stack, secretary, '/award 2 military-service', 'Points proposal No.');
    const batch = /No\. (\d+)/.exec(bodyOf(own))?.[1];
    await sayAndWait(stack, secretary, `/award_ok ${batch}`, 'someone else must review it');
    await sayAndWait(stack, cadre, `/award_ok ${batch}`, '您没有权限');
    await sayAndWait(stack, cadre, '/award 2 no-such-rule', '没有规则 no-such-rule');
    await sayAndWait(stack, cadre, '/award 99 military-service', '村里没有这些编号的正式村民：99');
    await sayAndWait(stack, cadre, '/award military-service 2', '用法：/award 村民编号 规则代码 说明');
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { villageId } })).toBe(1);
  });

  it('for an adopted suggestion goes to the same review (a supervisor, not the secretary who adopted it)', async () => {
    await sayAndWait(stack, secretary, '/grant 3 supervisor', 'is now');
    const raiser = await findMembership(prisma, BigInt(villager.id), villageId);
    const item = await prisma.$transaction((tx) =>
      raiseTalkItem(tx, { actor: raiser, draft: { category: 'SUGGESTION', text: '村口装一盏路灯' } }),
    );
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, `/adopt ${item.number}`, `#${item.number}`);
    const notice = await waitForCallWithButton(stack, neighbour.id, since, 'pab:');
    expect(bodyOf(notice)).toContain('规则 suggestion-adopted');
    expect(
      stack.emulator
        .calls({ chatId: secretary.id, sinceSeq: since })
        .some((call) => buttonsOf(call).some((b) => b.startsWith('pab:'))),
    ).toBe(false);
    const approve = buttonsOf(notice).find((data) => data.includes(':y@')) ?? '';
    const pressed = await press(stack, neighbour.user, messageIdOf(notice), approve);
    await waitForText(stack, villager.id, pressed.sinceSeq, '积分 +20 分');
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { villageId, ruleCode: 'suggestion-adopted' } })).toBe(1);
  });

  it('shows in /points and /top what the ledger holds', async () => {
    const mine = bodyOf(await sayAndWait(stack, villager, '/points', '积分：'));
    expect(mine).toContain('积分：28 分');
    expect(mine).toContain('全村排名：第 1 名');
    expect(mine).toContain('+8分 帮谢家收稻谷（#1 · ');
    expect(mine).toContain('+20分');
    const top = bodyOf(await sayAndWait(stack, secretary, '/top', '1.'));
    expect(top).toContain('谢启富 (No. 2) 28');
  });

  it('may be reviewed by another cadre when the secretary lets cadres review', async () => {
    const asked = await sayAndWait(stack, secretary, '/award 3 help-neighbour', 'Points proposal No.');
    const batch = /No\. (\d+)/.exec(bodyOf(asked))?.[1];
    await sayAndWait(stack, cadre, `/award_ok ${batch}`, '您没有权限');
    await sayAndWait(stack, secretary, '/settings review cadres on', 'cadres may review');
    await sayAndWait(stack, cadre, `/award_ok ${batch}`, `已批准第 ${batch} 号积分申请（1 人）`);
    await waitForText(stack, neighbour.id, asked.seq, '积分 +8 分');
    await stack.settled(prisma);
  });

  it('leaves an unbroken chain behind, which any member can check with /verify', async () => {
    expect(await verifyLedger(prisma, villageId)).toMatchObject({ ok: true, entries: 3 });
    await sayAndWait(stack, villager, '/verify', '友谊村的积分账本完好：共 3 条');
    await sayAndWait(stack, secretary, '/verify', 'The points ledger of 友谊村 holds: 3 entries');
    // Someone with the database's superuser switches the append-only trigger off and alters entry 1.
    await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
      await tx.$executeRaw`UPDATE "LedgerEntry" SET amount = 80 WHERE "villageId" = ${villageId} AND sequence = 1`;
    });
    await sayAndWait(stack, villager, '/verify', '从第 1 条起对不上（这一条的内容被改过）');
  });
});

describe('/stars', () => {
  it('says none were named yet, then shows the weeks named, in both languages', async () => {
    await sayAndWait(stack, villager, '/stars', '还没有评出每周之星');
    const member = await findMembership(prisma, BigInt(villager.id), villageId);
    await prisma.weeklyStar.create({
      data: {
        villageId,
        weekStart: new Date('2026-11-23T00:00:00Z'),
        memberId: member?.memberId ?? 0,
        rank: 1,
        points: 28,
      },
    });
    const zh = bodyOf(await sayAndWait(stack, villager, '/stars', '村里的每周之星'));
    expect(zh).toContain('2026-11-23 那一周：\n1. 谢启富  +28 分');
    const en = bodyOf(await sayAndWait(stack, secretary, '/stars', 'weekly stars'));
    expect(en).toContain('Week of 2026-11-23:\n1. 谢启富  +28');
  });
});
