import { Queue } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import { renderVoteResult } from '../../bot/render/vote-results.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import type { Membership } from '../../core/members/membership.ts';
import { formatDue } from '../../core/talk/format-due.ts';
import { castBallot } from '../../core/votes/cast-ballot.ts';
import { VOTE_CLOSED_ACTION } from '../../core/votes/close-vote.ts';
import { launchVote } from '../../core/votes/launch-vote.ts';
import { loadVoteResult } from '../../core/votes/load-vote-result.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { groupTranslator } from '../../worker/jobs/talk-group-post.ts';
import { Owed, timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, TIMER_QUEUE } from '../../worker/queues.ts';
import { setVoteTimers, voteCloseKey, voteReminderKey } from '../../worker/votes-schedule.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import {
  databaseUrl,
  deleteRedisPrefix,
  REDIS_URL,
  sleep,
  TEST_BOT_TOKEN,
  TEST_QR_SECRET,
  testConfig,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * A rule vote's timers (worker/votes-schedule.ts) through the real worker, real PostgreSQL and Redis,
 * against the Bot API emulator: the reminder reaches exactly the electors who have not voted, the
 * close counts once at the deadline, the result is posted in the group once and each voter hears it
 * once. Then the same with the worker process killed (SIGKILL) and Redis losing the test's keys
 * before the deadline: a new worker still closes once, and sends nothing twice.
 *
 * The vote is launched as the bot launches it (launchVote and setVoteTimers in one transaction, the
 * Owed delivered after the commit), for the shortest duration a vote may have; its close and its
 * reminder are then moved to a few seconds from now, in PostgreSQL (the vote's deadline, the timer
 * rows) and in Redis (the delayed jobs replaced as the reconciler would add them).
 */

const logger = createLogger('silent', 'test');
const i18n = createI18n('zh-CN');
const GROUP = { id: -1_008_300_000, title: '友谊村村民群', type: 'supergroup' as const };
const SECRETARY = 1;
const VILLAGERS = [
  [2, '谢启富'],
  [3, '谢小红'],
  [4, '王大山'],
  [5, '张秀英'],
] as const;
const EVERYONE = [SECRETARY, ...VILLAGERS.map(([id]) => id)];

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let producer: JobProducer;
let timerQueue: Queue;
let worker: YingshanWorker | undefined;
let app: AppProcess | undefined;
let member: (userId: number) => Promise<Membership>;

beforeAll(async () => {
  emulator = await createBotApiEmulator({ rateLimits: false });
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  ({ member } = await createTestVillage(prisma, VILLAGERS));
  const secretary = await member(SECRETARY);
  await prisma.village.update({
    where: { id: secretary.villageId },
    data: { groupChatId: BigInt(GROUP.id) },
  });
  emulator.addChat({ group: GROUP });
  emulator.addChat({ user: { id: SECRETARY, first_name: '李书记' } });
  for (const [id, name] of VILLAGERS) emulator.addChat({ user: { id, first_name: name } });
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  timerQueue = new Queue(TIMER_QUEUE, { connection: { url: REDIS_URL }, prefix });
});

afterEach(async () => {
  await worker?.close(5_000);
  worker = undefined;
  await app?.stop('SIGKILL');
  app = undefined;
  await producer.close();
  await timerQueue.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
});

async function startInProcessWorker(): Promise<void> {
  const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
  worker = createWorker({ config, logger, prisma, i18n });
  await worker.start();
}

/** The real worker process (worker/main.ts), as the killed-worker tests run it. */
function startWorkerProcess(): Promise<AppProcess> {
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

interface TestVote {
  voteId: number;
  number: number;
  closesAt: Date;
  reminderAt: Date;
}

/**
 * Launches a one-hour vote as the bot does, then moves its reminder and its close to `reminderInMs`
 * and `closeInMs` from now.
 */
async function launchSoon(reminderInMs: number, closeInMs: number): Promise<TestVote> {
  const secretary = await member(SECRETARY);
  const owed = new Owed();
  const launched = await prisma.$transaction(async (tx) => {
    const vote = await launchVote(tx, {
      actor: secretary,
      draft: {
        title: '禁止婚前大操大办',
        body: '婚前不得摆酒席。',
        kind: 'NEW_RULE',
        durationMinutes: 25 * 60,
      },
      now: new Date(),
    });
    await setVoteTimers(tx, owed, vote);
    return vote;
  });
  await owed.deliver({ prisma, jobs: producer, logger });
  expect(launched.electorMemberIds).toHaveLength(EVERYONE.length);

  const close = await prisma.scheduledTimer.findUniqueOrThrow({
    where: { key: timerKey('vote-close', voteCloseKey(launched.voteId)) },
  });
  const reminder = await prisma.scheduledTimer.findUniqueOrThrow({
    where: { key: timerKey('vote-reminder', voteReminderKey(launched.voteId)) },
  });
  // As launched: the close at the deadline, the reminder a day before it, both already in Redis.
  expect(close.dueAt).toEqual(launched.closesAt);
  expect(reminder.dueAt).toEqual(launched.reminderAt);
  expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 2 });

  const closesAt = new Date(Date.now() + closeInMs);
  const reminderAt = new Date(Date.now() + reminderInMs);
  await prisma.vote.update({ where: { id: launched.voteId }, data: { closesAt } });
  await prisma.scheduledTimer.update({ where: { id: close.id }, data: { dueAt: closesAt } });
  await prisma.scheduledTimer.update({ where: { id: reminder.id }, data: { dueAt: reminderAt } });
  await producer.removeTimers([close.id, reminder.id]);
  await producer.addTimers([
    { id: close.id, dueAt: closesAt },
    { id: reminder.id, dueAt: reminderAt },
  ]);
  return { voteId: launched.voteId, number: launched.number, closesAt, reminderAt };
}

/** Members 1 and 2 for, member 3 against (members 4 and 5 do not vote): adopted, 3 of 5. */
async function castSomeBallots(vote: TestVote): Promise<void> {
  for (const [userId, meaning] of [
    [SECRETARY, 'FOR'],
    [2, 'FOR'],
    [3, 'AGAINST'],
  ] as const) {
    const actor = await member(userId);
    await prisma.$transaction((tx) =>
      castBallot(tx, { actor, voteNumber: vote.number, choice: { meaning } }),
    );
  }
}
const VOTERS = [SECRETARY, 2, 3];
const NON_VOTERS = [4, 5];

function textsTo(chatId: number): string[] {
  return emulator
    .chatMessages(chatId)
    .filter((message) => message.fromBot)
    .map((message) => message.text ?? '');
}

function reminderText(vote: TestVote): string {
  return i18n.t('zh-CN', 'vote-reminder-notice', {
    number: vote.number,
    closes: formatDue(vote.closesAt, 'Asia/Shanghai'),
  });
}

function resultNotice(vote: TestVote): string {
  return i18n.t('zh-CN', 'vote-result-notice-adopted', {
    number: vote.number,
    turnout: VOTERS.length,
    electorate: EVERYONE.length,
  });
}

async function remindersSent(vote: TestVote): Promise<void> {
  await waitFor(() => NON_VOTERS.every((id) => textsTo(id).includes(reminderText(vote))), {
    what: 'the reminders',
    timeoutMs: 12_000,
  });
}

async function settled(): Promise<void> {
  await waitFor(
    async () =>
      (await prisma.outboxEntry.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })) === 0 &&
      (await prisma.scheduledTimer.count({ where: { status: 'PENDING' } })) === 0,
    { what: 'every row to be settled', timeoutMs: 15_000 },
  );
}

/** What every test ends with: closed once at its deadline, the result posted once, each notice once. */
async function expectClosedOnce(vote: TestVote): Promise<void> {
  await settled();
  const groupPosts = () => emulator.calls({ chatId: GROUP.id, method: 'sendMessage', ok: true });
  await waitFor(() => groupPosts().length > 0, { what: 'the result post' });
  await sleep(1_500); // room for a second copy of anything to arrive

  const closed = await prisma.vote.findUniqueOrThrow({ where: { id: vote.voteId } });
  expect(closed).toMatchObject({ status: 'CLOSED', result: 'ADOPTED', turnout: 3, ballotKey: null });
  expect(closed.closedAt?.getTime()).toBeGreaterThanOrEqual(vote.closesAt.getTime());
  const options = await prisma.voteOption.findMany({
    where: { voteId: vote.voteId },
    orderBy: { position: 'asc' },
    select: { meaning: true, finalCount: true },
  });
  expect(options).toEqual([
    { meaning: 'FOR', finalCount: 2 },
    { meaning: 'AGAINST', finalCount: 1 },
    { meaning: 'ABSTAIN', finalCount: 0 },
  ]);
  expect(await prisma.auditEvent.count({ where: { action: VOTE_CLOSED_ACTION } })).toBe(1);
  // The adopted rule entered the rulebook once.
  expect(await prisma.ruleVersion.count({ where: { voteId: vote.voteId } })).toBe(1);

  const view = await loadVoteResult(prisma, { voteId: vote.voteId });
  if (!view) throw new Error('no result to render');
  const expected = renderVoteResult(groupTranslator(i18n, 'zh-CN'), view);
  expect(groupPosts().map((call) => call.params.text)).toEqual(expected);
  expect(groupPosts()[0]?.time).toBeGreaterThanOrEqual(vote.closesAt.getTime());

  // Each voter: the result notice, once; each non-voter: the reminder, once; nothing else.
  for (const id of VOTERS) expect(textsTo(id)).toEqual([resultNotice(vote)]);
  for (const id of NON_VOTERS) expect(textsTo(id)).toEqual([reminderText(vote)]);
  expect(emulator.calls({ method: 'sendMessage', ok: true })).toHaveLength(
    expected.length + VOTERS.length + NON_VOTERS.length,
  );
}

describe('vote timers through a running worker', () => {
  it('reminds those who have not voted, closes at the deadline once, posts and notifies the result once', async () => {
    await startInProcessWorker();
    const vote = await launchSoon(2_500, 6_000);
    await castSomeBallots(vote);

    await remindersSent(vote);
    const reminders = emulator.calls({ method: 'sendMessage', ok: true });
    expect(reminders.map((call) => Number(call.params.chat_id)).sort()).toEqual(NON_VOTERS);
    for (const call of reminders) expect(call.time).toBeGreaterThanOrEqual(vote.reminderAt.getTime());
    // Reminded before the deadline, and the vote still open then.
    expect((await prisma.vote.findUniqueOrThrow({ where: { id: vote.voteId } })).status).toBe('OPEN');

    await expectClosedOnce(vote);
  }, 30_000);
});

describe('vote timers when the worker is killed and Redis loses its data before the deadline', () => {
  it('after the reminder went out: a new worker closes once and does not remind again', async () => {
    app = await startWorkerProcess();
    const vote = await launchSoon(1_500, 8_000);
    await castSomeBallots(vote);
    await remindersSent(vote);
    await waitFor(
      async () =>
        (await prisma.outboxEntry.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })) === 0,
      { what: 'the reminders recorded as sent' },
    );

    await app.stop('SIGKILL');
    app = undefined;
    expect(Date.now()).toBeLessThan(vote.closesAt.getTime());
    expect((await prisma.vote.findUniqueOrThrow({ where: { id: vote.voteId } })).status).toBe('OPEN');
    await deleteRedisPrefix(prefix);
    expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 0 });

    app = await startWorkerProcess();
    await expectClosedOnce(vote);
  }, 45_000);

  it('before the reminder was due: a new worker reminds once and closes once', async () => {
    app = await startWorkerProcess();
    const vote = await launchSoon(5_000, 9_000);
    await castSomeBallots(vote);

    await app.stop('SIGKILL');
    app = undefined;
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);
    await deleteRedisPrefix(prefix);
    expect(await timerQueue.getJobCounts('delayed')).toEqual({ delayed: 0 });

    app = await startWorkerProcess();
    await remindersSent(vote);
    await expectClosedOnce(vote);
    for (const call of emulator.calls({ method: 'sendMessage', ok: true }))
      expect(call.time).toBeGreaterThanOrEqual(vote.reminderAt.getTime());
  }, 45_000);
});
