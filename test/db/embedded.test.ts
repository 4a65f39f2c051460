import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient } from '../../core/db/client.ts';
import { resolveDatabase, startEmbeddedPostgres } from '../../core/db/embedded.ts';
import { PROJECT_ROOT } from '../../core/project-root.ts';
import { databaseName, dropDatabase, withDatabase } from '../../prisma/migrator/database-url.ts';
import { testDatabaseUrl } from '../support/db.ts';

const quiet = { info: () => {}, warn: () => {}, debug: () => {} };
/** Nothing listens on port 1, so resolveDatabase must fall through to the embedded database. */
const NO_POSTGRES = 'postgresql://postgres@127.0.0.1:1/yingshan';

async function migrationNames(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1',
    );
    return rows.rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

describe('resolveDatabase: embedded PGlite', () => {
  let dir: string;
  let appliedOnFirstStart: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'yingshan-pglite-'));
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts PGlite behind a socket, applies the migrations and serves Prisma and other processes', async () => {
    const db = await resolveDatabase({
      dataDir: join(dir, 'pglite'),
      logger: quiet,
      localPostgresUrl: NO_POSTGRES,
    });
    const prisma = createPrismaClient(db.databaseUrl);
    try {
      expect(db.kind).toBe('embedded');
      expect(db.databaseUrl).toMatch(/^postgresql:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      appliedOnFirstStart = await migrationNames(db.databaseUrl);
      expect(appliedOnFirstStart.length).toBeGreaterThan(0);

      await prisma.user.create({ data: { id: 42n, firstName: 'Xie' } });
      const village = await prisma.$transaction(async (tx) => {
        const created = await tx.village.create({
          data: { name: 'Yingshan', inviteCode: 'emb-1', createdById: 42n },
        });
        await tx.member.create({ data: { villageId: created.id, userId: 42n, number: 1 } });
        return created;
      });
      const found = await prisma.village.findUnique({
        where: { id: village.id },
        include: { members: true },
      });
      expect(found?.members.map((m) => m.userId)).toEqual([42n]);
      await prisma.user.update({ where: { id: 42n }, data: { firstName: 'Xie Qifu' } });

      // Another process connects with nothing but the URL.
      const script =
        "const pg=require('pg');const c=new pg.Client({connectionString:process.argv[1]});" +
        'c.connect().then(()=>c.query(\'SELECT "firstName" FROM "User" WHERE id=42\'))' +
        '.then(r=>{console.log(r.rows[0].firstName);return c.end()})';
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, db.databaseUrl], {
        cwd: PROJECT_ROOT,
      });
      expect(stdout.trim()).toBe('Xie Qifu');
    } finally {
      await prisma.$disconnect();
      await db.close();
    }
  });

  it('reuses the data on the next start', async () => {
    const db = await resolveDatabase({
      dataDir: join(dir, 'pglite'),
      logger: quiet,
      localPostgresUrl: NO_POSTGRES,
    });
    const prisma = createPrismaClient(db.databaseUrl);
    try {
      expect(db.kind).toBe('embedded');
      expect(await prisma.user.findUnique({ where: { id: 42n } })).toMatchObject({ firstName: 'Xie Qifu' });
      expect(await prisma.village.count()).toBe(1);
      expect(await migrationNames(db.databaseUrl)).toEqual(appliedOnFirstStart); // nothing applied twice
    } finally {
      await prisma.$disconnect();
      await db.close();
    }
  });

  it('refuses to open a data directory that is already open', async () => {
    const first = await startEmbeddedPostgres({ dataDir: join(dir, 'locked') });
    try {
      await expect(startEmbeddedPostgres({ dataDir: join(dir, 'locked') })).rejects.toThrow(/already open/);
    } finally {
      await first.close();
    }
    const again = await startEmbeddedPostgres({ dataDir: join(dir, 'locked') });
    await again.close();
  });
});

describe('resolveDatabase: other sources', () => {
  it('uses a given DATABASE_URL as is', async () => {
    const url = 'postgresql://someone@db.example:5432/theirs';
    const db = await resolveDatabase({ databaseUrl: url, dataDir: '/nonexistent', logger: quiet });
    expect(db).toMatchObject({ databaseUrl: url, kind: 'url' });
    await db.close();
  });

  it('uses the local PostgreSQL when it answers, creating and migrating the database', async () => {
    const localUrl = withDatabase(testDatabaseUrl(), `${databaseName(testDatabaseUrl())}_local`);
    try {
      const db = await resolveDatabase({
        dataDir: '/nonexistent',
        logger: quiet,
        localPostgresUrl: localUrl,
      });
      expect(db).toMatchObject({ databaseUrl: localUrl, kind: 'local-postgres' });
      expect((await migrationNames(localUrl)).length).toBeGreaterThan(0);
      await db.close();
    } finally {
      await dropDatabase(localUrl);
    }
  });
});
