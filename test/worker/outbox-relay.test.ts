import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { type OwedJob, releaseOutboxLease, writeJobs } from '../../core/outbox/outbox.ts';
import { type OutboxRelay, relayOutbox, startOutboxRelay } from '../../worker/outbox-relay.ts';
import { outboxJobKey } from '../../worker/owed.ts';
import {
  createJobProducer,
  type JobProducer,
  type NotifyPayload,
  OUTBOUND_QUEUE,
  type OutboxJobRow,
  outboxJobId,
} from '../../worker/queues.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { deleteRedisPrefix, REDIS_URL, uniquePrefix, waitFor } from './support.ts';

/**
 * The relay against real PostgreSQL and Redis, with no worker taking the jobs: what it hands to
 * BullMQ, and how often. Every hand-over is counted on the way to Redis (Redis itself would hide a
 * double: the job id makes the second add a no-op).
 */

const logger = createLogger('silent', 'test');

let prisma: PrismaClient;
let prefix: string;
let producer: JobProducer;
let queue: Queue;
let relays: OutboxRelay[];

beforeAll(() => {
  prisma = testPrisma({ maxConnections: 20 });
});

afterAll(async () => {
  await prisma.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  queue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
  relays = [];
});

afterEach(async () => {
  await Promise.all(relays.map((relay) => relay.close()));
  await producer.close();
  await queue.close();
  await deleteRedisPrefix(prefix);
});

/** A producer that records every row it is asked to hand over, then hands it to the real one. */
function countingProducer(handed: bigint[]): Pick<JobProducer, 'addOutboxRows'> {
  return {
    async addOutboxRows(rows: readonly OutboxJobRow[]) {
      handed.push(...rows.map((row) => row.id));
      await producer.addOutboxRows(rows);
    },
  };
}

function notices(count: number, from = 0): OwedJob[] {
  return Array.from({ length: count }, (_, i) => {
    const payload: NotifyPayload = {
      dedupeKey: `relay-test-${from + i}`,
      memberId: 1,
      message: { key: 'worker-test-hello' },
    };
    return { key: outboxJobKey('notify', payload.dedupeKey), name: 'notify', payload: { ...payload } };
  });
}

/** Rows as a writer leaves them when it crashes right after its commit: pending, lease lapsed. */
async function orphanedRows(count: number, from = 0): Promise<bigint[]> {
  const rows = await writeJobs(prisma, notices(count, from), -1_000);
  return rows.map((row) => row.id);
}

function start(handed: bigint[], options: { intervalMs?: number; batchSize?: number } = {}): OutboxRelay {
  const relay = startOutboxRelay({
    prisma,
    jobs: countingProducer(handed),
    logger,
    intervalMs: 20,
    ...options,
  });
  relays.push(relay);
  return relay;
}

describe('the outbox relay', () => {
  it('hands each of 500 rows to BullMQ exactly once when two relays race for them', async () => {
    const handedA: bigint[] = [];
    const handedB: bigint[] = [];
    const a = start(handedA, { batchSize: 40 });
    const b = start(handedB, { batchSize: 40 });
    // Past their start-up passes (which re-hand every queued row on purpose), into the steady loop.
    await Promise.all([a.runOnce(), b.runOnce()]);

    const ids = await orphanedRows(500);
    await waitFor(async () => (await prisma.outboxEntry.count({ where: { status: 'QUEUED' } })) === 500, {
      what: 'every row to be queued',
    });
    const all = [...handedA, ...handedB].map(String);
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);
    expect(new Set(all)).toEqual(new Set(ids.map(String)));
    // Both took part (the race is real), and Redis holds one job per row under its outbox job id.
    expect(handedA.length).toBeGreaterThan(0);
    expect(handedB.length).toBeGreaterThan(0);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 500 });
    const job = await queue.getJob(outboxJobId(ids[0] as bigint));
    expect(job?.name).toBe('notify');
    expect(job?.data).toMatchObject({ dedupeKey: 'relay-test-0', memberId: 1 });
  });

  it('leaves a row alone while its writer holds the lease, and takes it once the lease is let go', async () => {
    const [row] = await writeJobs(prisma, notices(1), 60_000);
    if (!row) throw new Error('no row');
    const handed: bigint[] = [];
    const options = { prisma, jobs: countingProducer(handed), logger };
    expect(await relayOutbox(options, logger, { allQueued: true })).toBe(0);
    expect(handed).toEqual([]);
    expect((await prisma.outboxEntry.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('PENDING');

    // The writer could not deliver (Redis down) and says so.
    await releaseOutboxLease(prisma, [row.id]);
    expect(await relayOutbox(options, logger)).toBe(1);
    expect(handed).toEqual([row.id]);
    const queued = await prisma.outboxEntry.findUniqueOrThrow({ where: { id: row.id } });
    expect(queued.status).toBe('QUEUED');
    // Looked at again only at its re-check time, minutes away.
    expect(queued.leaseUntil?.getTime()).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(await relayOutbox(options, logger)).toBe(0);
  });

  it('re-hands every queued row when it starts, so jobs Redis lost come back', async () => {
    const ids = await orphanedRows(30);
    const handed: bigint[] = [];
    const options = { prisma, jobs: countingProducer(handed), logger, batchSize: 7 };
    expect(await relayOutbox(options, logger)).toBe(30);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 30 });

    // Redis loses everything under this prefix.
    await deleteRedisPrefix(prefix);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
    // An ordinary pass does not look at queued rows before their re-check time...
    expect(await relayOutbox(options, logger)).toBe(0);

    // ...a relay starting does, paging through all of them once.
    handed.length = 0;
    const relay = start(handed, { batchSize: 7, intervalMs: 60_000 });
    await waitFor(() => handed.length === 30, { what: 'the start-up pass' });
    await relay.runOnce();
    expect(handed.map(String).sort()).toEqual(ids.map(String).sort());
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 30 });
    expect(await prisma.outboxEntry.count({ where: { status: 'QUEUED' } })).toBe(30);
  });

  it('re-hands every queued row when its Redis marker is gone, without a restart', async () => {
    await orphanedRows(5);
    const handed: bigint[] = [];
    let wiped = false;
    const relay = startOutboxRelay({
      prisma,
      jobs: countingProducer(handed),
      logger,
      intervalMs: 20,
      redisWiped: async () => wiped,
    });
    relays.push(relay);
    await waitFor(async () => (await prisma.outboxEntry.count({ where: { status: 'QUEUED' } })) === 5, {
      what: 'the rows to be queued',
    });
    await relay.runOnce();
    const before = handed.length;
    await deleteRedisPrefix(prefix);
    wiped = true;
    await relay.runOnce();
    wiped = false;
    expect(handed.length - before).toBe(5);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 5 });
  });

  it('lets go of what it claimed when Redis is down', async () => {
    const [id] = await orphanedRows(1);
    const down = createJobProducer({ redisUrl: 'redis://127.0.0.1:1', prefix, logger });
    try {
      await expect(relayOutbox({ prisma, jobs: down, logger }, logger)).rejects.toThrow();
      const row = await prisma.outboxEntry.findUniqueOrThrow({ where: { id: id as bigint } });
      expect(row.status).toBe('PENDING');
      expect(row.leaseUntil).toBeNull();
      expect(row.attempts).toBe(1);

      // Redis back: the next pass delivers it.
      const handed: bigint[] = [];
      expect(await relayOutbox({ prisma, jobs: countingProducer(handed), logger }, logger)).toBe(1);
    } finally {
      await down.close();
    }
  });

  it('sets aside a row no job can take, and delivers the rest of its batch', async () => {
    const [good] = await orphanedRows(1);
    await prisma.outboxEntry.create({
      data: { key: 'job:retired:1', kind: 'JOB', name: 'retired-job', payload: { dedupeKey: 'x' } },
    });
    const handed: bigint[] = [];
    expect(await relayOutbox({ prisma, jobs: countingProducer(handed), logger }, logger)).toBe(1);
    expect(handed).toEqual([good]);
    const retired = await prisma.outboxEntry.findUniqueOrThrow({ where: { key: 'job:retired:1' } });
    expect(retired.status).toBe('FAILED');
    expect(retired.lastError).toMatch(/no job is named retired-job/);
  });
});
