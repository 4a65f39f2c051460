import { Queue } from 'bullmq';
import type { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { outboundKeyFor } from '../../worker/jobs/notify.ts';
import {
  createJobProducer,
  type JobProducer,
  jobIdFor,
  type NotifyPayload,
  OUTBOUND_QUEUE,
} from '../../worker/queues.ts';
import { testPrisma } from '../support/db.ts';
import {
  createTestI18n,
  createTestMember,
  deleteRedisPrefix,
  deleteTestMembers,
  REDIS_URL,
  sleep,
  type TestMember,
  testConfig,
  uniquePrefix,
  waitFor,
} from './support.ts';

const logger = createLogger('silent', 'test');
const i18n = createTestI18n();

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker;
let producer: JobProducer;
let queue: Queue;
let members: TestMember[];

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

beforeEach(async () => {
  prefix = uniquePrefix();
  members = [];
  const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
  worker = createWorker({ config, logger, prisma, i18n });
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  queue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
  await worker.start();
});

afterEach(async () => {
  await worker.close(5_000);
  await producer.close();
  await queue.close();
  await deleteRedisPrefix(prefix);
  await deleteTestMembers(prisma, members);
  emulator.reset();
});

/** A member whose private chat the emulator knows (as if they had pressed Start). */
async function member(locale: 'zh-CN' | 'en' | null = null): Promise<TestMember> {
  const created = await createTestMember(prisma, { locale });
  members.push(created);
  emulator.addChat({ user: { id: created.userId, first_name: 'Tester' } });
  return created;
}

function hello(who: TestMember, dedupeKey: string): NotifyPayload {
  return {
    dedupeKey,
    memberId: who.memberId,
    message: { key: 'worker-test-hello', params: { name: 'Wang', number: 7 } },
  };
}

function outbound(dedupeKey: string) {
  return prisma.outboundMessage.findUnique({ where: { key: outboundKeyFor(dedupeKey) } });
}

async function outboundWithStatus(dedupeKey: string, status: 'SENT' | 'UNREACHABLE' | 'FAILED') {
  return waitFor(
    async () => {
      const row = await outbound(dedupeKey);
      return row?.status === status ? row : undefined;
    },
    { what: `${dedupeKey} to be ${status}` },
  );
}

async function finishedJob(jobId: string, state: 'completed' | 'failed' = 'completed') {
  await waitFor(async () => (await queue.getJobState(jobId)) === state, { what: `job ${jobId} ${state}` });
  const job = await queue.getJob(jobId);
  if (!job) throw new Error(`job ${jobId} is gone`);
  return job;
}

function botMessages(chatId: number) {
  return emulator.chatMessages(chatId).filter((message) => message.fromBot);
}

function sendCalls(chatId?: number) {
  return emulator.calls({ method: 'sendMessage', ...(chatId !== undefined && { chatId }) });
}

describe('notify', () => {
  it("sends the message once, in each member's language", async () => {
    const english = await member('en');
    const chinese = await member('zh-CN');
    await producer.enqueue('notify', hello(english, 'hello-en'));
    await producer.enqueue('notify', hello(chinese, 'hello-zh'));

    const sentEn = await outboundWithStatus('hello-en', 'SENT');
    const sentZh = await outboundWithStatus('hello-zh', 'SENT');

    expect(botMessages(english.userId).map((m) => m.text)).toEqual(['Hello Wang, you are member 7.']);
    expect(botMessages(chinese.userId).map((m) => m.text)).toEqual(['Wang您好，您是第 7 号村民。']);
    expect(sentEn.chatId).toBe(BigInt(english.userId));
    expect(sentEn.messageId).toBe(BigInt(botMessages(english.userId)[0]?.messageId ?? -1));
    expect(sentZh.messageId).toBe(BigInt(botMessages(chinese.userId)[0]?.messageId ?? -1));
    expect(sentEn.sentAt).toBeInstanceOf(Date);
    const job = await finishedJob(jobIdFor('notify', { dedupeKey: 'hello-en' }));
    expect(job.returnvalue).toMatchObject({ outcome: 'sent' });
  });

  it('sends once for the same dedupe key, even after the first job is gone', async () => {
    const villager = await member('en');
    const payload = hello(villager, 'vote-3-open-member-1');
    const jobId = await producer.enqueue('notify', payload);
    expect(await producer.enqueue('notify', payload)).toBe(jobId); // dropped while the first exists
    await outboundWithStatus(payload.dedupeKey, 'SENT');
    await finishedJob(jobId);

    // The job was removed (retention): only the database remembers the send now.
    await queue.remove(jobId);
    await producer.enqueue('notify', payload);
    const again = await finishedJob(jobId);

    expect(again.returnvalue).toEqual({ outcome: 'already-done', status: 'SENT' });
    expect(botMessages(villager.userId)).toHaveLength(1);
    expect(sendCalls(villager.userId)).toHaveLength(1);
  });

  it('waits out a 429 queue-wide: no request inside the window, the message arrives once', async () => {
    const first = await member('en');
    const second = await member('zh-CN');
    const retryAfter = 2;
    emulator.force429(first.userId, 1, retryAfter, { penalize: true });

    await producer.enqueue('notify', hello(first, 'flood-1'));
    const refused = await emulator.waitForCall({ method: 'sendMessage', errorCode: 429 }, 10_000);
    expect(refused.retryAfter).toBe(retryAfter);
    // Enqueued during the penalty: the whole outbound queue waits, not only the refused chat.
    await producer.enqueue('notify', hello(second, 'flood-2'));

    await outboundWithStatus('flood-1', 'SENT');
    await outboundWithStatus('flood-2', 'SENT');

    const windowEnds = refused.time + retryAfter * 1000;
    const later = sendCalls().filter((call) => call.seq > refused.seq);
    expect(later.map((call) => call.chatId).sort()).toEqual([first.userId, second.userId].sort());
    for (const call of later) {
      expect(call.time - call.durationMs).toBeGreaterThanOrEqual(windowEnds);
      expect(call.inPenaltyWindow).toBe(false);
      expect(call.ok).toBe(true);
    }
    expect(botMessages(first.userId)).toHaveLength(1);
    expect(botMessages(second.userId)).toHaveLength(1);
    // A rate-limited run is handed back, not failed: it ran twice but only the run that
    // completed counts as an attempt.
    const job = await finishedJob(jobIdFor('notify', { dedupeKey: 'flood-1' }));
    expect(job.attemptsStarted).toBe(2);
    expect(job.attemptsMade).toBe(1);
  });

  it.each([
    ['blocked the bot', 'blocked', 'Forbidden: bot was blocked by the user'],
    ['deleted their account', 'deactivated', 'Forbidden: user is deactivated'],
    ['never opened the chat', 'unknown', 'Bad Request: chat not found'],
  ] as const)('marks a member who %s UNREACHABLE and never retries', async (_, how, description) => {
    const villager = await createTestMember(prisma, { locale: 'en' });
    members.push(villager);
    if (how !== 'unknown') {
      emulator.addChat({ user: { id: villager.userId, first_name: 'Tester' } });
      emulator.blockChat(villager.userId, how);
    }
    const jobId = await producer.enqueue('notify', hello(villager, `gone-${how}`));

    const row = await outboundWithStatus(`gone-${how}`, 'UNREACHABLE');
    const job = await finishedJob(jobId);
    expect(row.error).toBe(description);
    expect(job.returnvalue).toEqual({ outcome: 'unreachable', reason: description });
    expect(job.attemptsMade).toBe(1);
    await sleep(300);
    expect(sendCalls(villager.userId)).toHaveLength(1);
  });

  it('refuses to send a message whose key has no translation, and does not retry', async () => {
    const villager = await member('en');
    const jobId = await producer.enqueue('notify', {
      dedupeKey: 'no-such-key',
      memberId: villager.memberId,
      message: { key: 'worker-test-missing' },
    });
    const row = await outboundWithStatus('no-such-key', 'FAILED');
    const job = await finishedJob(jobId, 'failed');
    expect(row.error).toMatch(/worker-test-missing/);
    expect(job.attemptsMade).toBe(1);
    expect(sendCalls(villager.userId)).toHaveLength(0);
  });

  it('completes without sending when the member no longer exists', async () => {
    const jobId = await producer.enqueue('notify', {
      dedupeKey: 'ghost',
      memberId: 2_000_000_000,
      message: { key: 'worker-test-hello' },
    });
    const job = await finishedJob(jobId);
    expect(job.returnvalue).toEqual({ outcome: 'member-missing' });
    expect(sendCalls()).toHaveLength(0);
  });

  it('close() cancels a job stuck past the timeout; the job is retried later, not lost', async () => {
    const villager = await member('en');
    await worker.close();
    let started = false;
    const stuckApi = {
      sendMessage: (_chat: number, _text: string, _other?: unknown, signal?: AbortSignal) =>
        new Promise((_, reject) => {
          started = true;
          signal?.addEventListener('abort', () => reject(new Error('request aborted')));
        }),
    } as unknown as Api;
    const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
    const stuck = createWorker({ config, logger, prisma, i18n, api: stuckApi });
    await stuck.start();
    const jobId = await producer.enqueue('notify', hello(villager, 'stuck'));
    await waitFor(() => started, { what: 'the send to start' });

    const closing = Date.now();
    await stuck.close(300);
    expect(Date.now() - closing).toBeLessThan(10_000);

    const row = await outbound('stuck');
    expect(row?.status).toBe('PENDING');
    expect(row?.error).toMatch(/aborted/);
    expect(await queue.getJobState(jobId)).toBe('delayed'); // waiting out its backoff, to be retried
  });
});
