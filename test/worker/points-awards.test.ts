import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { applyFinalAward, reviewAward } from '../../core/points/awards.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { shortHash } from '../../core/points/ledger-hash.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { Owed } from '../../worker/owed.ts';
import { setAwardFinalTimer } from '../../worker/points-schedule.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { deleteRedisPrefix, REDIS_URL, testConfig, uniquePrefix, waitFor } from './support.ts';

/**
 * Awards from review to the ledger: reviewed in core (never by their proposer), applied by the real
 * worker when their appeal window ends (a PostgreSQL timer per award), the member told with the
 * entry's sequence and short hash. Awards are proposed here as rows (the /award command is to come).
 */
const logger = createLogger('silent', 'test');
const SECRETARY = 7_100_001;
const CADRE = 7_100_002;
const VILLAGER = 7_100_003;

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

/** Proposed by the cadre, for the villager. */
async function proposed(count = 1, points = 8): Promise<number[]> {
  const rows = await prisma.pointAward.createManyAndReturn({
    data: Array.from({ length: count }, (_, i) => ({
      villageId: villager.villageId,
      memberId: villager.memberId,
      points,
      reason: count === 1 ? '帮邻居收稻谷' : `志愿服务 ${i + 1}`,
      proposedById: cadre.memberId,
    })),
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** What the bot will do: review in a transaction that also sets the award's timer, then hand it on. */
async function approve(awardId: number, appealWindowMs: number) {
  const owed = new Owed();
  await prisma.$transaction(async (tx: Prisma.TransactionClient) => {
    const reviewed = await reviewAward(tx, { actor: secretary, awardId, approve: true, appealWindowMs });
    if (reviewed.finalAt) await setAwardFinalTimer(tx, owed, { awardId, finalAt: reviewed.finalAt });
  });
  await owed.deliver({ prisma, jobs: producer, logger });
}

describe('an approved award', () => {
  it('is applied by the worker when its window ends, and its member hears the entry and its hash', async () => {
    const [awardId = 0] = await proposed();
    await approve(awardId, 0);
    await waitFor(async () => (await prisma.ledgerEntry.count()) === 1, { what: 'the entry' });
    const entry = await prisma.ledgerEntry.findFirstOrThrow();
    expect(entry).toMatchObject({ sequence: 1, amount: 8, awardId, memberId: villager.memberId });
    expect(entry.householdId).not.toBeNull();
    expect((await prisma.pointAward.findUniqueOrThrow({ where: { id: awardId } })).status).toBe('APPLIED');
    const notice = await emulator.waitForCall({ chatId: VILLAGER, method: 'sendMessage', ok: true });
    expect(String(notice.params.text)).toBe(
      `积分 +8 分：帮邻居收稻谷。已记入村里的积分账本第 1 条（指纹 ${shortHash(entry.hash)}），这串数字可以用来核对账本没有被改过。`,
    );
    expect(await verifyLedger(prisma, villager.villageId)).toMatchObject({ ok: true, entries: 1 });
  });

  it('waits for its appeal window, and is applied once however often its timer fires', async () => {
    const [awardId = 0] = await proposed();
    await prisma.$transaction((tx) =>
      reviewAward(tx, { actor: secretary, awardId, approve: true, appealWindowMs: 60_000 }),
    );
    const now = new Date();
    expect(await prisma.$transaction((tx) => applyFinalAward(tx, { awardId, now }))).toMatchObject({
      outcome: 'wait',
    });
    const later = new Date(now.getTime() + 61_000);
    const first = await prisma.$transaction((tx) => applyFinalAward(tx, { awardId, now: later }));
    const again = await prisma.$transaction((tx) => applyFinalAward(tx, { awardId, now: later }));
    expect([first.outcome, again.outcome]).toEqual(['applied', 'skip']);
    expect(await prisma.ledgerEntry.count()).toBe(1);
  });

  it('makes exactly 1,000 entries in one unbroken chain when 1,000 are approved at once', async () => {
    const ids = await proposed(1_000, 1);
    const owed = new Owed();
    await prisma.$transaction(
      async (tx: Prisma.TransactionClient) => {
        for (const awardId of ids) {
          const reviewed = await reviewAward(tx, {
            actor: secretary,
            awardId,
            approve: true,
            appealWindowMs: 0,
          });
          if (reviewed.finalAt) await setAwardFinalTimer(tx, owed, { awardId, finalAt: reviewed.finalAt });
        }
      },
      { timeout: 60_000 },
    );
    await owed.deliver({ prisma, jobs: producer, logger });
    await waitFor(async () => (await prisma.ledgerEntry.count()) === 1_000, {
      what: '1,000 entries',
      timeoutMs: 90_000,
    });
    expect(await prisma.pointAward.count({ where: { status: 'APPLIED' } })).toBe(1_000);
    expect(await verifyLedger(prisma, villager.villageId)).toMatchObject({ ok: true, entries: 1_000 });
  }, 120_000);
});

describe('the daily checkpoint', () => {
  const GROUP = { id: -1_007_300_000, title: '友谊村村民群', type: 'supergroup' as const };

  it("starts with a village's first entry: one timer for the coming evening, none for later entries", async () => {
    const now = new Date('2026-11-30T13:30:00Z'); // 21:30 in Asia/Shanghai: the next is tomorrow's
    const append = () =>
      prisma.$transaction((tx) =>
        appendLedgerEntries(
          tx,
          villager.villageId,
          [{ memberId: villager.memberId, amount: 1, reason: 'x' }],
          now,
        ),
      );
    expect(await prisma.scheduledTimer.count({ where: { job: 'points-checkpoint' } })).toBe(0);
    await append();
    await append();
    const timers = await prisma.scheduledTimer.findMany({ where: { job: 'points-checkpoint' } });
    expect(timers.map((timer) => [timer.key, timer.dueAt.toISOString()])).toEqual([
      [`points-checkpoint:checkpoint-${villager.villageId}-2026-12-01`, '2026-12-01T12:00:00.000Z'],
    ]);
  });

  it('publishes the chain head in the group once, sets the next day, and /verify holds the chain to it', async () => {
    await prisma.village.update({
      where: { id: villager.villageId },
      data: { groupChatId: BigInt(GROUP.id) },
    });
    emulator.addChat({ group: GROUP });
    await prisma.$transaction((tx) =>
      appendLedgerEntries(tx, villager.villageId, [
        { memberId: villager.memberId, amount: 8, reason: '帮邻居' },
        { memberId: villager.memberId, amount: -5, reason: '垃圾没进桶' },
      ]),
    );
    const fire = async (dedupeKey: string) => {
      const owed = new Owed();
      await prisma.$transaction((tx: Prisma.TransactionClient) =>
        owed.timer(tx, 'points-checkpoint', { dedupeKey, villageId: villager.villageId }, new Date()),
      );
      await owed.deliver({ prisma, jobs: producer, logger });
    };
    await fire('checkpoint-test-1');
    const post = await emulator.waitForCall({ chatId: GROUP.id, method: 'sendMessage', ok: true });
    const head = await prisma.ledgerHead.findUniqueOrThrow({ where: { villageId: villager.villageId } });
    expect(String(post.params.text)).toContain('截至今天共 2 条');
    expect(String(post.params.text)).toContain(head.lastHash);
    await waitFor(
      async () =>
        (await prisma.ledgerCheckpoint.findFirst({ where: { groupMessageId: { not: null } } })) ?? false,
      {
        what: 'the post recorded',
      },
    );
    // The next day's timer stands; a second firing with nothing new appended posts nothing.
    expect(
      await prisma.scheduledTimer.count({ where: { job: 'points-checkpoint', status: 'PENDING' } }),
    ).toBe(1);
    await fire('checkpoint-test-2');
    await waitFor(
      async () =>
        (await prisma.scheduledTimer.count({
          where: { key: { endsWith: 'checkpoint-test-2' }, status: 'FIRED' },
        })) === 1,
      {
        what: 'the second firing',
      },
    );
    expect(emulator.calls({ chatId: GROUP.id, method: 'sendMessage' })).toHaveLength(1);
    expect(await prisma.ledgerCheckpoint.count()).toBe(1);
    expect(await verifyLedger(prisma, villager.villageId)).toMatchObject({
      ok: true,
      entries: 2,
      checkpoints: 1,
    });
  });
});

describe('a review', () => {
  it('is refused to the proposer, to a villager, and a second time; a rejection needs a reason', async () => {
    const [awardId = 0] = await proposed();
    const review = (actor: Membership, approve: boolean, note?: string) =>
      refusalOf(
        prisma.$transaction((tx) =>
          reviewAward(tx, { actor, awardId, approve, ...(note !== undefined && { note }) }),
        ),
      );
    // The cadre who proposed it cannot review it, even made a supervisor.
    expect(await review({ ...cadre, roles: [...cadre.roles, 'SUPERVISOR'] }, true)).toBe('award-self-review');
    expect(await review(villager, true)).toBe('forbidden');
    expect(await review(secretary, false)).toBe('award-reason-required');
    expect(await review(secretary, false, '没有照片为证')).toBe('ok');
    expect(await review(secretary, true)).toBe('award-already-reviewed');
    const award = await prisma.pointAward.findUniqueOrThrow({ where: { id: awardId } });
    expect(award).toMatchObject({ status: 'REJECTED', reviewNote: '没有照片为证', finalAt: null });
    // A rejected award's timer, should one fire, applies nothing.
    expect(
      await prisma.$transaction((tx) => applyFinalAward(tx, { awardId, now: new Date() })),
    ).toMatchObject({ outcome: 'skip' });
    expect(await prisma.ledgerEntry.count()).toBe(0);
  });

  it('cannot be written as self-review even past the use case (the database refuses it)', async () => {
    const [awardId = 0] = await proposed();
    await expect(
      prisma.pointAward.update({
        where: { id: awardId },
        data: { status: 'APPROVED', reviewedById: cadre.memberId, finalAt: new Date() },
      }),
    ).rejects.toThrow(/PointAward_not_self_reviewed/);
  });
});
