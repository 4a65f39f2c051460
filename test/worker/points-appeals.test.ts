import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { appealAward, decideAppeal } from '../../core/points/appeals.ts';
import { applyFinalAward, reviewAward } from '../../core/points/awards.ts';
import { listOpenAppeals } from '../../core/points/list-open-appeals.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { Owed } from '../../worker/owed.ts';
import {
  awardAfterAppealKey,
  awardFinalKey,
  cancelAwardFinalTimer,
  setAwardFinalTimer,
  setAwardTimerAfterAppeal,
} from '../../worker/points-schedule.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { deleteRedisPrefix, REDIS_URL, sleep, testConfig, uniquePrefix, waitFor } from './support.ts';

/**
 * Appeals of approved awards, in core against real PostgreSQL, with the real worker applying what
 * becomes final: only the award's member appeals, in its window, once; the award's timer firing
 * meanwhile applies nothing; upheld, the award is never applied; rejected, it is applied at once, once.
 * Awards are proposed as rows, approved through core, as in points-awards.test.ts.
 */
const logger = createLogger('silent', 'test');
const SECRETARY = 7_200_001;
const CADRE = 7_200_002;
const VILLAGER = 7_200_003;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker;
let producer: JobProducer;
let secretary: Membership;
let cadre: Membership;
let villager: Membership;

beforeAll(async () => {
  emulator = await createBotApiEmulator({ rateLimits: false });
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

async function member(userId: number): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no member ${userId}`);
  return found;
}

beforeEach(async () => {
  await resetDatabase(prisma);
  await syncUser(prisma, { id: SECRETARY, first_name: '李书记', language_code: 'zh-hans' });
  const { inviteCode } = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: BigInt(SECRETARY),
    adminIds: [BigInt(SECRETARY)],
    joinApproval: false,
  });
  for (const [id, name] of [
    [CADRE, '王干部'],
    [VILLAGER, '谢启富'],
  ] as const) {
    await syncUser(prisma, { id, first_name: name, language_code: 'zh-hans' });
    await joinVillage(prisma, { userId: BigInt(id), inviteCode });
    await answerOnboarding(prisma, { membership: await member(id), text: name });
    await answerOnboarding(prisma, { membership: await member(id), text: `${name}家` });
    emulator.addChat({ user: { id, first_name: name } });
  }
  secretary = await member(SECRETARY);
  await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
  cadre = await member(CADRE);
  villager = await member(VILLAGER);
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  worker = createWorker({
    config: testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url }),
    logger,
    prisma,
    i18n: createI18n('zh-CN'),
  });
  await worker.start();
});

afterEach(async () => {
  await worker.close(5_000);
  await producer.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
});

/** Proposed by the cadre, for `to` (the villager unless said). */
async function proposed(to: Membership = villager): Promise<number> {
  const row = await prisma.pointAward.create({
    data: {
      villageId: to.villageId,
      memberId: to.memberId,
      points: 8,
      reason: '帮邻居收稻谷',
      proposedById: cadre.memberId,
    },
    select: { id: true },
  });
  return row.id;
}

/** What the award feature does: review in a transaction that also sets the award's timer, then hand it on. */
async function approved(appealWindowMs: number, to: Membership = villager): Promise<number> {
  const awardId = await proposed(to);
  const owed = new Owed();
  await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const reviewed = await reviewAward(tx, { actor: secretary, awardId, approve: true, appealWindowMs });
    if (reviewed.finalAt) await setAwardFinalTimer(tx, owed, { awardId, finalAt: reviewed.finalAt });
  });
  await owed.deliver({ prisma, jobs: producer, logger });
  return awardId;
}

/** What /appeal does (the notices aside); `cancelTimer: false` leaves the first timer to fire. */
function appeal(
  actor: Membership,
  awardId: number,
  reason: string,
  options: { now?: Date; cancelTimer?: boolean } = {},
) {
  return prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const owed = new Owed();
    const result = await appealAward(tx, {
      actor,
      awardId,
      reason,
      ...(options.now && { now: options.now }),
    });
    if (options.cancelTimer !== false) await cancelAwardFinalTimer(tx, owed, awardId);
    return result;
  });
}

/** What /appeal_uphold and /appeal_reject do (the notice aside): a rejection sets the new timer. */
async function decide(actor: Membership, awardId: number, uphold: boolean, reason = '核实过了') {
  const owed = new Owed();
  const result = await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const decided = await decideAppeal(tx, { actor, awardId, uphold, reason });
    if (decided.finalAt) await setAwardTimerAfterAppeal(tx, owed, { awardId, finalAt: decided.finalAt });
    return decided;
  });
  await owed.deliver({ prisma, jobs: producer, logger });
  return result;
}

const award = (id: number) => prisma.pointAward.findUniqueOrThrow({ where: { id } });
const timerStatus = async (key: string) =>
  (await prisma.scheduledTimer.findUnique({ where: { key: `points-award-final:${key}` } }))?.status;

describe('an appeal', () => {
  it('is only for the award’s own member, with a reason, once', async () => {
    const awardId = await approved(60_000);
    expect(await refusalOf(appeal(cadre, awardId, '不是他一个人干的'))).toBe('appeal-not-yours');
    expect(await refusalOf(appeal(secretary, awardId, '不对'))).toBe('appeal-not-yours');
    expect(await refusalOf(appeal(villager, awardId, '   '))).toBe('appeal-reason-required');
    expect(await refusalOf(appeal(villager, awardId, '长'.repeat(201)))).toBe('text-too-long');
    expect(await refusalOf(appeal(villager, 999_999, '不对'))).toBe('award-not-found');
    expect((await award(awardId)).status).toBe('APPROVED');

    const made = await appeal(villager, awardId, '  那天我也帮了，应该是 10 分  ');
    expect(made).toMatchObject({ awardId, memberId: villager.memberId, deciders: [secretary.memberId] });
    expect((await award(awardId)).status).toBe('APPEALED');
    expect(await prisma.pointAppeal.findUniqueOrThrow({ where: { awardId } })).toMatchObject({
      status: 'OPEN',
      reason: '那天我也帮了，应该是 10 分',
      decidedById: null,
    });
    expect(await refusalOf(appeal(villager, awardId, '再说一次'))).toBe('appeal-already-made');
    expect(await prisma.pointAppeal.count()).toBe(1);
    // The secretary sees it waiting; the villager may not list appeals.
    expect(await listOpenAppeals(prisma, { actor: secretary })).toMatchObject([
      { awardId, memberNumber: 3, memberName: '谢启富', points: 8, reason: '那天我也帮了，应该是 10 分' },
    ]);
    expect(await refusalOf(listOpenAppeals(prisma, { actor: villager }))).toBe('forbidden');
  });

  it('is refused before approval, after a rejection, and once the window has passed', async () => {
    const waiting = await proposed();
    expect(await refusalOf(appeal(villager, waiting, '不对'))).toBe('appeal-not-approved');

    const rejected = await proposed();
    await prisma.$transaction((tx) =>
      reviewAward(tx, { actor: secretary, awardId: rejected, approve: false, note: '没有证据' }),
    );
    expect(await refusalOf(appeal(villager, rejected, '不对'))).toBe('appeal-not-approved');

    // The window has passed but the timer has not fired yet: refused all the same.
    const late = await approved(60_000);
    const afterWindow = new Date(Date.now() + 61_000);
    expect(await refusalOf(appeal(villager, late, '不对', { now: afterWindow }))).toBe(
      'appeal-window-closed',
    );
    expect((await award(late)).status).toBe('APPROVED');

    const applied = await approved(0);
    await waitFor(async () => (await award(applied)).status === 'APPLIED', { what: 'the award applied' });
    expect(await refusalOf(appeal(villager, applied, '不对'))).toBe('appeal-window-closed');
    expect(await prisma.pointAppeal.count()).toBe(0);
  });

  it('stops the award: its timer firing meanwhile applies nothing', async () => {
    const awardId = await approved(1_000);
    // The first timer is left in place (as if the cancel came too late): it fires and finds the appeal.
    await appeal(villager, awardId, '不是我', { cancelTimer: false });
    await waitFor(async () => (await timerStatus(awardFinalKey(awardId))) === 'FIRED', {
      what: 'the award timer fired',
    });
    expect((await award(awardId)).status).toBe('APPEALED');
    expect(await prisma.ledgerEntry.count()).toBe(0);
    // Days later, still nothing to apply.
    const later = new Date(Date.now() + 4 * 24 * 3_600_000);
    expect(await prisma.$transaction((tx) => applyFinalAward(tx, { awardId, now: later }))).toEqual({
      outcome: 'skip',
      reason: 'not-approved',
    });
  });
});

describe('an appeal decided', () => {
  it('upheld: the award is rejected with the decision as its note and never applied', async () => {
    const awardId = await approved(1_000);
    await appeal(villager, awardId, '那天我不在村里');
    expect(await timerStatus(awardFinalKey(awardId))).toBe('CANCELLED');
    const decided = await decide(secretary, awardId, true, '照片里确实不是他');
    expect(decided).toMatchObject({ upheld: true, finalAt: null, memberId: villager.memberId });
    expect(await award(awardId)).toMatchObject({
      status: 'REJECTED',
      reviewNote: '照片里确实不是他',
      finalAt: null,
      appliedAt: null,
    });
    expect(await prisma.pointAppeal.findUniqueOrThrow({ where: { awardId } })).toMatchObject({
      status: 'UPHELD',
      decidedById: secretary.memberId,
      decisionReason: '照片里确实不是他',
    });
    await sleep(1_500); // past the original window
    expect(
      await prisma.$transaction((tx) => applyFinalAward(tx, { awardId, now: new Date() })),
    ).toMatchObject({
      outcome: 'skip',
    });
    expect(await prisma.ledgerEntry.count()).toBe(0);
    expect(await timerStatus(awardAfterAppealKey(awardId))).toBeUndefined();
  });

  it('rejected: the award is applied at once by a new timer, with one entry, and cannot be appealed again', async () => {
    const awardId = await approved(3_600_000);
    await appeal(villager, awardId, '分太少了');
    const decided = await decide(secretary, awardId, false, '按规则就是 8 分');
    expect(decided.upheld).toBe(false);
    expect(decided.finalAt).not.toBeNull();
    await waitFor(async () => (await award(awardId)).status === 'APPLIED', { what: 'the award applied' });
    expect(await timerStatus(awardAfterAppealKey(awardId))).toBe('FIRED');
    expect(await timerStatus(awardFinalKey(awardId))).toBe('CANCELLED');
    expect(await prisma.ledgerEntry.findMany()).toMatchObject([{ sequence: 1, amount: 8, awardId }]);
    expect(await verifyLedger(prisma, villager.villageId)).toMatchObject({ ok: true, entries: 1 });
    expect(await refusalOf(appeal(villager, awardId, '还是不服'))).toBe('appeal-already-made');
  });

  it('rejected: a second appeal with a clock behind the decision is refused by the unique appeal', async () => {
    const awardId = await approved(3_600_000);
    await appeal(villager, awardId, '分太少了');
    const { finalAt } = await prisma.$transaction((tx) =>
      decideAppeal(tx, { actor: secretary, awardId, uphold: false, reason: '按规则就是 8 分' }),
    );
    if (!finalAt) throw new Error('a rejected appeal makes the award final');
    const behind = new Date(finalAt.getTime() - 5_000);
    expect(await refusalOf(appeal(villager, awardId, '再申诉', { now: behind }))).toBe('appeal-already-made');
    // The refusal rolled the conditional update back with it.
    expect((await award(awardId)).status).toBe('APPROVED');
  });

  it('only by a secretary, with a reason, and not on their own award', async () => {
    const awardId = await approved(60_000);
    expect(await refusalOf(decide(secretary, awardId, true))).toBe('appeal-not-found');
    await appeal(villager, awardId, '不对');
    expect(await refusalOf(decide(cadre, awardId, true))).toBe('forbidden');
    expect(await refusalOf(decide(villager, awardId, true))).toBe('forbidden');
    expect(await refusalOf(decide(secretary, awardId, true, ' '))).toBe('appeal-decision-reason-required');
    expect((await prisma.pointAppeal.findUniqueOrThrow({ where: { awardId } })).status).toBe('OPEN');

    // An award to the secretary: its appeal tells no secretary but others, and they decide it.
    const own = await approved(60_000, secretary);
    expect((await appeal(secretary, own, '我那天在开会')).deciders).toEqual([]);
    expect(await refusalOf(decide(secretary, own, true))).toBe('appeal-own-award');
  });

  it('twice at once: decided once, the other told it was decided', async () => {
    const awardId = await approved(60_000);
    await appeal(villager, awardId, '不对');
    const outcomes = await Promise.all([
      refusalOf(decide(secretary, awardId, true, '支持')),
      refusalOf(decide(secretary, awardId, false, '驳回')),
    ]);
    expect(outcomes.sort()).toEqual(['appeal-already-decided', 'ok']);
    const decided = await prisma.pointAppeal.findUniqueOrThrow({ where: { awardId } });
    const after = await award(awardId);
    // The award followed whichever decision won, and only that one.
    if (decided.status === 'UPHELD') expect(after.status).toBe('REJECTED');
    else {
      expect(decided.status).toBe('REJECTED');
      await waitFor(async () => (await award(awardId)).status === 'APPLIED', { what: 'the award applied' });
      expect(await prisma.ledgerEntry.count()).toBe(1);
    }
  });

  it('cannot be recorded half-decided (the database refuses it)', async () => {
    const awardId = await approved(60_000);
    await appeal(villager, awardId, '不对');
    await expect(
      prisma.pointAppeal.update({ where: { awardId }, data: { status: 'UPHELD' } }),
    ).rejects.toThrow(/PointAppeal_decision_complete/);
    await expect(prisma.pointAppeal.update({ where: { awardId }, data: { reason: '' } })).rejects.toThrow(
      /PointAppeal_reason_length/,
    );
  });
});
