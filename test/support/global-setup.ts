import type { TestProject } from 'vitest/node';
import { applyMigrations } from '../../prisma/migrate.ts';
import {
  dropDatabase,
  redactUrl,
  withDatabase,
  withMaintenanceClient,
} from '../../prisma/migrator/database-url.ts';
import { deleteRedisKeys } from './redis-keys.ts';

/**
 * Once per `vitest run`: a fresh PostgreSQL database with the migrations applied, and a Redis key prefix
 * of its own, so that runs (and developers' local data) never meet. Both are given to tests through
 * `inject('DATABASE_URL')` / `inject('REDIS_PREFIX')` and through process.env, which child processes
 * spawned by end-to-end tests inherit. Teardown drops the database and deletes the prefix's keys.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    DATABASE_URL: string;
    REDIS_PREFIX: string;
    REDIS_URL: string;
  }
}

const DEFAULT_BASE_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const TEST_DATABASE_PATTERN = /^yingshan_test_(\d{14})_\d+$/;
/** Test databases left by killed runs are dropped once they are this old. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const baseUrl = process.env.TEST_DATABASE_URL || DEFAULT_BASE_URL;
  const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  // Fixed-width pid, so no run's prefix is the beginning of another's (teardown deletes `<prefix>*`).
  const suffix = `${utcStamp(new Date())}_${String(process.pid).padStart(7, '0')}`;
  const databaseUrl = withDatabase(baseUrl, `yingshan_test_${suffix}`);
  const redisPrefix = `ystest_${suffix}`;

  await dropStaleTestDatabases(baseUrl).catch(() => {});
  try {
    await applyMigrations({ databaseUrl, logger: { info: () => {}, warn: console.warn, debug: () => {} } });
  } catch (error) {
    throw new Error(
      `Test setup could not prepare ${redactUrl(databaseUrl)} (is PostgreSQL running? set TEST_DATABASE_URL ` +
        `to another server): ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_PREFIX = redisPrefix;
  process.env.REDIS_URL = redisUrl;
  project.provide('DATABASE_URL', databaseUrl);
  project.provide('REDIS_PREFIX', redisPrefix);
  project.provide('REDIS_URL', redisUrl);

  return async () => {
    await dropDatabase(databaseUrl).catch((error: unknown) =>
      console.warn(`Could not drop ${redactUrl(databaseUrl)}: ${String(error)}`),
    );
    await deleteRedisKeys(redisUrl, redisPrefix).catch((error: unknown) =>
      console.warn(`Could not delete Redis keys ${redisPrefix}*: ${String(error)}`),
    );
  };
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/\D/g, '').slice(0, 14);
}

async function dropStaleTestDatabases(baseUrl: string): Promise<void> {
  const names = await withMaintenanceClient(baseUrl, async (client) => {
    const rows = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'yingshan\\_test\\_%'",
    );
    return rows.rows.map((row) => row.datname);
  });
  const now = Date.now();
  for (const name of names) {
    const stamp = TEST_DATABASE_PATTERN.exec(name)?.[1];
    if (!stamp) continue;
    const createdAt = Date.parse(
      `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(8, 10)}:${stamp.slice(10, 12)}:${stamp.slice(12, 14)}Z`,
    );
    if (now - createdAt > STALE_AFTER_MS) await dropDatabase(withDatabase(baseUrl, name));
  }
}
