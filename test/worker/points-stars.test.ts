import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { Owed } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type TimerPayloadOf } from '../../worker/queues.ts';
import { nameStars } from '../../worker/timers/points-timers.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { deleteRedisPrefix, REDIS_URL, testConfig, uniquePrefix, waitFor } from './support.ts';

/**
 * Weekly stars: two villages in different time zones are each named at their own Monday 09:00, once,
 * however often the timer runs; the group hears it once and each star is told. The timer's work runs
 * here with a controlled clock, in a transaction as the `timer` job runs it, and what it owes goes
 * through the real worker to the emulator.
 */
const logger = createLogger('silent', 'test');
const EAST_GROUP = { id: -1_007_400_000, title: '东村群', type: 'supergroup' as const };
const WEST_GROUP = { id: -1_007_500_000, title: 'West group', type: 'supergroup' as const };

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker;
let producer: JobProducer;

beforeAll(async () => {
  emulator = await createBotApiEmulator({ rateLimits: false });
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

beforeEach(async () => {
  await resetDatabase(prisma);
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

/** A village in `timezone` with its group and members who earned `points` each in the week given. */
async function village(
  name: string,
  timezone: string,
  group: typeof EAST_GROUP,
  firstUserId: number,
  points: number[],
  earnedAt: Date,
): Promise<{ villageId: number; members: Membership[] }> {
  await syncUser(prisma, { id: firstUserId, first_name: `${name}书记` });
  const created = await createVillage(prisma, {
    name,
    creatorUserId: BigInt(firstUserId),
    adminIds: [BigInt(firstUserId)],
    timezone,
    joinApproval: false,
  });
  await prisma.village.update({ where: { id: created.villageId }, data: { groupChatId: BigInt(group.id) } });
  emulator.addChat({ group });
  const members: Membership[] = [];
  for (const [i] of points.entries()) {
    const id = firstUserId + i + 1;
    await syncUser(prisma, { id, first_name: `p${id}`, language_code: 'zh-hans' });
    emulator.addChat({ user: { id, first_name: `p${id}` } });
    await joinVillage(prisma, { userId: BigInt(id), inviteCode: created.inviteCode });
    for (const text of [`村民${i + 1}`, `${i + 1}号家`]) {
      const membership = await findMembership(prisma, BigInt(id), created.villageId);
      if (!membership) throw new Error('no membership');
      await answerOnboarding(prisma, { membership, text });
    }
    const member = await findMembership(prisma, BigInt(id), created.villageId);
    if (!member) throw new Error('no member');
    members.push(member);
  }
  await prisma.$transaction((tx) =>
    appendLedgerEntries(
      tx,
      created.villageId,
      members.map((member, i) => ({ memberId: member.memberId, amount: points[i] ?? 0, reason: 'x' })),
      earnedAt,
    ),
  );
  return { villageId: created.villageId, members };
}

/** Runs the village's pending stars timer's work at `now`, as the timer job does, and hands on what it owes. */
async function fire(villageId: number, now: Date) {
  const row = await prisma.scheduledTimer.findFirstOrThrow({
    where: { job: 'points-weekly-stars', payload: { path: ['villageId'], equals: villageId } },
    orderBy: { dueAt: 'asc' },
  });
  const owed = new Owed();
  const report = await prisma.$transaction((tx: Prisma.TransactionClient) =>
    nameStars(tx, owed, row.payload as TimerPayloadOf<'points-weekly-stars'>, { now, logger }),
  );
  await owed.deliver({ prisma, jobs: producer, logger });
  return { report, row };
}

describe('weekly stars', () => {
  it('are named for two villages at their own Monday 09:00, once, and announced once', async () => {
    // Points earned on Wednesday 2026-11-25 (both villages' week of Monday 11-23).
    const wednesday = new Date('2026-11-25T06:00:00Z');
    const east = await village('东村', 'Asia/Shanghai', EAST_GROUP, 7_200_000, [30, 20, 20, 10], wednesday);
    const west = await village('West', 'America/New_York', WEST_GROUP, 7_300_000, [5, 8], wednesday);

    const eastFired = await fire(east.villageId, new Date('2026-11-30T01:00:00Z')); // 09:00 in Shanghai
    expect(eastFired.row.dueAt.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    const westFired = await fire(west.villageId, new Date('2026-11-30T14:00:00Z')); // 09:00 in New York
    expect(westFired.row.dueAt.toISOString()).toBe('2026-11-30T14:00:00.000Z');

    const stars = await prisma.weeklyStar.findMany({ orderBy: [{ villageId: 'asc' }, { rank: 'asc' }] });
    expect(stars.map((s) => [s.villageId, s.rank, s.points])).toEqual([
      [east.villageId, 1, 30],
      [east.villageId, 2, 20],
      [east.villageId, 2, 20],
      [west.villageId, 1, 8],
      [west.villageId, 2, 5],
    ]);
    // Run again (a duplicate firing): nobody is named twice, nothing more is said.
    const again = await prisma.$transaction((tx: Prisma.TransactionClient) =>
      nameStars(tx, new Owed(), eastFired.row.payload as TimerPayloadOf<'points-weekly-stars'>, {
        now: new Date('2026-11-30T01:00:05Z'),
        logger,
      }),
    );
    expect(again).toEqual({ outcome: 'skipped', reason: 'no-stars' });
    expect(await prisma.weeklyStar.count()).toBe(5);

    await waitFor(
      () => emulator.calls({ chatId: EAST_GROUP.id, method: 'sendMessage', ok: true }).length === 1,
      {
        what: "the east village's announcement",
      },
    );
    const [announcement] = emulator.calls({ chatId: EAST_GROUP.id, method: 'sendMessage', ok: true });
    expect(String(announcement?.params.text)).toContain('🌟 上周之星（2026-11-23 那一周）');
    expect(String(announcement?.params.text)).toContain('2. 村民2  +20 分');
    // Each star is told; the fourth, with fewer points, is not named and hears nothing.
    const textsTo = (userId: number) =>
      emulator
        .calls({ chatId: userId, method: 'sendMessage', ok: true })
        .map((call) => String(call.params.text));
    for (const userId of [7_200_001, 7_200_002, 7_200_003])
      await waitFor(() => textsTo(userId).some((text) => text.includes('恭喜！您是上周的村里之星')), {
        what: `the notice to ${userId}`,
      });
    expect(textsTo(7_200_004)).toEqual([]);
    await waitFor(
      () => emulator.calls({ chatId: WEST_GROUP.id, method: 'sendMessage', ok: true }).length === 1,
      {
        what: "the west village's announcement",
      },
    );
    // Next Monday's naming stands for each village, once.
    const next = await prisma.scheduledTimer.findMany({
      where: {
        job: 'points-weekly-stars',
        status: 'PENDING',
        dueAt: { gt: new Date('2026-12-01T00:00:00Z') },
      },
      orderBy: { dueAt: 'asc' },
    });
    expect(next.map((t) => t.dueAt.toISOString())).toEqual([
      '2026-12-07T01:00:00.000Z',
      '2026-12-07T14:00:00.000Z',
    ]);
  });
});
