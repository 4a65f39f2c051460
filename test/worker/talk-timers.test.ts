import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { formatDue } from '../../core/talk/format-due.ts';
import { assignItem } from '../../core/talk/handle-item.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { rateItem } from '../../core/talk/rate-item.ts';
import { completeTask } from '../../core/talk/task-progress.ts';
import { RATING_WINDOW_MS } from '../../core/talk/task-reminders.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { Owed, timerKey } from '../../worker/owed.ts';
import {
  createJobProducer,
  type JobProducer,
  OUTBOUND_QUEUE,
  TIMER_QUEUE,
  timerJobId,
} from '../../worker/queues.ts';
import {
  cancelRatingExpiry,
  cancelTaskTimers,
  ratingExpiryKey,
  setRatingExpiry,
  setTaskTimers,
  taskTimerKey,
} from '../../worker/talk-schedule.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { deleteRedisPrefix, REDIS_URL, sleep, testConfig, uniquePrefix, waitFor } from './support.ts';

/**
 * The talk timers through the real worker (createWorker, real Redis and PostgreSQL) against the Bot
 * API emulator, with the real locale files: what villagers and cadres actually receive, and how often.
 * Timers are rows written the way the bot writes them (worker/talk-schedule.ts, in a transaction, then
 * delivered to BullMQ after the commit); the notices they owe go through the outbox.
 */

const logger = createLogger('silent', 'test');
const i18n = createI18n('zh-CN');

const SECRETARY = 7_000_001;
const CADRE = 7_000_002;
const RAISER = 7_000_003;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker;
let producer: JobProducer;
let timerQueue: Queue;
let outboundQueue: Queue;
let secretary: Membership;
let cadre: Membership;
let raiser: Membership;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

function startWorker(): Promise<void> {
  const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
  worker = createWorker({ config, logger, prisma, i18n });
  return worker.start();
}

async function member(userId: number): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no member ${userId}`);
  return found;
}

beforeEach(async () => {
  await resetDatabase(prisma);
  // The secretary and the villager read Chinese, the cadre English.
  await syncUser(prisma, { id: SECRETARY, first_name: '李书记', language_code: 'zh-hans' });
  const { inviteCode } = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: BigInt(SECRETARY),
    adminIds: [BigInt(SECRETARY)],
    joinApproval: false,
  });
  for (const [id, name, language] of [
    [CADRE, '王干部', 'en'],
    [RAISER, '谢启富', 'zh-hans'],
  ] as const) {
    await syncUser(prisma, { id, first_name: name, language_code: language });
    await joinVillage(prisma, { userId: BigInt(id), inviteCode });
    await answerOnboarding(prisma, { membership: await member(id), text: name });
    await answerOnboarding(prisma, { membership: await member(id), text: `${name}家` });
  }
  secretary = await member(SECRETARY);
  await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
  cadre = await member(CADRE);
  raiser = await member(RAISER);
  for (const [id, name] of [
    [SECRETARY, '李书记'],
    [CADRE, 'Wang'],
    [RAISER, '谢启富'],
  ] as const) {
    emulator.addChat({ user: { id, first_name: name } });
  }

  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  timerQueue = new Queue(TIMER_QUEUE, { connection: { url: REDIS_URL }, prefix });
  outboundQueue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
  await startWorker();
});

afterEach(async () => {
  await worker.close(5_000);
  await producer.close();
  await timerQueue.obliterate({ force: true });
  await outboundQueue.obliterate({ force: true });
  await timerQueue.close();
  await outboundQueue.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
});

/** What the bot does: write in a transaction, hand to BullMQ after the commit. */
async function owing<T>(write: (tx: Prisma.TransactionClient, owed: Owed) => Promise<T>): Promise<T> {
  const owed = new Owed();
  const result = await prisma.$transaction((tx) => write(tx, owed));
  await owed.deliver({ prisma, jobs: producer, logger });
  return result;
}

async function timerRow(
  name: 'talk-task-reminder' | 'talk-task-overdue' | 'talk-rating-expiry',
  key: string,
) {
  return prisma.scheduledTimer.findUniqueOrThrow({ where: { key: timerKey(name, key) } });
}

/** A villager's item, assigned by the secretary to the cadre, due `dueInMs` from now. */
async function assignedTask(dueInMs: number) {
  const item = await raiseTalkItem(prisma, {
    actor: raiser,
    draft: { category: 'FACILITY', text: '三组的水沟坏了，下雨就淹' },
  });
  return assignItem(prisma, {
    actor: secretary,
    number: item.number,
    cadreNumber: cadre.number,
    dueAt: new Date(Date.now() + dueInMs),
  });
}

function textsTo(chatId: number): string[] {
  return emulator
    .chatMessages(chatId)
    .filter((message) => message.fromBot)
    .map((message) => message.text ?? '');
}

async function finishedJob(queue: Queue, jobId: string) {
  await waitFor(async () => (await queue.getJobState(jobId)) === 'completed', {
    what: `job ${jobId} to complete`,
  });
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} is gone`);
  return job;
}

/** Runs a timer's job again, as a duplicate or a late fire would: a fresh job for the same row. */
async function fireAgain(timerId: bigint) {
  await timerQueue.remove(timerJobId(timerId));
  await producer.addTimers([{ id: timerId, dueAt: new Date() }]);
  return finishedJob(timerQueue, timerJobId(timerId));
}

const reminderText = (due: string) =>
  `⏰ Reminder: talk item #1 is due ${due}. Please get it done in time, then send /tasks to mark it done.`;
const overdueCadreText = (due: string) =>
  `⚠️ Talk item #1 is past its due date (${due}) and not done yet. Please finish it soon and send /tasks ` +
  'to mark it done; if something is in the way, tell the secretary.';
const escalationText = (due: string) =>
  `⚠️ 第 1 号村民说事已超期：负责人 王干部，期限 ${due}，至今还没有办完。请及时跟进。`;

describe('task timers', () => {
  it('remind the cadre before the due date and escalate at it, each message once', async () => {
    const task = await assignedTask(4_000);
    const due = formatDue(task.dueAt, 'Asia/Shanghai');
    const timers = await owing((tx, owed) =>
      setTaskTimers(tx, owed, { taskId: task.taskId, dueAt: task.dueAt, leadMs: 2_500 }),
    );
    expect(await prisma.scheduledTimer.count({ where: { status: 'PENDING' } })).toBe(2);
    expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 2 });

    await waitFor(() => textsTo(CADRE).length === 1, { what: 'the reminder' });
    expect(Date.now()).toBeGreaterThanOrEqual(timers.remindAt.getTime());
    expect(Date.now()).toBeLessThan(task.dueAt.getTime());
    expect(textsTo(CADRE)).toEqual([reminderText(due)]);
    expect(textsTo(SECRETARY)).toEqual([]);

    await waitFor(() => textsTo(SECRETARY).length === 1 && textsTo(CADRE).length === 2, {
      what: 'the escalation',
    });
    expect(Date.now()).toBeGreaterThanOrEqual(task.dueAt.getTime());
    const overdueRow = await timerRow('talk-task-overdue', taskTimerKey(task.taskId));
    const overdue = await finishedJob(timerQueue, timerJobId(overdueRow.id));
    expect(overdue.returnvalue).toEqual({ outcome: 'sent', notified: [secretary.memberId, cadre.memberId] });

    // Set again (a retried update): the same keys keep the timers that already fired.
    await owing((tx, owed) =>
      setTaskTimers(tx, owed, { taskId: task.taskId, dueAt: task.dueAt, leadMs: 2_500 }),
    );
    expect(await prisma.scheduledTimer.groupBy({ by: ['status'], _count: true })).toEqual([
      { status: 'FIRED', _count: 2 },
    ]);
    // Fired again after its job was removed: its row is claimed already, so it does nothing.
    expect((await fireAgain(overdueRow.id)).returnvalue).toEqual({ outcome: 'gone' });
    await waitFor(
      async () => (await prisma.outboxEntry.count({ where: { status: { not: 'DONE' } } })) === 0,
      {
        what: 'the owed notices to be done',
      },
    );
    await sleep(300);

    expect(textsTo(CADRE)).toEqual([reminderText(due), overdueCadreText(due)]);
    expect(textsTo(SECRETARY)).toEqual([escalationText(due)]);
    expect(textsTo(RAISER)).toEqual([]);
    expect(emulator.calls({ method: 'sendMessage' })).toHaveLength(3);
    // One owed notice per message, all delivered through the outbox.
    expect(await prisma.outboxEntry.count({ where: { name: 'notify', status: 'DONE' } })).toBe(3);
  });

  it('say nothing once the task is done: cancelled timers never run their work', async () => {
    const task = await assignedTask(2_500);
    await owing((tx, owed) =>
      setTaskTimers(tx, owed, { taskId: task.taskId, dueAt: task.dueAt, leadMs: 1_500 }),
    );
    const reminder = await timerRow('talk-task-reminder', taskTimerKey(task.taskId));
    const overdue = await timerRow('talk-task-overdue', taskTimerKey(task.taskId));
    await owing(async (tx, owed) => {
      await completeTask(tx, { actor: cadre, number: task.number });
      await cancelTaskTimers(tx, owed, { taskId: task.taskId });
    });

    expect((await timerRow('talk-task-reminder', taskTimerKey(task.taskId))).status).toBe('CANCELLED');
    expect((await timerRow('talk-task-overdue', taskTimerKey(task.taskId))).status).toBe('CANCELLED');
    // Their jobs are removed too, as a courtesy.
    expect(await timerQueue.getJob(timerJobId(reminder.id))).toBeUndefined();
    expect(await timerQueue.getJobCounts('delayed', 'waiting')).toEqual({ delayed: 0, waiting: 0 });
    // Cancelling twice is harmless.
    await owing((tx, owed) => cancelTaskTimers(tx, owed, { taskId: task.taskId }));

    // A timer job that escaped cancellation (it was already running, or Redis kept it) finds its row
    // cancelled and does nothing.
    expect((await fireAgain(overdue.id)).returnvalue).toEqual({ outcome: 'gone' });

    await sleep(Math.max(0, task.dueAt.getTime() - Date.now()) + 500);
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);
    expect(await prisma.outboxEntry.count()).toBe(0);
  });

  it('survive a worker restart: a reminder due while no worker runs fires once, late, then the escalation', async () => {
    const task = await assignedTask(5_000);
    const due = formatDue(task.dueAt, 'Asia/Shanghai');
    const timers = await owing((tx, owed) =>
      setTaskTimers(tx, owed, { taskId: task.taskId, dueAt: task.dueAt, leadMs: 3_500 }),
    );
    await worker.close();

    await sleep(Math.max(0, timers.remindAt.getTime() - Date.now()) + 300);
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);
    // Due, but only a worker moves due jobs on: it waits in Redis (and in PostgreSQL) for the next one.
    const reminder = await timerRow('talk-task-reminder', taskTimerKey(task.taskId));
    expect(reminder.status).toBe('PENDING');
    expect(await timerQueue.getJobState(timerJobId(reminder.id))).toBe('delayed');

    await startWorker();
    await waitFor(() => textsTo(CADRE).length === 1, { what: 'the late reminder' });
    expect(textsTo(CADRE)).toEqual([reminderText(due)]);
    await waitFor(() => textsTo(SECRETARY).length === 1 && textsTo(CADRE).length === 2, {
      what: 'the escalation after the restart',
    });
    await sleep(500);
    expect(textsTo(CADRE)).toEqual([reminderText(due), overdueCadreText(due)]);
    expect(textsTo(SECRETARY)).toEqual([escalationText(due)]);
    expect(emulator.calls({ method: 'sendMessage' })).toHaveLength(3);
  });
});

describe('rating expiry', () => {
  const closedText =
    '第 1 号村民说事办完已满 7 天，您还没有评价，已按“已解决（未评价）”关闭。如果问题还在，欢迎再次反映。';

  /** Done long enough ago that the 7-day window closes `closesInMs` from now. */
  async function doneTask(closesInMs: number) {
    const task = await assignedTask(24 * 3600_000);
    const doneAt = new Date(Date.now() - RATING_WINDOW_MS + closesInMs);
    const done = await completeTask(prisma, { actor: cadre, number: task.number, now: doneAt });
    return { ...done, number: task.number, doneAt };
  }

  async function closures(itemId: number) {
    return prisma.talkStatusChange.count({ where: { itemId, toStatus: 'CLOSED_UNRATED' } });
  }

  const expiryRow = (done: { itemId: number; round: number }) =>
    timerRow('talk-rating-expiry', ratingExpiryKey(done.itemId, done.round));

  it('closes an unrated item once and tells the raiser once, even when the timer fires twice', async () => {
    const done = await doneTask(1_500);
    const { closesAt } = await owing((tx, owed) => setRatingExpiry(tx, owed, done));
    expect(closesAt.getTime()).toBe(done.doneAt.getTime() + RATING_WINDOW_MS);
    const row = await expiryRow(done);
    expect(await timerQueue.getJobState(timerJobId(row.id))).toBe('delayed');

    await waitFor(() => textsTo(RAISER).length === 1, { what: "the raiser's message" });
    expect(Date.now()).toBeGreaterThanOrEqual(done.doneAt.getTime() + RATING_WINDOW_MS);
    expect(textsTo(RAISER)).toEqual([closedText]);
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: done.itemId } })).status).toBe(
      'CLOSED_UNRATED',
    );
    expect((await finishedJob(timerQueue, timerJobId(row.id))).returnvalue).toEqual({
      outcome: 'sent',
      notified: [raiser.memberId],
    });

    expect((await fireAgain(row.id)).returnvalue).toEqual({ outcome: 'gone' });
    await sleep(500);
    expect(textsTo(RAISER)).toEqual([closedText]);
    expect(await closures(done.itemId)).toBe(1);
    expect(textsTo(CADRE)).toEqual([]);
    expect(textsTo(SECRETARY)).toEqual([]);
  });

  it('waits when its job fires before the row is due (same job id), then closes', async () => {
    const done = await doneTask(1_500);
    await owing((tx, owed) => setRatingExpiry(tx, owed, done));
    const row = await expiryRow(done);
    const jobId = timerJobId(row.id);
    // Replaced by one with no delay, as a clock running ahead would fire it.
    await timerQueue.remove(jobId);
    await producer.addTimers([{ id: row.id, dueAt: new Date(0) }]);
    await waitFor(async () => (await timerQueue.getJob(jobId))?.attemptsStarted === 1, {
      what: 'the early run',
    });
    await waitFor(async () => (await timerQueue.getJobState(jobId)) === 'delayed', {
      what: 'the job to wait',
    });
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: done.itemId } })).status).toBe('DONE');
    expect((await expiryRow(done)).status).toBe('PENDING');

    await waitFor(() => textsTo(RAISER).length === 1, { what: "the raiser's message" });
    expect(Date.now()).toBeGreaterThanOrEqual(done.doneAt.getTime() + RATING_WINDOW_MS);
    const job = await finishedJob(timerQueue, jobId);
    expect(job.attemptsMade).toBe(1);
    expect(await closures(done.itemId)).toBe(1);
  });

  it("waits when core says the window is still open, and the row's due time moves with it", async () => {
    const done = await doneTask(1_500);
    // A row due too soon (set by mistake, or the window was lengthened since): core has the last word.
    await owing((tx, owed) =>
      owed.timer(
        tx,
        'talk-rating-expiry',
        { dedupeKey: ratingExpiryKey(done.itemId, done.round), itemId: done.itemId, round: done.round },
        new Date(),
      ),
    );
    const row = await expiryRow(done);
    await waitFor(async () => (await timerQueue.getJobState(timerJobId(row.id))) === 'delayed', {
      what: 'the job to wait',
    });
    const postponed = await expiryRow(done);
    expect(postponed.status).toBe('PENDING');
    expect(postponed.dueAt.getTime()).toBe(done.doneAt.getTime() + RATING_WINDOW_MS);

    await waitFor(() => textsTo(RAISER).length === 1, { what: "the raiser's message" });
    expect(Date.now()).toBeGreaterThanOrEqual(done.doneAt.getTime() + RATING_WINDOW_MS);
    expect(await closures(done.itemId)).toBe(1);
  });

  it('leaves a rated item alone; its timer can be cancelled', async () => {
    const done = await doneTask(1_500);
    await owing((tx, owed) => setRatingExpiry(tx, owed, done));
    const row = await expiryRow(done);
    await owing(async (tx, owed) => {
      await rateItem(tx, { actor: raiser, number: done.number, round: 1, stars: 4, outcome: 'RESOLVED' });
      await cancelRatingExpiry(tx, owed, done);
    });
    expect((await expiryRow(done)).status).toBe('CANCELLED');
    expect(await timerQueue.getJob(timerJobId(row.id))).toBeUndefined();

    // Had its job run anyway:
    expect((await fireAgain(row.id)).returnvalue).toEqual({ outcome: 'gone' });
    await sleep(1_800);
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: done.itemId } })).status).toBe('RATED');
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);
  });

  it('leaves a rated item alone when nobody cancelled its timer', async () => {
    const done = await doneTask(800);
    await owing((tx, owed) => setRatingExpiry(tx, owed, done));
    const row = await expiryRow(done);
    await rateItem(prisma, { actor: raiser, number: done.number, round: 1, stars: 4, outcome: 'RESOLVED' });

    const job = await finishedJob(timerQueue, timerJobId(row.id));
    expect(job.returnvalue).toEqual({ outcome: 'skipped', reason: 'not-expired' });
    expect((await expiryRow(done)).status).toBe('FIRED');
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: done.itemId } })).status).toBe('RATED');
    await sleep(300);
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);
  });
});
