import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../core/db/client.ts';

/** The run's database (created and migrated by global-setup.ts). */
export function testDatabaseUrl(): string {
  return inject('DATABASE_URL');
}

/** A new client for the run's database. Disconnect it in afterAll. */
export function testPrisma(options: { maxConnections?: number } = {}): PrismaClient {
  return createPrismaClient(testDatabaseUrl(), options);
}

/**
 * Empties every application table (not _prisma_migrations) and restarts their sequences, for tests
 * that want a clean slate. The run's database is shared by all test files, which run one at a time.
 */
export async function resetDatabase(prisma: PrismaClient): Promise<void> {
  const tables = await prisma.$queryRaw<{ tablename: string }[]>`
    SELECT tablename FROM pg_tables
    WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`;
  if (tables.length === 0) return;
  const list = tables.map(({ tablename }) => `"${tablename.replaceAll('"', '""')}"`).join(', ');
  await prisma.$executeRawUnsafe(`TRUNCATE TABLE ${list} RESTART IDENTITY CASCADE`);
}
