import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ChatLeases } from '../../bot/update-flow/chat-leases.ts';
import { createDatabase, type PrismaClient, type SqlReader } from '../../core/db/client.ts';
import { testDatabaseUrl } from '../support/db.ts';

/** Short leases, so expiry can be watched: renewed every 200 ms, holds() says no 120 ms early. */
const LEASE = { leaseMs: 600, renewEveryMs: 200, safetyMarginMs: 120 };
const quiet = pino({ level: 'silent' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each "process" has its own pool, as two bot processes would. */
const processes: { prisma: PrismaClient; sql: SqlReader }[] = [];
const opened: ChatLeases[] = [];
let admin: pg.Client;

beforeAll(async () => {
  processes.push(createDatabase(testDatabaseUrl(), { maxConnections: 4 }));
  processes.push(createDatabase(testDatabaseUrl(), { maxConnections: 4 }));
  admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((leases) => leases.close()));
});

afterAll(async () => {
  await admin.end();
  await Promise.all(processes.map(({ prisma }) => prisma.$disconnect()));
});

function leasesOf(which: 0 | 1, options: Partial<typeof LEASE> = {}): ChatLeases {
  const { sql } = processes[which] as { sql: SqlReader };
  const leases = new ChatLeases({
    sql,
    databaseUrl: testDatabaseUrl(),
    logger: quiet,
    ...LEASE,
    ...options,
  });
  opened.push(leases);
  return leases;
}

function chatKeys(count: number): string[] {
  const run = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, i) => `chat:${run}-${i}`);
}

let nextUpdateId = BigInt(Date.now()) * 1000n;

async function storeUnhandled(chatKey: string): Promise<bigint> {
  const updateId = nextUpdateId++;
  await processes[0]?.prisma.inboundUpdate.create({
    data: { updateId, chatKey, payload: { update_id: Number(updateId % 1_000_000_000n) } },
  });
  return updateId;
}

async function waitFor(condition: () => Promise<boolean> | boolean, timeoutMs: number): Promise<number> {
  const from = Date.now();
  while (!(await condition())) {
    if (Date.now() - from > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
  return Date.now() - from;
}

describe('ChatLeases', () => {
  it('gives a chat to one holder at a time', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k] = chatKeys(1) as [string];
    expect(await a.acquire([k])).toEqual(new Set([k]));
    expect(await b.acquire([k])).toEqual(new Set());
    expect(a.holds(k)).toBe(true);
    expect(b.holds(k)).toBe(false);
    // Asking again for one's own lease extends it.
    expect(await a.acquire([k])).toEqual(new Set([k]));
  });

  it('splits contended batches without overlap or deadlock', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    for (let round = 0; round < 20; round++) {
      const keys = chatKeys(30);
      const reversed = [...keys].reverse();
      const [gotA, gotB] = await Promise.all([a.acquire(keys), b.acquire(reversed)]);
      expect([...gotA].filter((key) => gotB.has(key))).toEqual([]);
      expect(gotA.size + gotB.size).toBe(keys.length);
      // Renewals of one side's leases while the other asks for them again.
      await Promise.all([a.renew(), b.acquire(keys), b.renew(), a.acquire(reversed)]);
    }
  });

  it('returns only the free chats of a batch', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k1, k2, k3] = chatKeys(3) as [string, string, string];
    await a.acquire([k1, k2]);
    expect(await b.acquire([k1, k2, k3, k3])).toEqual(new Set([k3]));
    expect([k1, k2, k3].map((key) => b.holds(key))).toEqual([false, false, true]);
  });

  it('keeps renewing a lease in use, in the background', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k] = chatKeys(1) as [string];
    await a.acquire([k]);
    // Three lease periods of use: every check must find it held, and the other never gets it.
    const until = Date.now() + 3 * LEASE.leaseMs;
    while (Date.now() < until) {
      expect(a.holds(k)).toBe(true);
      expect(await b.acquire([k])).toEqual(new Set());
      await sleep(50);
    }
  });

  it('lets an idle lease lapse, and the other takes it once it expired', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k] = chatKeys(1) as [string];
    await a.acquire([k]);
    const acquiredAt = Date.now();
    expect(await b.acquire([k])).toEqual(new Set());
    const waited = await waitFor(async () => (await b.acquire([k])).has(k), 3_000);
    // Not before it expired: one renewal (it was in use when acquired), then one lease period.
    expect(Date.now() - acquiredAt).toBeGreaterThanOrEqual(LEASE.leaseMs);
    expect(waited).toBeLessThan(2_000);
    expect(a.holds(k)).toBe(false);
    await a.renew();
    expect(a.holds(k)).toBe(false);
    expect(await a.acquire([k])).toEqual(new Set());
  });

  it('keeps a pinned lease, used or not, until it is unpinned', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k] = chatKeys(1) as [string];
    await a.acquire([k]);
    const unpin = a.pin(k);
    await sleep(3 * LEASE.leaseMs);
    expect(await b.acquire([k])).toEqual(new Set());
    unpin();
    await waitFor(async () => (await b.acquire([k])).has(k), 3_000);
  });

  it('releases only an idle chat: not while the inbox holds an unhandled update for it', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k, other] = chatKeys(2) as [string, string];
    await a.acquire([k]);
    const updateId = await storeUnhandled(k);
    await storeUnhandled(other); // another chat's work does not count

    expect(await a.releaseIfIdle(k)).toBe(false);
    expect(a.holds(k)).toBe(true);
    expect(await b.acquire([k])).toEqual(new Set());

    await processes[0]?.prisma.inboundUpdate.update({ where: { updateId }, data: { handledAt: new Date() } });
    expect(await a.releaseIfIdle(k)).toBe(true);
    expect(a.holds(k)).toBe(false);
    expect(await b.acquire([k])).toEqual(new Set([k]));
    // Not held (any more): nothing to do for this instance, even with updates waiting.
    await storeUnhandled(k);
    expect(await a.releaseIfIdle(k)).toBe(true);
    expect(b.holds(k)).toBe(true);
  });

  it('carries a nudge from one process to the other', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k] = chatKeys(1) as [string];
    const heard: string[] = [];
    await b.onNudge((chatKey) => heard.push(chatKey));
    await a.nudge(k);
    await waitFor(() => heard.includes(k), 2_000);
  });

  it('listens again after its connection is killed', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [k1, k2] = chatKeys(2) as [string, string];
    const heard: string[] = [];
    await b.onNudge((chatKey) => heard.push(chatKey));
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = 'yingshan-chat-nudges' AND datname = current_database()`,
    );
    expect(rows).toHaveLength(1);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0]?.pid]);
    await sleep(100);
    await a.nudge(k1); // lost: nobody listens right now
    await waitFor(async () => {
      await a.nudge(k2);
      return heard.includes(k2);
    }, 5_000);
  });

  it('gives everything up on close, nudging the chats with updates waiting', async () => {
    const a = leasesOf(0);
    const b = leasesOf(1);
    const [idle, busy] = chatKeys(2) as [string, string];
    await a.acquire([idle, busy]);
    await storeUnhandled(busy);
    const heard: string[] = [];
    await b.onNudge((chatKey) => heard.push(chatKey));

    await a.close();
    expect(a.holds(idle)).toBe(false);
    expect(await b.acquire([idle, busy])).toEqual(new Set([idle, busy]));
    await waitFor(() => heard.includes(busy), 2_000);
    expect(heard).not.toContain(idle);
  });
});
