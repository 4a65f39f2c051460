import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { createCall } from '../../core/volunteers/create-call.ts';
import {
  type BotApiEmulator,
  createBotApiEmulator,
  DEFAULT_RATE_LIMITS,
} from '../../tools/bot-api-emulator/index.ts';
import { OUTBOUND_CONCURRENCY } from '../../worker/create-worker.ts';
import { Owed } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { oweCallLaunch } from '../../worker/volunteers-schedule.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import {
  databaseUrl,
  deleteRedisPrefix,
  REDIS_URL,
  TEST_BOT_TOKEN,
  TEST_QR_SECRET,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * A volunteer call fanned out to 10,000 members through the real worker process (worker/main.ts) and
 * the Bot API emulator enforcing Telegram's limits, with the worker killed (SIGKILL) in the middle and
 * started again: every member gets the invite, none twice except at most the sends in flight at the
 * kill (the emulator answers 30 ms late, so some have reached "Telegram" unheard), nothing recorded as
 * sent before the kill is sent again, and no request is made inside a 429 penalty window.
 *
 * To keep the test near a minute, the emulator's bot-wide limit AND the worker's configured rate
 * (OUTBOUND_MESSAGES_PER_SECOND) are both raised SPEED_UP times: the limiter still has to keep the
 * worker under the bucket as at 30/s. Per-chat limits stay Telegram's. How fast it goes is measured by
 * the bench (`npm run bench -- --only=volunteers`), not asserted here.
 */
const SPEED_UP = 8;
const MEMBERS = 10_000;
const FIRST_USER = 600_000_000;
const KILL_AFTER = 2_500;
const logger = createLogger('silent', 'test');

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let producer: JobProducer;
let app: AppProcess | undefined;
const prefix = uniquePrefix();

function startWorker(): Promise<AppProcess> {
  return startApp(
    'worker/main.ts',
    {
      BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: emulator.url,
      DATABASE_URL: databaseUrl(),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QR_SECRET: TEST_QR_SECRET,
      LOG_LEVEL: 'info',
      DEFAULT_LOCALE: 'zh-CN',
      OUTBOUND_MESSAGES_PER_SECOND: String(30 * SPEED_UP),
    },
    { readyLog: /worker started/, timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  const global = DEFAULT_RATE_LIMITS.global;
  emulator = await createBotApiEmulator({
    rateLimits: {
      global: { capacity: global.capacity * SPEED_UP, refillPerSecond: global.refillPerSecond * SPEED_UP },
    },
    latency: { ms: 30, methods: ['sendMessage'] },
  });
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  prisma = testPrisma();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await producer.close();
  await deleteRedisPrefix(prefix);
  await prisma.$disconnect();
  await emulator.close();
});

/** Ok sendMessage calls per villager chat (the cadre's progress message is not an invite). */
function deliveries(): Map<number, number> {
  const counts = new Map<number, number>();
  for (const call of emulator.calls({ method: 'sendMessage', ok: true })) {
    const chatId = call.chatId ?? 0;
    if (chatId >= FIRST_USER) counts.set(chatId, (counts.get(chatId) ?? 0) + 1);
  }
  return counts;
}

describe('a call to 10,000 members through the worker process, killed and restarted', () => {
  it('reaches everyone, repeats at most the sends in flight at the kill, and never sends inside a penalty window', async () => {
    await resetDatabase(prisma);
    const { member } = await createTestVillage(prisma, []);
    const secretary = await member(1);
    await prisma.$executeRaw`
      INSERT INTO "User" (id, "firstName", "updatedAt")
      SELECT ${FIRST_USER}::bigint + n, '村民' || n, now() FROM generate_series(0, ${MEMBERS - 1}::int) n`;
    await prisma.$executeRaw`
      INSERT INTO "Member" ("villageId", "userId", number, "realName", status)
      SELECT ${secretary.villageId}::int, ${FIRST_USER}::bigint + n, n + 2, '村民' || n, 'ACTIVE'
      FROM generate_series(0, ${MEMBERS - 1}::int) n`;
    emulator.addChat({ user: { id: 1, first_name: '李书记' } });
    for (let i = 0; i < MEMBERS; i++)
      emulator.addChat({ user: { id: FIRST_USER + i, first_name: `村民${i}` } });

    app = await startWorker();
    const owed = new Owed();
    const call = await prisma.$transaction(
      async (tx) => {
        const launched = await createCall(tx, {
          actor: secretary,
          draft: {
            title: '防汛巡堤',
            shifts: [
              {
                place: '东堤',
                startsAt: new Date(Date.now() + 24 * 3_600_000),
                endsAt: new Date(Date.now() + 28 * 3_600_000),
                capacity: 50,
              },
            ],
            pointsPerHour: 5,
            audience: 'MEMBERS',
            urgent: false,
            paidBroadcast: false,
          },
        });
        await oweCallLaunch(tx, owed, launched, { groupChatId: null, shiftReminderMinutes: 60 });
        return launched;
      },
      { timeout: 30_000 },
    );
    await owed.deliver({ prisma, jobs: producer, logger });
    expect(call.recipients).toBe(MEMBERS);

    await waitFor(() => deliveries().size >= KILL_AFTER, {
      what: `${KILL_AFTER} invites`,
      timeoutMs: 60_000,
    });
    await app.stop('SIGKILL');
    app = undefined;
    const recordedBeforeKill = await prisma.volunteerCallInvite.findMany({
      where: { callId: call.callId, status: 'SENT' },
      select: { chatId: true },
    });
    const deliveredAtKill = deliveries();
    expect(deliveredAtKill.size).toBeLessThan(MEMBERS);

    app = await startWorker();
    await waitFor(
      async () =>
        (await prisma.volunteerCallInvite.count({ where: { callId: call.callId, status: 'PENDING' } })) === 0,
      { what: 'every invite settled', timeoutMs: 150_000, intervalMs: 500 },
    );

    const delivered = deliveries();
    // Nobody missed.
    expect(delivered.size).toBe(MEMBERS);
    const repeated = [...delivered].filter(([, count]) => count > 1).map(([chatId]) => chatId);
    // At most what was in flight at the kill: the worker's concurrency, none of it recorded as sent.
    expect(repeated.length).toBeLessThanOrEqual(OUTBOUND_CONCURRENCY);
    expect(Math.max(...delivered.values())).toBeLessThanOrEqual(2);
    const recorded = new Set(recordedBeforeKill.map((invite) => Number(invite.chatId)));
    expect(repeated.filter((chatId) => recorded.has(chatId))).toEqual([]);
    // Every invite is recorded with the id of a message its member received.
    const invites = await prisma.volunteerCallInvite.findMany({
      where: { callId: call.callId },
      select: { chatId: true, status: true, messageId: true },
    });
    expect(invites.filter((invite) => invite.status !== 'SENT')).toEqual([]);
    const received = new Map<number, Set<number>>();
    for (const sent of emulator.calls({ method: 'sendMessage', ok: true })) {
      const ids = received.get(sent.chatId ?? 0) ?? new Set<number>();
      ids.add((sent.result as { message_id: number }).message_id);
      received.set(sent.chatId ?? 0, ids);
    }
    const mismatched = invites.filter(
      (invite) => !received.get(Number(invite.chatId))?.has(invite.messageId as number),
    );
    expect(mismatched).toEqual([]);
    // Within the limits throughout: no request inside a penalty window (none refused at all).
    const refused = emulator.calls({ ok: false });
    expect(refused.filter((c) => c.inPenaltyWindow)).toEqual([]);
    expect(refused.filter((c) => c.errorCode === 429)).toEqual([]);
  }, 240_000);
});
