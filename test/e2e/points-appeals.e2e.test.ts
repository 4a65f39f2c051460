import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { reviewAward } from '../../core/points/awards.ts';
import { shortHash } from '../../core/points/ledger-hash.ts';
import { Owed } from '../../worker/owed.ts';
import { setAwardFinalTimer } from '../../worker/points-schedule.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { REDIS_URL, sleep } from '../worker/support.ts';
import type { Person, Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage, waitForText } from './talk-helpers.ts';

/**
 * Appeals through the real bot and worker: an award approved (in core, with its timer, as the /award
 * feature does: that command is built elsewhere), its member appeals, the secretary is told and
 * decides; upheld, the member hears why and nothing reaches the ledger; rejected, the member hears why
 * and the award is applied at once, once. In Chinese (the secretary, one villager) and English.
 */
const logger = createLogger('silent', 'test');
let stack: Stack;
let prisma: PrismaClient;
let producer: JobProducer;
let secretary: Person; // member 1, Chinese
let zhVillager: Person; // member 2
let enVillager: Person; // member 3

beforeAll(async () => {
  ({
    stack,
    prisma,
    secretary,
    people: [zhVillager, enVillager],
  } = await startVillage({
    people: [
      {
        user: { id: 82_002, first_name: '谢启富', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 82_003, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: 'Wang household',
      },
    ],
  }));
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix: stack.redisPrefix, logger });
}, 120_000);

afterAll(async () => {
  await producer?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

async function membership(person: Person): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(person.id));
  if (!found) throw new Error(`no member ${person.id}`);
  return found;
}

/** Proposed by nobody in particular (a row), approved by the secretary with its timer, handed to the worker. */
async function approvedAward(to: Person, appealWindowMs: number): Promise<number> {
  const member = await membership(to);
  const { id: awardId } = await prisma.pointAward.create({
    data: { villageId: member.villageId, memberId: member.memberId, points: 8, reason: '帮邻居收稻谷' },
    select: { id: true },
  });
  const actor = await membership(secretary);
  const owed = new Owed();
  await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const reviewed = await reviewAward(tx, { actor, awardId, approve: true, appealWindowMs });
    if (reviewed.finalAt) await setAwardFinalTimer(tx, owed, { awardId, finalAt: reviewed.finalAt });
  });
  await owed.deliver({ prisma, jobs: producer, logger });
  return awardId;
}

describe('an appeal', () => {
  it('upheld (in Chinese): the secretary is told, the member hears why, and nothing reaches the ledger', async () => {
    const awardId = await approvedAward(zhVillager, 10_000);
    const since = stack.emulator.lastSeq();
    const appealed = await sayAndWait(stack, zhVillager, `/appeal ${awardId} 那天我不在村里`, '申诉');
    expect(bodyOf(appealed)).toBe(
      `已提交对第 ${awardId} 号积分（+8 分）的申诉。书记决定之前，这笔积分不会记入账本；决定后会通知您。`,
    );
    const told = await waitForText(stack, secretary.id, since, '提出了申诉');
    expect(bodyOf(told)).toBe(
      `谢启富（2 号）对第 ${awardId} 号积分（+8 分）提出了申诉。发送 /appeals 查看理由。`,
    );
    // Once only: a second appeal is refused.
    expect(bodyOf(await sayAndWait(stack, zhVillager, `/appeal ${awardId} 再说一次`, '申诉过'))).toBe(
      `第 ${awardId} 号积分已经申诉过了，每笔积分只能申诉一次。`,
    );

    const list = bodyOf(await sayAndWait(stack, secretary, '/appeals', '待决定'));
    expect(list).toBe(
      '待决定的积分申诉共 1 件：\n\n' +
        `第 ${awardId} 号积分：谢启富（2 号），+8 分，事由：帮邻居收稻谷\n` +
        '申诉理由：那天我不在村里\n' +
        `支持：/appeal_uphold ${awardId} 理由　驳回：/appeal_reject ${awardId} 理由`,
    );
    // A villager may not decide, and the secretary must give a reason.
    expect(bodyOf(await sayAndWait(stack, zhVillager, `/appeal_uphold ${awardId} 对`, '权限'))).toContain(
      '您没有权限做这件事',
    );
    expect(bodyOf(await sayAndWait(stack, secretary, `/appeal_uphold ${awardId}`, '理由'))).toContain(
      '请写明决定的理由',
    );

    const decidedSince = stack.emulator.lastSeq();
    const upheld = await sayAndWait(stack, secretary, `/appeal_uphold ${awardId} 照片里不是他`, '已支持');
    expect(bodyOf(upheld)).toBe(
      `已支持对第 ${awardId} 号积分（+8 分）的申诉，这笔积分作废，理由已告知本人。`,
    );
    const notice = await waitForText(stack, zhVillager.id, decidedSince, '申诉得到支持');
    expect(bodyOf(notice)).toBe(
      `您对第 ${awardId} 号积分（+8 分）的申诉得到支持，这笔积分作废，不记入账本。书记的理由：照片里不是他`,
    );
    expect(bodyOf(await sayAndWait(stack, secretary, `/appeal_reject ${awardId} 改主意`, '决定过'))).toBe(
      `第 ${awardId} 号积分的申诉已经决定过了。`,
    );

    // Past the award's original window: still nothing in the ledger, and the member heard only the decision.
    const award = await prisma.pointAward.findUniqueOrThrow({ where: { id: awardId } });
    expect(award.status).toBe('REJECTED');
    await sleep(Math.max(0, (award.reviewedAt?.getTime() ?? 0) + 11_000 - Date.now()));
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { awardId } })).toBe(0);
    expect(
      stack.emulator.calls({
        chatId: zhVillager.id,
        method: 'sendMessage',
        ok: true,
        sinceSeq: decidedSince,
      }),
    ).toHaveLength(1);
  }, 60_000);

  it('rejected (in English): the member hears why, and the award is applied at once, once', async () => {
    await sayAndWait(stack, secretary, '/lang en', 'English');
    const awardId = await approvedAward(enVillager, 3_600_000);
    expect(bodyOf(await sayAndWait(stack, enVillager, '/appeal', 'Usage'))).toContain(
      'Usage: /appeal <award no.> <reason>',
    );
    expect(bodyOf(await sayAndWait(stack, zhVillager, `/appeal ${awardId} 不对`, '只有本人'))).toBe(
      `第 ${awardId} 号积分不是给您的，只有本人可以申诉。`,
    );
    const since = stack.emulator.lastSeq();
    const appealed = await sayAndWait(stack, enVillager, `/appeal ${awardId} It should be 10`, 'appeal');
    expect(bodyOf(appealed)).toBe(
      `Your appeal of points award No. ${awardId} (+8 points) is submitted. The award stays out of the ledger until the secretary decides; you will be told the decision.`,
    );
    const told = await waitForText(stack, secretary.id, since, 'appealed');
    expect(bodyOf(told)).toBe(
      `Wang Xiuying (No. 3) appealed points award No. ${awardId} (+8 points). Send /appeals to read why.`,
    );
    expect(bodyOf(await sayAndWait(stack, secretary, '/appeals', 'appeal'))).toContain(
      `Award No. ${awardId}: Wang Xiuying (No. 3), +8 points, for: 帮邻居收稻谷\nAppeal: It should be 10`,
    );

    const decidedSince = stack.emulator.lastSeq();
    const rejected = await sayAndWait(
      stack,
      secretary,
      `/appeal_reject ${awardId} The rule gives 8 points`,
      'You rejected',
    );
    expect(bodyOf(rejected)).toBe(
      `You rejected the appeal of points award No. ${awardId} (+8 points): the award is being recorded in the ledger, and its member has been told why.`,
    );
    const notice = await waitForText(stack, enVillager.id, decidedSince, 'was rejected');
    expect(bodyOf(notice)).toBe(
      `Your appeal of points award No. ${awardId} (+8 points) was rejected: the award is being recorded in the ledger. The secretary's reason: The rule gives 8 points`,
    );
    const applied = await waitForText(
      stack,
      enVillager.id,
      decidedSince,
      'Recorded in the village points ledger',
    );
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { awardId } });
    expect(bodyOf(applied)).toContain(`entry ${entry.sequence} (fingerprint ${shortHash(entry.hash)})`);
    await stack.settled(prisma);
    expect(await prisma.ledgerEntry.count({ where: { awardId } })).toBe(1);
    expect(await prisma.pointAward.findUniqueOrThrow({ where: { id: awardId } })).toMatchObject({
      status: 'APPLIED',
    });
    expect(bodyOf(await sayAndWait(stack, secretary, '/appeals', 'No appeals'))).toBe(
      'No appeals are waiting for a decision.',
    );
  }, 60_000);
});
