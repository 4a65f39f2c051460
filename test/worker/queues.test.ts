import { connect, createServer, type Socket } from 'node:net';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../core/logger.ts';
import {
  createJobProducer,
  DEFAULT_JOB_OPTIONS,
  ENQUEUE_TIMEOUT_MS,
  type JobProducer,
  jobIdFor,
  OUTBOUND_QUEUE,
} from '../../worker/queues.ts';
import { deleteRedisPrefix, REDIS_URL, sleep, uniquePrefix } from './support.ts';

const logger = createLogger('silent', 'test');

describe('job ids', () => {
  it('are derived from the dedupe key, contain no ":" and are never all digits', () => {
    const id = jobIdFor('notify', { dedupeKey: '12345' });
    expect(id).toBe('notify-12345');
    expect(id).not.toMatch(/^\d+$/);
    expect(id).not.toContain(':');
  });
});

describe('createJobProducer', () => {
  let prefix: string;
  let producer: JobProducer | undefined;
  let queue: Queue | undefined;

  afterEach(async () => {
    await producer?.close();
    await queue?.close();
    await deleteRedisPrefix(prefix);
    producer = undefined;
    queue = undefined;
  });

  function setUp() {
    prefix = uniquePrefix();
    producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
    queue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
    return { producer, queue };
  }

  it('adds one job per dedupe key, with retries, backoff and bounded retention', async () => {
    const { producer, queue } = setUp();
    const payload = { dedupeKey: 'vote-1-open-member-2', memberId: 2, message: { key: 'vote-opened' } };
    const first = await producer.enqueue('notify', payload);
    const second = await producer.enqueue('notify', payload);
    expect(first).toBe('notify-vote-1-open-member-2');
    expect(second).toBe(first);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const job = await queue.getJob(first);
    expect(job?.name).toBe('notify');
    expect(job?.data).toEqual(payload);
    expect(job?.opts.attempts).toBe(DEFAULT_JOB_OPTIONS.attempts);
    expect(job?.opts.backoff).toEqual(DEFAULT_JOB_OPTIONS.backoff);
    expect(job?.opts.removeOnComplete).toEqual(DEFAULT_JOB_OPTIONS.removeOnComplete);
    expect(job?.opts.removeOnFail).toEqual(DEFAULT_JOB_OPTIONS.removeOnFail);
  });

  it('adds a fan-out in one call, still one job per key', async () => {
    const { producer, queue } = setUp();
    const payloads = [1, 2, 3, 2].map((memberId) => ({
      dedupeKey: `call-5-member-${memberId}`,
      memberId,
      message: { key: 'call-opened', params: { number: 5 } },
    }));
    const ids = await producer.enqueueMany('notify', payloads);
    expect(ids).toEqual([
      'notify-call-5-member-1',
      'notify-call-5-member-2',
      'notify-call-5-member-3',
      'notify-call-5-member-2',
    ]);
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 3 });
    const job = await queue.getJob('notify-call-5-member-3');
    expect(job?.opts.attempts).toBe(DEFAULT_JOB_OPTIONS.attempts);
  });

  it('rejects payloads that do not match the schema before touching Redis', async () => {
    const { producer, queue } = setUp();
    const bad = [
      { dedupeKey: 'has:colon', memberId: 1, message: { key: 'x' } },
      { dedupeKey: 'ok', memberId: -1, message: { key: 'x' } },
      { dedupeKey: 'ok', memberId: 1, message: { key: 'Not A Key' } },
      { dedupeKey: 'ok', memberId: 1, message: { key: 'x', params: { nested: {} } } },
    ];
    for (const payload of bad) {
      // @ts-expect-error: deliberately wrong payloads
      await expect(producer.enqueue('notify', payload)).rejects.toThrow();
    }
    expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });

  it('fails fast instead of hanging when Redis goes away', async () => {
    prefix = uniquePrefix();
    const proxy = await startTcpProxy(6379);
    const flaky = createJobProducer({ redisUrl: `redis://127.0.0.1:${proxy.port}`, prefix, logger });
    try {
      await flaky.enqueue('notify', { dedupeKey: 'before', memberId: 1, message: { key: 'x' } });
      await proxy.cut();
      const started = Date.now();
      await expect(
        flaky.enqueue('notify', { dedupeKey: 'after', memberId: 1, message: { key: 'x' } }),
      ).rejects.toThrow();
      // Rejected by the client (no offline queue), well before the enqueue timeout would have fired.
      expect(Date.now() - started).toBeLessThan(ENQUEUE_TIMEOUT_MS);
    } finally {
      await flaky.close();
    }
  }, 20_000);

  it('gives up after the enqueue timeout when Redis was never reachable', async () => {
    prefix = uniquePrefix();
    const dead = createJobProducer({ redisUrl: 'redis://127.0.0.1:1', prefix, logger });
    await expect(
      dead.enqueue('notify', { dedupeKey: 'a', memberId: 1, message: { key: 'x' } }),
    ).rejects.toThrow(/did not answer/);
    await dead.close();
  }, 20_000);
});

/** A TCP forwarder to Redis that can be cut, to see how clients behave when Redis disappears. */
async function startTcpProxy(targetPort: number): Promise<{ port: number; cut(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    port: address.port,
    async cut() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
      await sleep(100); // let the client see the connection drop
    },
  };
}
