import { Queue } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { writeSends } from '../../core/outbox/outbox.ts';
import { formatDue } from '../../core/talk/format-due.ts';
import { RATING_WINDOW_DAYS } from '../../core/talk/task-reminders.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type WorkerDeps, type YingshanWorker } from '../../worker/create-worker.ts';
import { relayOutbox } from '../../worker/outbox-relay.ts';
import { createJobProducer, type JobProducer, OUTBOUND_QUEUE, TIMER_QUEUE } from '../../worker/queues.ts';
import { setRatingExpiry, setTaskTimers } from '../../worker/talk-schedule.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import {
  deleteRedisPrefix,
  REDIS_URL,
  sleep,
  TEST_BOT_TOKEN,
  testConfig,
  uniquePrefix,
  waitFor,
} from './support.ts';
import { assignedTask, createTalkVillage, doneTask, owing, type TalkVillage } from './talk-village.ts';

/**
 * Redis loses everything while talk timers and notices are pending (their rows in PostgreSQL, their
 * jobs in Redis): deleting every key of the test's prefix is that loss, for this test alone (the
 * shared Redis is never flushed). Whether the worker restarts afterwards or keeps running, every
 * reminder, escalation, expiry and notice still arrives, exactly once.
 */

const logger = createLogger('silent', 'test');
const i18n = createI18n('zh-CN');

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker | undefined;
let producer: JobProducer;
let outboundQueue: Queue;
let timerQueue: Queue;
let village: TalkVillage;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  village = await createTalkVillage(prisma, emulator);
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  outboundQueue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
  timerQueue = new Queue(TIMER_QUEUE, { connection: { url: REDIS_URL }, prefix });
});

afterEach(async () => {
  await worker?.close(5_000);
  worker = undefined;
  await producer.close();
  await outboundQueue.close();
  await timerQueue.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
});

async function startWorker(options: Pick<WorkerDeps, 'relay' | 'reconciler'> = {}): Promise<void> {
  const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
  worker = createWorker({ config, logger, prisma, i18n, ...options });
  await worker.start();
}

const deps = () => ({ prisma, jobs: producer, logger });

function textsTo(chatId: number): string[] {
  return emulator
    .chatMessages(chatId)
    .filter((message) => message.fromBot)
    .map((message) => message.text ?? '')
    .sort();
}

const zh = (key: string, params: Record<string, string | number>) => i18n.t('zh-CN', key, params);
const en = (key: string, params: Record<string, string | number>) => i18n.t('en', key, params);

/** Notices about item `number` to all three, owed in one transaction. */
async function oweNotices(number: number, tag: string): Promise<void> {
  await owing(deps(), (tx, owed) =>
    owed.jobs(
      tx,
      'notify',
      [village.raiser, village.secretary, village.cadre].map((m) => ({
        dedupeKey: `talk-comment-${tag}-${m.memberId}`,
        memberId: m.memberId,
        message: { key: 'talk-notice-comment', params: { number } },
      })),
    ),
  );
}

async function allSettled(): Promise<void> {
  await waitFor(
    async () =>
      (await prisma.outboxEntry.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })) === 0 &&
      (await prisma.scheduledTimer.count({ where: { status: 'PENDING' } })) === 0,
    { what: 'every row to be settled', timeoutMs: 20_000 },
  );
}

describe('Redis loses its data', () => {
  it('while no worker runs: the restarted worker delivers every timer and notice once', async () => {
    const { ids } = village;
    const task = await assignedTask(prisma, village, 7_000);
    const due = formatDue(task.dueAt, 'Asia/Shanghai');
    const done = await doneTask(prisma, village, 6_000);

    // Everything is owed and handed to Redis while no worker runs, so it all waits there.
    await oweNotices(task.number, 'a');
    await owing(deps(), async (tx, owed) => {
      await setTaskTimers(tx, owed, { taskId: task.taskId, dueAt: task.dueAt, leadMs: 3_500 });
      await setRatingExpiry(tx, owed, done);
    });
    await writeSends(
      prisma,
      [
        {
          key: 'update-77-0',
          method: 'sendMessage',
          payload: { chat_id: ids.raiser, text: '已保存。' },
          chatId: BigInt(ids.raiser),
        },
      ],
      -1_000,
    );
    expect(await relayOutbox(deps(), logger)).toBe(1);
    expect(await outboundQueue.getJobCounts('waiting')).toEqual({ waiting: 4 });
    expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 3 });

    await deleteRedisPrefix(prefix);
    expect(await outboundQueue.getJobCounts('waiting')).toEqual({ waiting: 0 });
    expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 0 });

    await startWorker();
    await allSettled();
    await sleep(1_000); // room for a second copy of anything to arrive

    expect(textsTo(ids.raiser)).toEqual(
      [
        zh('talk-notice-comment', { number: task.number }),
        '已保存。',
        zh('talk-closed-unrated', { number: done.number, days: RATING_WINDOW_DAYS }),
      ].sort(),
    );
    expect(textsTo(ids.cadre)).toEqual(
      [
        en('talk-notice-comment', { number: task.number }),
        en('talk-reminder-due', { number: task.number, due }),
        en('talk-overdue-cadre', { number: task.number, due }),
      ].sort(),
    );
    expect(textsTo(ids.secretary)).toEqual(
      [
        zh('talk-notice-comment', { number: task.number }),
        zh('talk-overdue-escalation', { number: task.number, cadre: '王干部', due }),
      ].sort(),
    );
    expect(emulator.calls({ method: 'sendMessage' })).toHaveLength(8);
    // Each timer fired when it was due, not before.
    const reminderCall = emulator
      .calls({ method: 'sendMessage', chatId: ids.cadre })
      .find((call) => JSON.stringify(call.params).includes('Reminder'));
    expect(reminderCall?.time).toBeGreaterThanOrEqual(task.dueAt.getTime() - 3_500);
    const escalation = emulator.calls({ method: 'sendMessage', chatId: ids.secretary }).at(-1);
    expect(escalation?.time).toBeGreaterThanOrEqual(task.dueAt.getTime());
  });

  it('under a running worker: timers and notices heal without a restart', async () => {
    const { ids } = village;
    await startWorker({ relay: { intervalMs: 100 }, reconciler: { intervalMs: 300 } });
    const task = await assignedTask(prisma, village, 4_000);
    const due = formatDue(task.dueAt, 'Asia/Shanghai');
    // Notices held back in Redis: the outbound queue is paused, as after a 429 (the worker itself
    // waits the pause out, whatever happens to the key).
    await outboundQueue.rateLimit(3_000);
    await oweNotices(task.number, 'b');
    await owing(deps(), (tx, owed) =>
      setTaskTimers(tx, owed, { taskId: task.taskId, dueAt: task.dueAt, leadMs: 2_500 }),
    );
    await waitFor(async () => (await outboundQueue.getJobCounts('waiting')).waiting === 3, {
      what: 'the notices to wait in Redis',
    });
    expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 2 });
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);

    await deleteRedisPrefix(prefix);
    await allSettled();
    await sleep(1_000);

    expect(textsTo(ids.raiser)).toEqual([zh('talk-notice-comment', { number: task.number })]);
    expect(textsTo(ids.cadre)).toEqual(
      [
        en('talk-notice-comment', { number: task.number }),
        en('talk-reminder-due', { number: task.number, due }),
        en('talk-overdue-cadre', { number: task.number, due }),
      ].sort(),
    );
    expect(textsTo(ids.secretary)).toEqual(
      [
        zh('talk-notice-comment', { number: task.number }),
        zh('talk-overdue-escalation', { number: task.number, cadre: '王干部', due }),
      ].sort(),
    );
    expect(emulator.calls({ method: 'sendMessage' })).toHaveLength(6);
  });
});
