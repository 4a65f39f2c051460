import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import {
  applyMigrations,
  diagnoseMigrationHistory,
  diffMigrationsToSchema,
  MIGRATIONS_DIR,
} from '../../prisma/migrate.ts';
import { databaseName, dropDatabase, withDatabase } from '../../prisma/migrator/database-url.ts';
import { readMigrationsList } from '../../prisma/migrator/migrations-dir.ts';
import { resetDatabase, testDatabaseUrl, testPrisma } from '../support/db.ts';

const quiet = { info: () => {}, warn: () => {}, debug: () => {} };

describe('migrations on an empty database', () => {
  let freshUrl: string;

  beforeAll(() => {
    freshUrl = withDatabase(testDatabaseUrl(), `${databaseName(testDatabaseUrl())}_fresh`);
  });

  afterAll(async () => {
    await dropDatabase(freshUrl);
  });

  it('apply every migration in the folder, recording standard _prisma_migrations rows', async () => {
    const folder = (await readMigrationsList(MIGRATIONS_DIR)).migrationDirectories.map((dir) => dir.path);
    expect(folder.length).toBeGreaterThan(0);

    const first = await applyMigrations({ databaseUrl: freshUrl, logger: quiet });
    expect(first.createdDatabase).toBe(true);
    expect(first.appliedMigrationNames).toEqual(folder);

    const client = new pg.Client({ connectionString: freshUrl });
    await client.connect();
    try {
      const rows = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows.rows.map((row) => row.migration_name)).toEqual(folder);
      for (const row of rows.rows) {
        const sql = await readFile(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
        expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
        expect(row.finished_at).not.toBeNull();
      }
    } finally {
      await client.end();
    }
  });

  it('re-applying is a no-op and the history is clean', async () => {
    const again = await applyMigrations({ databaseUrl: freshUrl, logger: quiet });
    expect(again).toMatchObject({ appliedMigrationNames: [], createdDatabase: false });

    const diagnosis = await diagnoseMigrationHistory({ databaseUrl: freshUrl, logger: quiet });
    expect(diagnosis).toEqual({
      editedMigrationNames: [],
      failedMigrationNames: [],
      hasMigrationsTable: true,
      history: null,
    });
  });

  it('schema.prisma has no changes that lack a migration (run `npm run db:migration:create -- <name>`)', async () => {
    expect(await diffMigrationsToSchema({ serverUrl: testDatabaseUrl(), logger: quiet })).toBeNull();
  });
});

describe('the migrated schema keeps its invariants', () => {
  let prisma: PrismaClient;
  let villageId: number;
  let memberId: number;

  beforeAll(async () => {
    prisma = testPrisma();
    const userId = BigInt(7_000_000_000 + Math.floor(Math.random() * 1_000_000_000));
    await prisma.user.create({ data: { id: userId, firstName: 'Lin' } });
    const village = await prisma.village.create({
      data: { name: 'Yingshan', inviteCode: `inv-${userId}`, createdById: userId },
    });
    villageId = village.id;
    const member = await prisma.member.create({ data: { villageId, userId, number: 1, status: 'ACTIVE' } });
    memberId = member.id;
  });

  afterAll(async () => {
    await prisma.$disconnect();
  });

  it('allows one current ballot per holder per vote, for an option of that vote, and no key after the close', async () => {
    const vote = await prisma.vote.create({
      data: {
        villageId,
        number: 1,
        title: 'Quiet hours',
        body: 'No loudspeakers after 22:00',
        kind: 'NEW_RULE',
        electorateSize: 1,
        createdById: memberId,
        closesAt: new Date(Date.now() + 86_400_000),
        options: {
          create: [
            { position: 1, meaning: 'FOR' },
            { position: 2, meaning: 'AGAINST' },
          ],
        },
      },
    });

    await prisma.voteBallot.create({
      data: { voteId: vote.id, pseudonym: `m${memberId}`, position: 1, receipt: 'ABCDEFGHIJ' },
    });
    await expect(
      prisma.voteBallot.create({
        data: { voteId: vote.id, pseudonym: `m${memberId}`, position: 2, receipt: 'ABCDEFGHI2' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });
    await expect(
      prisma.voteBallot.create({
        data: { voteId: vote.id, pseudonym: 'm999999', position: 3, receipt: 'ABCDEFGHI3' },
      }),
    ).rejects.toThrow(/foreign key/i);
    expect(await prisma.voteBallot.count({ where: { voteId: vote.id } })).toBe(1);

    const secret = await prisma.vote.create({
      data: {
        villageId,
        number: 2,
        title: 'Secret',
        body: 'A secret ballot',
        kind: 'NEW_RULE',
        electorateSize: 1,
        secret: true,
        ballotKey: new Uint8Array(32),
        createdById: memberId,
        closesAt: new Date(Date.now() + 86_400_000),
      },
    });
    await expect(
      prisma.vote.update({
        where: { id: secret.id },
        data: { status: 'CLOSED', result: 'REJECTED', closedAt: new Date(), turnout: 0 },
      }),
    ).rejects.toThrow(/Vote_secret_key_only_while_open/);
  });

  it('allows one award per source and member, and one ledger entry per award', async () => {
    const award = await prisma.pointAward.create({
      data: {
        villageId,
        memberId,
        points: 8,
        reason: 'Helped a neighbour',
        source: 'talk:1',
        status: 'APPROVED',
        finalAt: new Date(),
      },
    });
    await expect(
      prisma.pointAward.create({
        data: { villageId, memberId, points: 8, reason: 'again', source: 'talk:1' },
      }),
    ).rejects.toMatchObject({ code: 'P2002' });

    const entry = {
      villageId,
      memberId,
      amount: 8,
      reason: 'award',
      awardId: award.id,
      prevHash: '0',
      createdAt: new Date(),
    };
    await prisma.ledgerEntry.create({ data: { ...entry, sequence: 1, hash: `h1-${award.id}` } });
    await expect(
      prisma.ledgerEntry.create({ data: { ...entry, sequence: 2, hash: `h2-${award.id}` } }),
    ).rejects.toMatchObject({ code: 'P2002' });
    expect(await prisma.ledgerEntry.count({ where: { awardId: award.id } })).toBe(1);
  });

  it('resetDatabase empties the application tables but keeps the migration history', async () => {
    await resetDatabase(prisma);
    expect(await prisma.village.count()).toBe(0);
    expect(await prisma.user.count()).toBe(0);
    const [history] = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM _prisma_migrations`;
    expect(Number(history?.n)).toBeGreaterThan(0);
    // RESTART IDENTITY: the next village is number 1 again.
    const user = await prisma.user.create({ data: { id: 1n, firstName: 'A' } });
    const village = await prisma.village.create({
      data: { name: 'V', inviteCode: 'reset-1', createdById: user.id },
    });
    expect(village.id).toBe(1);
    await resetDatabase(prisma);
  });
});
