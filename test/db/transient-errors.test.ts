import net from 'node:net';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase, Prisma, type PrismaClient } from '../../core/db/client.ts';
import { isTransientDatabaseError } from '../../core/db/transient-errors.ts';
import { DomainError } from '../../core/errors.ts';
import { resetDatabase, testDatabaseUrl } from '../support/db.ts';

/**
 * Each failure is produced for real against PostgreSQL, through Prisma model calls and raw SQL, and
 * the test checks both that it is the failure meant (its SQLSTATE or message) and how it is classified.
 */

const { prisma } = createDatabase(testDatabaseUrl(), { maxConnections: 4 });
/** The second connection: it terminates, cancels and locks what the first one runs. */
const admin = new pg.Client({ connectionString: testDatabaseUrl() });
// A backend this test terminates can be admin's only if a query matched it by mistake; fail loudly then.
admin.on('error', (error) => {
  throw error;
});

const SLEEP_TAG = 'transient-errors-test-sleep';
/** Sleeps until terminated; the tag lets the second connection find it. */
const sleepRaw = (db: PrismaClient | Prisma.TransactionClient, tag = SLEEP_TAG) =>
  db.$queryRawUnsafe(`SELECT 1 AS slept FROM pg_sleep(30) WHERE '${tag}' <> ''`);
/** The backend running sleepRaw(…, tag); a cut connection leaves an earlier one sleeping on the server. */
const sleeping = (tag = SLEEP_TAG) => `query LIKE '%${tag}%' AND state = 'active'`;

beforeAll(() => admin.connect());
beforeEach(async () => {
  await resetDatabase(prisma);
  await prisma.user.createMany({
    data: [
      { id: 1n, firstName: 'Ada' },
      { id: 2n, firstName: 'Bai' },
    ],
  });
});
afterEach(async () => {
  // Nothing this file started may outlive its test.
  await admin.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE $1`,
    [`%${SLEEP_TAG}%`],
  );
});
afterAll(async () => {
  await prisma.$disconnect();
  await admin.end();
});

describe('a backend terminated by pg_terminate_backend (57P01)', () => {
  it('mid-query, through $queryRaw: transient, and the same client works on the next call', async () => {
    const error = await failureOf(sleepRaw(prisma), () => terminateSleeper());
    expect(error).toMatchObject({ code: 'P2010' });
    expect(sqlStatesIn(error)).toContain('57P01');
    expect(isTransientDatabaseError(error)).toBe(true);
    expect(await prisma.user.count()).toBe(2);
  });

  it('mid-query, through a model call (P2039): transient, and the client works again', async () => {
    await withRowLocked(1n, async () => {
      const error = await failureOf(prisma.user.update({ where: { id: 1n }, data: { firstName: 'C' } }), () =>
        terminateWhere(`wait_event_type = 'Lock'`),
      );
      expect(error).toMatchObject({ code: 'P2039', meta: { modelName: 'User' } });
      expect(sqlStatesIn(error)).toContain('57P01');
      expect(isTransientDatabaseError(error)).toBe(true);
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: 1n } })).firstName).toBe('Ada');
  });

  it('mid-interactive-transaction, raw and model: transient; nothing committed; the client works again', async () => {
    const raw = await failureOf(
      prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: 2n }, data: { firstName: 'lost' } });
        await sleepRaw(tx);
      }),
      () => terminateSleeper(),
    );
    expect(raw).toMatchObject({ code: 'P2010' });
    expect(sqlStatesIn(raw)).toContain('57P01');
    expect(isTransientDatabaseError(raw)).toBe(true);

    const model = await withRowLocked(1n, () =>
      failureOf(
        prisma.$transaction(async (tx) => {
          await tx.user.update({ where: { id: 2n }, data: { firstName: 'lost' } });
          await tx.user.update({ where: { id: 1n }, data: { firstName: 'lost' } });
        }),
        () => terminateWhere(`wait_event_type = 'Lock'`),
      ),
    );
    expect(model).toMatchObject({ code: 'P2039' });
    expect(sqlStatesIn(model)).toContain('57P01');
    expect(isTransientDatabaseError(model)).toBe(true);

    expect((await prisma.user.findUniqueOrThrow({ where: { id: 2n } })).firstName).toBe('Bai');
    await prisma.$transaction(async (tx) => tx.user.update({ where: { id: 2n }, data: { firstName: 'B2' } }));
    expect((await prisma.user.findUniqueOrThrow({ where: { id: 2n } })).firstName).toBe('B2');
  });

  it('while a transaction sits idle: its next statement fails, classified transient', async () => {
    const error = await prisma
      .$transaction(async (tx) => {
        await tx.user.update({ where: { id: 1n }, data: { firstName: 'lost' } });
        await terminateWhere(`state = 'idle in transaction'`);
        await untilNoBackendIs('idle in transaction');
        await tx.user.findMany();
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    // Which shape depends on whether pg noticed the termination before the next statement: pg's own
    // error passed through (no code, no Prisma wrapper), or Prisma's 57P01 from the server's notice.
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(
      /^(Client has encountered a connection error and is not queryable|Connection terminated unexpectedly)$|Code: `57P01`/,
    );
    expect(isTransientDatabaseError(error)).toBe(true);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: 1n } })).firstName).toBe('Ada');
  });

  it('while pooled connections sit idle: the pool drops them and the next call reconnects', async () => {
    await Promise.all([prisma.user.count(), prisma.user.count(), prisma.user.count()]);
    await terminateWhere(`state = 'idle'`);
    await untilNoBackendIs('idle');
    expect(await prisma.user.count()).toBe(2);
    expect(await prisma.$queryRaw`SELECT 1 AS one`).toEqual([{ one: 1 }]);
  });
});

describe('transactions that lose a race', () => {
  it('a deadlock (40P01): P2034 from a model call, P2010 from raw SQL; both transient', async () => {
    const model = await deadlock((tx, id, name) =>
      tx.user.update({ where: { id }, data: { firstName: name } }),
    );
    expect(model).toMatchObject({ code: 'P2034' });
    expect(sqlStatesIn(model)).toContain('40P01');
    expect(isTransientDatabaseError(model)).toBe(true);

    const raw = await deadlock(
      (tx, id, name) => tx.$executeRaw`UPDATE "User" SET "firstName" = ${name} WHERE id = ${id}`,
    );
    expect(raw).toMatchObject({ code: 'P2010' });
    expect(sqlStatesIn(raw)).toContain('40P01');
    expect(isTransientDatabaseError(raw)).toBe(true);
  });

  it('a serialization failure under SERIALIZABLE (40001), model and raw: transient', async () => {
    const model = await serializationFailure(
      (tx) => tx.user.count(),
      (tx, id) => tx.user.create({ data: { id, firstName: 'Z' } }),
      [10n, 11n],
    );
    expect(sqlStatesIn(model)).toContain('40001');
    expect(isTransientDatabaseError(model)).toBe(true);

    const raw = await serializationFailure(
      (tx) => tx.$queryRaw`SELECT count(*) FROM "User"`,
      (tx, id) =>
        tx.$executeRaw`INSERT INTO "User" (id, "firstName", "updatedAt") VALUES (${id}, 'Z', now())`,
      [20n, 21n],
    );
    // Detected on the INSERT (P2010) or at COMMIT, where the adapter's error comes bare.
    expect(raw).toMatchObject({
      name: expect.stringMatching(/^(PrismaClientKnownRequestError|DriverAdapterError)$/),
    });
    expect(sqlStatesIn(raw)).toContain('40001');
    expect(isTransientDatabaseError(raw)).toBe(true);
  });
});

describe('waits that ran out', () => {
  it('a row lock not available (55P03): NOWAIT through raw, lock_timeout through a model call', async () => {
    await withRowLocked(1n, async () => {
      const raw = await failureOf(prisma.$queryRaw`SELECT id FROM "User" WHERE id = 1 FOR UPDATE NOWAIT`);
      expect(sqlStatesIn(raw)).toContain('55P03');
      expect(isTransientDatabaseError(raw)).toBe(true);

      const model = await failureOf(
        prisma.$transaction(async (tx) => {
          await tx.$executeRaw`SET LOCAL lock_timeout = '100ms'`;
          await tx.user.update({ where: { id: 1n }, data: { firstName: 'C' } });
        }),
      );
      expect(model).toMatchObject({ code: 'P2039' });
      expect(sqlStatesIn(model)).toContain('55P03');
      expect(isTransientDatabaseError(model)).toBe(true);
    });
  });

  it('a statement timeout and a cancelled query (57014): transient', async () => {
    const timedOut = await failureOf(
      prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL statement_timeout = '100ms'`;
        await sleepRaw(tx);
      }),
    );
    expect(sqlStatesIn(timedOut)).toContain('57014');
    expect(isTransientDatabaseError(timedOut)).toBe(true);

    const cancelled = await failureOf(sleepRaw(prisma), () => signalWhere('pg_cancel_backend', sleeping()));
    expect(sqlStatesIn(cancelled)).toContain('57014');
    expect(isTransientDatabaseError(cancelled)).toBe(true);
  });

  it('an interactive transaction that expired or could not start (P2028): transient', async () => {
    const expired = await failureOf(
      prisma.$transaction(
        async (tx) => {
          await tx.user.count();
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.user.count();
        },
        { timeout: 100 },
      ),
    );
    expect(expired).toMatchObject({ code: 'P2028', message: expect.stringMatching(/expired transaction/) });
    expect(isTransientDatabaseError(expired)).toBe(true);

    const { prisma: single } = createDatabase(testDatabaseUrl(), { maxConnections: 1 });
    try {
      let started!: () => void;
      const isStarted = new Promise<void>((resolve) => (started = resolve));
      const holder = single.$transaction(async (tx) => {
        await tx.user.count();
        started();
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      });
      await isStarted;
      const waited = await failureOf(single.$transaction((tx) => tx.user.count(), { maxWait: 100 }));
      expect(waited).toMatchObject({ code: 'P2028', message: expect.stringMatching(/Unable to start/) });
      expect(isTransientDatabaseError(waited)).toBe(true);
      await holder;
    } finally {
      await single.$disconnect();
    }
  });

  it('but a transaction used after it committed (P2028 too) is a bug, not transient', async () => {
    let escaped: Prisma.TransactionClient | undefined;
    await prisma.$transaction(async (tx) => {
      escaped = tx;
    });
    const error = await failureOf((escaped as Prisma.TransactionClient).user.count());
    expect(error).toMatchObject({ code: 'P2028', message: expect.stringMatching(/committed transaction/) });
    expect(isTransientDatabaseError(error)).toBe(false);
  });
});

describe('connections refused, reset and cut', () => {
  it('a refused connection: P1001 from model calls and transactions, P2010 from raw SQL', async () => {
    const { prisma: nowhere } = createDatabase(`postgresql://postgres@127.0.0.1:${await closedPort()}/none`);
    try {
      const model = await failureOf(nowhere.user.count());
      expect(model).toMatchObject({ code: 'P1001' });
      const raw = await failureOf(nowhere.$queryRaw`SELECT 1`);
      expect(raw).toMatchObject({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } },
      });
      const transaction = await failureOf(nowhere.$transaction((tx) => tx.user.count()));
      for (const error of [model, raw, transaction]) expect(isTransientDatabaseError(error)).toBe(true);
    } finally {
      await nowhere.$disconnect();
    }
  });

  it('a reset (ECONNRESET) and a dropped connection (FIN) mid-query: transient; the pool recovers', async () => {
    const proxy = await startProxy();
    const url = new URL(testDatabaseUrl());
    url.hostname = '127.0.0.1';
    url.port = String(proxy.port);
    const { prisma: viaProxy } = createDatabase(url.toString(), { maxConnections: 2 });
    try {
      await viaProxy.user.count();
      const resetModel = await withRowLocked(1n, () =>
        failureOf(viaProxy.user.update({ where: { id: 1n }, data: { firstName: 'C' } }), () =>
          proxy.cut('reset', `wait_event_type = 'Lock'`),
        ),
      );
      expect(resetModel).toMatchObject({ code: 'P1017' });
      const resetRaw = await failureOf(sleepRaw(viaProxy, `${SLEEP_TAG}-reset`), () =>
        proxy.cut('reset', sleeping(`${SLEEP_TAG}-reset`)),
      );
      expect(resetRaw).toMatchObject({
        code: 'P2010',
        meta: { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } },
      });
      const dropped = await failureOf(sleepRaw(viaProxy, `${SLEEP_TAG}-fin`), () =>
        proxy.cut('end', sleeping(`${SLEEP_TAG}-fin`)),
      );
      expect(dropped).toMatchObject({ message: 'Connection terminated unexpectedly' });
      for (const error of [resetModel, resetRaw, dropped]) expect(isTransientDatabaseError(error)).toBe(true);
      expect(await viaProxy.user.count()).toBe(2);
    } finally {
      await viaProxy.$disconnect();
      await proxy.close();
    }
  });
});

describe('failures that repeat: not transient', () => {
  it('a unique violation: P2002 from a model call, P2010 (23505) from raw SQL', async () => {
    const model = await failureOf(prisma.user.create({ data: { id: 1n, firstName: 'again' } }));
    expect(model).toMatchObject({ code: 'P2002' });
    const raw = await failureOf(
      prisma.$executeRaw`INSERT INTO "User" (id, "firstName", "updatedAt") VALUES (1, 'again', now())`,
    );
    expect(raw).toMatchObject({ code: 'P2010' });
    expect(sqlStatesIn(raw)).toContain('23505');
    expect(isTransientDatabaseError(model)).toBe(false);
    expect(isTransientDatabaseError(raw)).toBe(false);
  });

  it('a NOT NULL, a CHECK and a foreign key violation, model and raw', async () => {
    const notNull = await failureOf(
      prisma.$executeRaw`INSERT INTO "User" (id, "firstName", "updatedAt") VALUES (3, NULL, now())`,
    );
    expect(sqlStatesIn(notNull)).toContain('23502');

    const village = await prisma.village.create({
      data: { name: 'Probe', inviteCode: 'PROBE234', createdById: 1n },
    });
    // DDL is transactional: the constraint exists only inside these transactions.
    const addCheck = (tx: Prisma.TransactionClient) =>
      tx.$executeRaw`ALTER TABLE "Village" ADD CONSTRAINT "transient_probe_check" CHECK ("nextTalkNumber" > 0)`;
    const checkModel = await failureOf(
      prisma.$transaction(async (tx) => {
        await addCheck(tx);
        await tx.village.update({ where: { id: village.id }, data: { nextTalkNumber: 0 } });
      }),
    );
    expect(sqlStatesIn(checkModel)).toContain('23514');
    const checkRaw = await failureOf(
      prisma.$transaction(async (tx) => {
        await addCheck(tx);
        await tx.$executeRaw`UPDATE "Village" SET "nextTalkNumber" = 0 WHERE id = ${village.id}`;
      }),
    );
    expect(sqlStatesIn(checkRaw)).toContain('23514');

    const foreignKey = await failureOf(
      prisma.member.create({ data: { villageId: village.id + 1000, userId: 1n, number: 1 } }),
    );
    expect(foreignKey).toMatchObject({ code: 'P2003' });

    for (const error of [notNull, checkModel, checkRaw, foreignKey])
      expect(isTransientDatabaseError(error)).toBe(false);
  });

  it('bad SQL, a validation error, a DomainError and plain programming errors', async () => {
    const badSql = await failureOf(prisma.$queryRawUnsafe('SELEC 1'));
    expect(sqlStatesIn(badSql)).toContain('42601');
    const validation = await failureOf(
      prisma.user.create({ data: { id: 5n } as unknown as Prisma.UserCreateInput }),
    );
    expect(validation).toBeInstanceOf(Prisma.PrismaClientValidationError);
    for (const error of [
      badSql,
      validation,
      new DomainError('talk-not-found'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      new Error('Connection terminated unexpectedly, said a test, with a code', { cause: { code: 'X' } }),
      undefined,
      'ECONNRESET',
    ]) {
      expect(isTransientDatabaseError(error)).toBe(false);
    }
  });
});

describe('shapes no test here can provoke, judged by the same rules', () => {
  it('Prisma pool and timeout codes, node socket errors in a cause chain, a wrapped BotError', () => {
    const prismaError = (code: string) =>
      new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: Prisma.prismaVersion.client });
    for (const code of ['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2034'])
      expect(isTransientDatabaseError(prismaError(code))).toBe(true);
    expect(isTransientDatabaseError(prismaError('P2025'))).toBe(false);

    const socket = (code: string) =>
      Object.assign(new Error(`read ${code}`), { code, syscall: 'read', errno: -1 });
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']) {
      expect(
        isTransientDatabaseError(
          new Error('query failed', { cause: new Error('io', { cause: socket(code) }) }),
        ),
      ).toBe(true);
    }
    // grammY's BotError wraps what a middleware threw; Telegram's own failures are not the database's.
    const botError = Object.assign(new Error('wrapped'), {
      name: 'BotError',
      error: prismaError('P2034'),
      ctx: {},
    });
    expect(isTransientDatabaseError(botError)).toBe(true);
    const httpError = Object.assign(new Error('Network request failed'), {
      name: 'HttpError',
      error: socket('ECONNRESET'),
    });
    expect(isTransientDatabaseError(httpError)).toBe(false);
    // A DomainError stays a refusal whatever caused it.
    expect(
      isTransientDatabaseError(Object.assign(new DomainError('forbidden'), { cause: socket('ECONNRESET') })),
    ).toBe(false);
  });
});

// ─── helpers ────────────────────────────────────────────────────────────────

/** Starts the work, runs `meanwhile` (to break it), and returns what the work failed with. */
async function failureOf(work: Promise<unknown>, meanwhile?: () => Promise<void>): Promise<unknown> {
  const outcome = work.then(
    () => {
      throw new Error('expected the database call to fail');
    },
    (error: unknown) => error,
  );
  await meanwhile?.();
  return outcome;
}

/** Every SQLSTATE found in an error's Prisma and adapter wrappers. */
function sqlStatesIn(error: unknown, depth = 0): string[] {
  if (depth > 6 || typeof error !== 'object' || error === null) return [];
  const record = error as Record<string, unknown>;
  const own = [record.originalCode, record.code].filter(
    (code): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E'),
  );
  const meta = record.meta as Record<string, unknown> | undefined;
  return [
    ...own,
    ...sqlStatesIn(record.cause, depth + 1),
    ...sqlStatesIn(meta?.driverAdapterError, depth + 1),
  ];
}

async function terminateSleeper(): Promise<void> {
  await terminateWhere(sleeping());
}

async function terminateWhere(condition: string): Promise<void> {
  await signalWhere('pg_terminate_backend', condition);
}

/** Waits for a backend of this database (other than admin's and the locker's) to match, then signals it. */
async function signalWhere(
  fn: 'pg_terminate_backend' | 'pg_cancel_backend',
  condition: string,
): Promise<void> {
  await untilBackendMatches(condition, `${fn}(pid)`);
}

async function untilBackendMatches(condition: string, select = 'pid'): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rowCount } = await admin.query(
      `SELECT ${select} FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid()
         AND application_name <> 'transient-errors-locker' AND ${condition}`,
    );
    if (rowCount) return;
    if (Date.now() > deadline) throw new Error(`no backend matched: ${condition}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function untilNoBackendIs(state: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await admin.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = $1
         AND application_name <> 'transient-errors-locker'`,
      [state],
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`backends still ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Holds a row lock from a third connection while `body` runs, so a write to that row waits. */
async function withRowLocked<T>(userId: bigint, body: () => Promise<T>): Promise<T> {
  const locker = new pg.Client({
    connectionString: testDatabaseUrl(),
    application_name: 'transient-errors-locker',
  });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query('SELECT id FROM "User" WHERE id = $1 FOR UPDATE', [userId]);
    return await body();
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
  }
}

type Tx = Prisma.TransactionClient;

/** Two transactions that each lock one row and then want the other's; PostgreSQL kills one. */
async function deadlock(update: (tx: Tx, id: bigint, name: string) => Promise<unknown>): Promise<unknown> {
  const [first, second] = [gate(), gate()];
  const results = await Promise.allSettled([
    prisma.$transaction(
      async (tx) => {
        await update(tx, 1n, 'a');
        first.open();
        await second.opened;
        await update(tx, 2n, 'a');
      },
      { timeout: 10_000 },
    ),
    prisma.$transaction(
      async (tx) => {
        await update(tx, 2n, 'b');
        second.open();
        await first.opened;
        await update(tx, 1n, 'b');
      },
      { timeout: 10_000 },
    ),
  ]);
  return onlyFailure(results);
}

/** Two SERIALIZABLE transactions that each read what the other writes. */
async function serializationFailure(
  read: (tx: Tx) => Promise<unknown>,
  write: (tx: Tx, id: bigint) => Promise<unknown>,
  ids: [bigint, bigint],
): Promise<unknown> {
  const [first, second] = [gate(), gate()];
  const options = { isolationLevel: Prisma.TransactionIsolationLevel.Serializable, timeout: 10_000 };
  const results = await Promise.allSettled([
    prisma.$transaction(async (tx) => {
      await read(tx);
      first.open();
      await second.opened;
      await write(tx, ids[0]);
    }, options),
    prisma.$transaction(async (tx) => {
      await read(tx);
      second.open();
      await first.opened;
      await write(tx, ids[1]);
    }, options),
  ]);
  return onlyFailure(results);
}

function onlyFailure(results: PromiseSettledResult<unknown>[]): unknown {
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  expect(failures).toHaveLength(1);
  return failures[0];
}

function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP relay to PostgreSQL whose connections the test can cut: with a reset (RST) or a close (FIN). */
async function startProxy() {
  const upstream = new URL(testDatabaseUrl());
  const clients = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
    clients.add(client);
    client.pipe(server).pipe(client);
    const closeBoth = () => {
      clients.delete(client);
      client.destroy();
      server.destroy();
    };
    client.on('error', closeBoth).on('close', closeBoth);
    server.on('error', closeBoth).on('close', closeBoth);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    /** Waits until a backend matches (the statement is under way), then cuts every connection. */
    async cut(how: 'reset' | 'end', condition: string) {
      await untilBackendMatches(condition);
      for (const client of clients) {
        // end() sends a FIN whatever is still unread; destroy() could send a reset instead.
        if (how === 'reset') client.resetAndDestroy();
        else client.end();
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
