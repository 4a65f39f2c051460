import { Queue } from 'bullmq';
import { Api, GrammyError } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { markOutboxDone, type OwedSend, releaseOutboxLease, writeSends } from '../../core/outbox/outbox.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { handleOutboxSend, type OutboxSendDeps, type OutboxSendJob } from '../../worker/jobs/outbox-send.ts';
import { createJobProducer, type JobProducer, OUTBOUND_QUEUE, outboxJobId } from '../../worker/queues.ts';
import { GroupWindows } from '../../worker/telegram-limits.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import {
  createTestI18n,
  deleteRedisPrefix,
  REDIS_URL,
  sleep,
  TEST_BOT_TOKEN,
  testConfig,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * SEND rows of the outbox performed by the worker's `outbox-send` job against the emulator: sent once
 * and marked done, refusals recorded and never retried, rows their writer still holds left alone.
 */

const logger = createLogger('silent', 'test');
const USER = 7_300_001;
const OTHER_USER = 7_300_002;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker;
let producer: JobProducer;
let queue: Queue;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  // Control calls (force429) address the first bot that called.
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  for (const id of [USER, OTHER_USER]) emulator.addChat({ user: { id, first_name: 'Tester' } });
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  queue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
  const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
  worker = createWorker({ config, logger, prisma, i18n: createTestI18n(), relay: { intervalMs: 100 } });
  await worker.start();
});

afterEach(async () => {
  await worker.close(5_000);
  await producer.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
});

function send(key: string, method: string, payload: Record<string, unknown>, chatId: number): OwedSend {
  return { key, method, payload: payload as OwedSend['payload'], chatId: BigInt(chatId) };
}

/** SEND rows as a writer leaves them when it dies right after its commit (lease lapsed). */
async function orphaned(...sends: OwedSend[]): Promise<bigint[]> {
  return (await writeSends(prisma, sends, -1_000)).map((row) => row.id);
}

const row = (id: bigint) => prisma.outboxEntry.findUniqueOrThrow({ where: { id } });

function textsTo(chatId: number): string[] {
  return emulator
    .chatMessages(chatId)
    .filter((m) => m.fromBot)
    .map((m) => m.text ?? '');
}

describe('outbox-send', () => {
  it('performs a send its writer left behind, once, and marks it done', async () => {
    const [id] = await orphaned(send('update-1-0', 'sendMessage', { chat_id: USER, text: 'Saved.' }, USER));
    await waitFor(async () => (await row(id as bigint)).status === 'DONE', { what: 'the send' });
    expect(textsTo(USER)).toEqual(['Saved.']);

    // Handed over again after its job was removed: the row is done, nothing is sent.
    await queue.remove(outboxJobId(id as bigint));
    await producer.addOutboxRows([{ id: id as bigint, kind: 'SEND', name: 'sendMessage', payload: null }]);
    await waitFor(async () => (await queue.getJobState(outboxJobId(id as bigint))) === 'completed', {
      what: 'the second job',
    });
    expect((await queue.getJob(outboxJobId(id as bigint)))?.returnvalue).toEqual({ outcome: 'already-done' });
    expect(textsTo(USER)).toEqual(['Saved.']);
  });

  it('records refusals and never retries them', async () => {
    emulator.blockChat(OTHER_USER);
    const ids = await orphaned(
      send('update-2-0', 'answerCallbackQuery', { callback_query_id: '12345' }, USER),
      send('update-2-1', 'editMessageText', { chat_id: USER, message_id: 999, text: 'edited' }, USER),
      send('update-2-2', 'sendMessage', { chat_id: OTHER_USER, text: 'hi' }, OTHER_USER),
    );
    await waitFor(async () => (await prisma.outboxEntry.count({ where: { status: 'FAILED' } })) === 3, {
      what: 'three refusals',
    });
    const rows = await Promise.all(ids.map(row));
    expect(rows.map((r) => r.lastError)).toEqual([
      expect.stringMatching(/query is too old/),
      expect.stringMatching(/message to edit not found/),
      expect.stringMatching(/blocked by the user/),
    ]);
    await sleep(1_000);
    expect(
      emulator.calls({ method: ['answerCallbackQuery', 'editMessageText', 'sendMessage'] }),
    ).toHaveLength(3);
    for (const id of ids) {
      const job = await queue.getJob(outboxJobId(id));
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue).toMatchObject({ outcome: 'refused' });
    }
    emulator.unblockChat(OTHER_USER);
  });

  it('leaves a row its writer still holds: sent by the job only if the writer lets go', async () => {
    const [delivered, released] = (
      await writeSends(
        prisma,
        [
          send('update-3-0', 'sendMessage', { chat_id: USER, text: 'writer sent this' }, USER),
          send('update-3-1', 'sendMessage', { chat_id: USER, text: 'writer gave up on this' }, USER),
        ],
        60_000,
      )
    ).map((row) => row.id);
    // Handed to BullMQ while the writer still holds them (as a writer does before marking them queued).
    await producer.addOutboxRows(
      [delivered, released].map((id) => ({
        id: id as bigint,
        kind: 'SEND' as const,
        name: 'sendMessage',
        payload: null,
      })),
    );
    await waitFor(async () => (await queue.getJobState(outboxJobId(delivered as bigint))) === 'delayed', {
      what: 'the job to wait for the writer',
    });
    expect(emulator.calls({ method: 'sendMessage' })).toEqual([]);

    await markOutboxDone(prisma, [delivered as bigint]); // the writer sent it itself
    await releaseOutboxLease(prisma, [released as bigint], 'Redis down'); // this one it could not
    await waitFor(async () => (await row(released as bigint)).status === 'DONE', {
      what: 'the released send',
    });
    await waitFor(async () => (await queue.getJobState(outboxJobId(delivered as bigint))) === 'completed', {
      what: "the delivered row's job",
    });
    expect(textsTo(USER)).toEqual(['writer gave up on this']);
  });

  it("waits out a private chat's 429 by pausing the queue, without spending an attempt", async () => {
    emulator.force429(USER, 1, 2);
    const started = Date.now();
    const [id] = await orphaned(
      send('update-4-0', 'sendMessage', { chat_id: USER, text: 'after the wait' }, USER),
    );
    await waitFor(() => emulator.calls({ chatId: USER, ok: false }).length === 1, { what: 'the 429' });
    expect(await queue.getRateLimitTtl(Number.MAX_SAFE_INTEGER)).toBeGreaterThan(0);
    await waitFor(async () => (await row(id as bigint)).status === 'DONE', {
      what: 'the send',
      timeoutMs: 10_000,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    expect(textsTo(USER)).toEqual(['after the wait']);
    expect((await queue.getJob(outboxJobId(id as bigint)))?.attemptsMade).toBe(1);
  });
});

describe('outbox-send on a failing network', () => {
  function fakeJob(id: bigint): OutboxSendJob {
    return {
      id: outboxJobId(id),
      data: { dedupeKey: `send-${id}`, entryId: id.toString() },
      moveToDelayed: async () => {},
      updateData: async () => {},
    };
  }

  function depsWith(raw: (payload: unknown) => Promise<unknown>): OutboxSendDeps {
    return {
      prisma,
      api: { raw: { sendMessage: raw } } as unknown as OutboxSendDeps['api'],
      limits: {
        queue: { remainingPenaltyMs: async () => 0, impose: async () => {} },
        groups: new GroupWindows(),
      },
      logger,
    };
  }

  it('lets go of the row and fails the attempt on a network error or a 5xx, so it is retried', async () => {
    await worker.close();
    const [id] = await orphaned(send('update-5-0', 'sendMessage', { chat_id: USER, text: 'x' }, USER));
    const job = fakeJob(id as bigint);

    await expect(
      handleOutboxSend(
        job,
        depsWith(async () => Promise.reject(new Error('socket hang up'))),
        undefined,
      ),
    ).rejects.toThrow('socket hang up');
    let after = await row(id as bigint);
    expect(after.status).toBe('PENDING');
    expect(after.leaseUntil).toBeNull();
    expect(after.lastError).toMatch(/socket hang up/);

    const badGateway = new GrammyError(
      'Call to sendMessage failed',
      { ok: false, error_code: 502, description: 'Bad Gateway' },
      'sendMessage',
      {},
    );
    await expect(
      handleOutboxSend(
        job,
        depsWith(async () => Promise.reject(badGateway)),
        undefined,
      ),
    ).rejects.toBe(badGateway);
    expect((await row(id as bigint)).leaseUntil).toBeNull();

    let calls = 0;
    const working = depsWith(async () => {
      calls += 1;
      return { message_id: 1 };
    });
    expect(await handleOutboxSend(job, working, undefined)).toEqual({ outcome: 'sent' });
    expect(await handleOutboxSend(job, working, undefined)).toEqual({ outcome: 'already-done' });
    expect(calls).toBe(1);
    after = await row(id as bigint);
    expect(after.status).toBe('DONE');
    expect(after.attempts).toBe(3);
  });
});
