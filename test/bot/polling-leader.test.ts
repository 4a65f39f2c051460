import { Writable } from 'node:stream';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PollingLeader, pollingLockKey } from '../../bot/update-flow/polling-leader.ts';
import { testDatabaseUrl } from '../support/db.ts';

/** A bot id no other test uses, so the lock is this file's alone. */
const BOT_ID = 9_100_000_000 + Math.floor(Math.random() * 1_000_000);

function capturingLogger() {
  const lines: { msg: string; level: number }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

const started: PollingLeader[] = [];

function startLeader(botId = BOT_ID, retryMs = 2_000) {
  const { logger, lines } = capturingLogger();
  const leader = new PollingLeader({ databaseUrl: testDatabaseUrl(), botId, logger, retryMs });
  leader.start();
  started.push(leader);
  return { leader, lines };
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<number> {
  const from = Date.now();
  while (!condition()) {
    if (Date.now() - from > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return Date.now() - from;
}

let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
});

afterAll(async () => {
  await admin.end();
});

afterEach(async () => {
  await Promise.all(started.splice(0).map((leader) => leader.stop()));
});

/** The backend that holds the bot's poller lock, as the server sees it. */
async function lockHolderPid(botId = BOT_ID): Promise<number | undefined> {
  const { rows } = await admin.query<{ pid: number }>(
    `SELECT pid FROM pg_locks
     WHERE locktype = 'advisory' AND granted AND objsubid = 1
       AND ((classid::bigint << 32) | objid::bigint) = $1::bigint`,
    [String(pollingLockKey(botId))],
  );
  return rows[0]?.pid;
}

describe('PollingLeader', () => {
  it('lets exactly one of two processes lead; the other waits quietly', async () => {
    const a = startLeader(BOT_ID, 100);
    const b = startLeader(BOT_ID, 100);
    await waitFor(() => a.leader.isLeader || b.leader.isLeader, 3_000);
    // Many retry periods later, still one leader, and the standby said so once.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect([a.leader.isLeader, b.leader.isLeader].filter(Boolean)).toHaveLength(1);
    const standby = a.leader.isLeader ? b : a;
    expect(standby.lines.filter((line) => line.msg === 'waiting to become the poller')).toHaveLength(1);
    expect(standby.lines.filter((line) => line.level >= 40)).toEqual([]);
    expect(await lockHolderPid()).toBeDefined();
  });

  it('hands over at once when the leader stops', async () => {
    const a = startLeader();
    await a.leader.leadership();
    const b = startLeader();
    const bLeads = b.leader.leadership();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(b.leader.isLeader).toBe(false);

    const stoppedAt = Date.now();
    await a.leader.stop();
    expect(a.leader.isLeader).toBe(false);
    const signal = await bLeads;
    expect(signal?.aborted).toBe(false);
    // The standby retries every 2 s, but the stopping leader's notification wakes it.
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    expect(b.leader.isLeader).toBe(true);
  });

  it('stops leading the moment its connection is killed, and someone leads again', async () => {
    const a = startLeader();
    const b = startLeader();
    const first = await Promise.race([a.leader.leadership(), b.leader.leadership()]);
    const [leader, other] = a.leader.isLeader ? [a, b] : [b, a];
    const pid = await lockHolderPid();
    expect(pid).toBeDefined();

    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitFor(() => first?.aborted === true, 1_000);
    expect(leader.lines.some((line) => line.msg.startsWith('lost the poller lock'))).toBe(true);

    await waitFor(() => leader.leader.isLeader || other.leader.isLeader, 3_000);
    const newPid = await lockHolderPid();
    expect(newPid).toBeDefined();
    expect(newPid).not.toBe(pid);
    expect([a.leader.isLeader, b.leader.isLeader].filter(Boolean)).toHaveLength(1);
  });

  it('gives each bot sharing a database its own poller', async () => {
    const a = startLeader(BOT_ID);
    const b = startLeader(BOT_ID + 1);
    await Promise.all([a.leader.leadership(), b.leader.leadership()]);
    expect(a.leader.isLeader && b.leader.isLeader).toBe(true);
  });

  it('stops waiting when stopped, and leadership() then answers undefined', async () => {
    const a = startLeader();
    await a.leader.leadership();
    const b = startLeader();
    const waiting = b.leader.leadership();
    await b.leader.stop();
    expect(await waiting).toBeUndefined();
    expect(await b.leader.leadership()).toBeUndefined();
    expect(a.leader.isLeader).toBe(true);
  });
});
