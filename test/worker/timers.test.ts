import { DelayedError, UnrecoverableError } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { handleTimer, type TimerDeps, type TimerJob } from '../../worker/jobs/timer.ts';
import { Owed } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type TimerPayload } from '../../worker/queues.ts';
import { TIMER_WORK } from '../../worker/timers/index.ts';
import type { TimerReport, TimerWait, TimerWork } from '../../worker/timers/timer-work.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestMember, deleteRedisPrefix, REDIS_URL, sleep, uniquePrefix } from './support.ts';

/**
 * The `timer` job's handler, called directly with a stand-in job and a stand-in work for one timer kind:
 * the claim (a timer runs its work once, a cancelled one never), early fires, "not yet", and rollback.
 */

const logger = createLogger('silent', 'test');

let prisma: PrismaClient;
let producer: JobProducer;
let prefix: string;
let runs: number;
let answer: () => Promise<TimerReport | TimerWait>;

/** Stands in for the reminder's work: counts its runs and owes one notice to a member. */
let noticeMemberId: number;
const countingWork: TimerWork<'talk-task-reminder'> = async (tx, owed, payload) => {
  runs += 1;
  await owed.job(tx, 'notify', {
    dedupeKey: `timer-test-${payload.taskId}`,
    memberId: noticeMemberId,
    message: { key: 'worker-test-hello', params: { name: 'x', number: 1 } },
  });
  return answer();
};

function deps(overrides: Partial<TimerDeps> = {}): TimerDeps {
  return {
    prisma,
    jobs: producer,
    logger,
    work: { ...TIMER_WORK, 'talk-task-reminder': countingWork },
    ...overrides,
  };
}

interface FakeJob extends TimerJob {
  delayedTo: number[];
}

function jobFor(timerId: bigint): FakeJob {
  const delayedTo: number[] = [];
  const data: TimerPayload = { dedupeKey: `timer-${timerId}`, timerId: timerId.toString() };
  return {
    id: `timer-${timerId}`,
    data,
    delayedTo,
    moveToDelayed: async (timestamp: number) => {
      delayedTo.push(timestamp);
    },
  };
}

async function setReminder(dueAt: Date, taskId = 1): Promise<bigint> {
  const owed = new Owed();
  await prisma.$transaction((tx: Prisma.TransactionClient) =>
    owed.timer(tx, 'talk-task-reminder', { dedupeKey: `task-${taskId}`, taskId }, dueAt),
  );
  // Not delivered: these tests run the handler themselves.
  const row = await prisma.scheduledTimer.findUniqueOrThrow({
    where: { key: `talk-task-reminder:task-${taskId}` },
  });
  return row.id;
}

beforeAll(() => {
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  runs = 0;
  answer = async () => ({ outcome: 'sent', notified: [noticeMemberId] });
  noticeMemberId = (await createTestMember(prisma)).memberId;
});

afterEach(async () => {
  await producer.close();
  await deleteRedisPrefix(prefix);
});

describe('the timer job', () => {
  it('runs its work once, owing what it owes in the same commit, and delivers it', async () => {
    const id = await setReminder(new Date(Date.now() - 1_000));
    expect(await handleTimer(jobFor(id), deps(), 'token')).toEqual({
      outcome: 'sent',
      notified: [noticeMemberId],
    });
    expect(runs).toBe(1);
    const row = await prisma.scheduledTimer.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('FIRED');
    // The notice: written with the claim, and handed to BullMQ after the commit.
    const owed = await prisma.outboxEntry.findMany();
    expect(owed.map((entry) => [entry.name, entry.status])).toEqual([['notify', 'QUEUED']]);

    // The same timer again (a duplicate job, a retry after a lost acknowledgement): nothing.
    expect(await handleTimer(jobFor(id), deps(), 'token')).toEqual({ outcome: 'gone' });
    expect(runs).toBe(1);
    expect(await prisma.outboxEntry.count()).toBe(1);
  });

  it('runs its work once when two runs race for the same row', async () => {
    const id = await setReminder(new Date(Date.now() - 1_000));
    // The work takes a while, so the second claim meets the first one's uncommitted row lock.
    answer = async () => {
      await sleep(300);
      return { outcome: 'sent', notified: [noticeMemberId] };
    };
    const results = await Promise.all([
      handleTimer(jobFor(id), deps(), 'a'),
      handleTimer(jobFor(id), deps(), 'b'),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['gone', 'sent']);
    expect(runs).toBe(1);
    expect(await prisma.outboxEntry.count()).toBe(1);
  });

  it('never runs a cancelled timer', async () => {
    const id = await setReminder(new Date(Date.now() - 1_000));
    const owed = new Owed();
    await prisma.$transaction((tx: Prisma.TransactionClient) =>
      owed.cancelTimer(tx, 'talk-task-reminder', 'task-1'),
    );
    expect(await handleTimer(jobFor(id), deps(), 'token')).toEqual({ outcome: 'gone' });
    expect(runs).toBe(0);
    expect((await prisma.scheduledTimer.findUniqueOrThrow({ where: { id } })).status).toBe('CANCELLED');
  });

  it('waits when its job runs before the row is due, without running the work', async () => {
    const dueAt = new Date(Date.now() + 60_000);
    const id = await setReminder(dueAt);
    const job = jobFor(id);
    await expect(handleTimer(job, deps(), 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(job.delayedTo).toEqual([dueAt.getTime()]);
    expect(runs).toBe(0);
    expect((await prisma.scheduledTimer.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
  });

  it('rolls back the claim and what the work owed when the work says "not yet", and moves the row', async () => {
    const id = await setReminder(new Date(Date.now() - 1_000));
    const until = new Date(Date.now() + 3_600_000);
    answer = async () => ({ outcome: 'wait', until });
    const job = jobFor(id);
    await expect(handleTimer(job, deps(), 'token')).rejects.toBeInstanceOf(DelayedError);
    expect(job.delayedTo).toEqual([until.getTime()]);
    const row = await prisma.scheduledTimer.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('PENDING');
    expect(row.dueAt).toEqual(until);
    expect(await prisma.outboxEntry.count()).toBe(0);
  });

  it('rolls back the claim and what the work owed when the work fails, so a retry runs it afresh', async () => {
    const id = await setReminder(new Date(Date.now() - 1_000));
    answer = async () => {
      throw new Error('database hiccup');
    };
    await expect(handleTimer(jobFor(id), deps(), 'token')).rejects.toThrow('database hiccup');
    expect((await prisma.scheduledTimer.findUniqueOrThrow({ where: { id } })).status).toBe('PENDING');
    expect(await prisma.outboxEntry.count()).toBe(0);

    answer = async () => ({ outcome: 'sent', notified: [noticeMemberId] });
    expect((await handleTimer(jobFor(id), deps(), 'token')).outcome).toBe('sent');
    expect(runs).toBe(2);
    expect(await prisma.outboxEntry.count()).toBe(1);
  });

  it('fails for good on a row naming no timer kind, leaving the row untouched', async () => {
    const [row] = await prisma.scheduledTimer.createManyAndReturn({
      data: [{ key: 'retired-kind:1', job: 'retired-kind', payload: { dedupeKey: 'x' }, dueAt: new Date(0) }],
    });
    if (!row) throw new Error('no row');
    await expect(handleTimer(jobFor(row.id), deps(), 'token')).rejects.toBeInstanceOf(UnrecoverableError);
    expect((await prisma.scheduledTimer.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('PENDING');
  });
});
