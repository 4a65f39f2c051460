import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { type OwedSend, writeSends } from '../../core/outbox/outbox.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { outboundKeyFor } from '../../worker/jobs/notify.ts';
import { Owed } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type NotifyPayload } from '../../worker/queues.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';
import { testPrisma } from '../support/db.ts';
import {
  createTestMember,
  databaseUrl,
  deleteRedisPrefix,
  deleteTestMembers,
  REDIS_URL,
  sleep,
  TEST_BOT_TOKEN,
  TEST_QR_SECRET,
  type TestMember,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * The real worker process (worker/main.ts), killed with SIGKILL in the middle of a batch of notices
 * and outbox sends, then started again. The emulator answers sends late (they take effect at once), so
 * at the kill several sends have reached "Telegram" without the worker hearing back: the one window
 * the Bot API leaves open. Afterwards nothing is lost, what repeats is at most what was in flight, and
 * nothing recorded as sent (SENT, DONE) before the kill is sent again.
 */

const logger = createLogger('silent', 'test');
const i18n = createI18n('zh-CN');
const NOTICES_PER_MEMBER = 12;
const SENDS = 12;
/** The worker's outbound concurrency: the most sends that can be in flight at the kill. */
const IN_FLIGHT_AT_MOST = 10;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let producer: JobProducer;
let app: AppProcess | undefined;
let members: TestMember[] = [];
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
    },
    { readyLog: /worker started/, timeoutMs: 30_000 },
  );
}

beforeAll(async () => {
  // No flood control: this is about crashes. Every send is answered 300 ms after it took effect.
  emulator = await createBotApiEmulator({
    rateLimits: false,
    latency: { ms: 300, methods: ['sendMessage'] },
  });
  prisma = testPrisma();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  for (let i = 0; i < 3; i++) members.push(await createTestMember(prisma, { locale: 'en' }));
  for (const m of members) emulator.addChat({ user: { id: m.userId, first_name: 'Tester' } });
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await producer.close();
  await deleteRedisPrefix(prefix);
  await prisma.outboxEntry.deleteMany({ where: { key: { startsWith: 'killed-' } } });
  await prisma.outboxEntry.deleteMany({ where: { key: { contains: ':killed-' } } });
  await prisma.outboundMessage.deleteMany({ where: { key: { contains: 'killed-' } } });
  await deleteTestMembers(prisma, members);
  members = [];
  await prisma.$disconnect();
  await emulator.close();
});

/** Every message the bot sent, as "<chat> <text>", with how often it arrived. */
function arrivals(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const call of emulator.calls({ method: 'sendMessage' })) {
    const { chat_id, text } = call.params as { chat_id: number | string; text: string };
    const key = `${chat_id} ${text}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('worker/main.ts killed mid-send', () => {
  it('loses nothing, repeats at most what was in flight, and never repeats what was recorded as sent', async () => {
    app = await startWorker();

    const notices: (NotifyPayload & { expected: string; chatId: number })[] = [];
    for (const m of members) {
      for (let i = 1; i <= NOTICES_PER_MEMBER; i++) {
        notices.push({
          dedupeKey: `killed-${m.memberId}-${i}`,
          memberId: m.memberId,
          message: { key: 'talk-notice-comment', params: { number: i } },
          expected: `${m.userId} ${i18n.t('en', 'talk-notice-comment', { number: i })}`,
          chatId: m.userId,
        });
      }
    }
    const sends: OwedSend[] = Array.from({ length: SENDS }, (_, i) => {
      const chatId = members[i % members.length]?.userId ?? 0;
      return {
        key: `killed-send-${i}`,
        method: 'sendMessage',
        payload: { chat_id: chatId, text: `reply ${i}` },
        chatId: BigInt(chatId),
      };
    });
    // Sends whose writer died after its commit (the relay hands them over), and notices owed and handed over.
    const sendIds = (await writeSends(prisma, sends, -1_000)).map((row) => row.id);
    const owed = new Owed();
    await prisma.$transaction((tx) =>
      owed.jobs(
        tx,
        'notify',
        notices.map(({ expected: _, chatId: __, ...payload }) => payload),
      ),
    );
    await owed.deliver({ prisma, jobs: producer, logger });

    await waitFor(() => emulator.calls({ method: 'sendMessage' }).length >= 12, { what: 'a dozen sends' });
    await app.stop('SIGKILL');
    app = undefined;

    // What the dead worker had recorded as sent: none of it may arrive again.
    const sentNotices = await prisma.outboundMessage.findMany({
      where: { key: { in: notices.map((n) => outboundKeyFor(n.dedupeKey)) }, status: 'SENT' },
      select: { key: true },
    });
    const doneSends = await prisma.outboxEntry.findMany({
      where: { id: { in: sendIds }, status: 'DONE' },
      select: { key: true },
    });
    const recordedBeforeKill = [
      ...notices
        .filter((n) => sentNotices.some((s) => s.key === outboundKeyFor(n.dedupeKey)))
        .map((n) => n.expected),
      ...sends
        .filter((s) => doneSends.some((d) => d.key === s.key))
        .map((s) => `${s.payload.chat_id} ${s.payload.text}`),
    ];
    const arrivedBeforeKill = arrivals();
    expect(recordedBeforeKill.length).toBeGreaterThan(0);
    expect(arrivedBeforeKill.size).toBeLessThan(notices.length + sends.length);
    await sleep(500);

    app = await startWorker();
    // Jobs the dead worker held come back once their locks expire (BullMQ's stall check, ~30 s).
    await waitFor(
      async () =>
        (await prisma.outboxEntry.count({
          where: {
            OR: [{ id: { in: sendIds } }, { key: { contains: ':killed-' } }],
            status: { not: 'DONE' },
          },
        })) === 0,
      { what: 'every notice and send to be done', timeoutMs: 150_000, intervalMs: 250 },
    );
    await sleep(1_000);

    const after = arrivals();
    const expected = [
      ...notices.map((n) => n.expected),
      ...sends.map((s) => `${s.payload.chat_id} ${s.payload.text}`),
    ];
    // Nothing lost.
    for (const message of expected) expect(after.get(message) ?? 0, message).toBeGreaterThanOrEqual(1);
    expect([...after.keys()].sort()).toEqual([...expected].sort());
    // Nothing recorded as sent before the kill came again.
    for (const message of recordedBeforeKill) expect(after.get(message), message).toBe(1);
    // What repeated had arrived before the kill without being recorded: it was in flight.
    const repeated = [...after].filter(([, count]) => count > 1).map(([message]) => message);
    for (const message of repeated) {
      expect(after.get(message), message).toBe(2);
      expect(arrivedBeforeKill.has(message), message).toBe(true);
      expect(recordedBeforeKill, message).not.toContain(message);
    }
    expect(repeated.length).toBeLessThanOrEqual(IN_FLIGHT_AT_MOST);
  }, 210_000);
});
