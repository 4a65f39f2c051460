import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  databaseName,
  dropDatabase,
  ensureDatabase,
  withDatabase,
} from '../../prisma/migrator/database-url.ts';

/**
 * The first run as a self-hoster meets it: `npm run db:migrate` takes DATABASE_URL from `.env` as
 * `npm start` does, and `npm run demo` with a DATABASE_URL naming a database that does not exist
 * creates and migrates it (one that exists but lacks migrations is refused with the command to run).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT_MS = 90_000;
const RUN_DATABASE = String(process.env.DATABASE_URL);
const MIGRATIONS = (await readdir(join(ROOT, 'prisma/migrations'), { withFileTypes: true }))
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

/** Databases of this file's own, beside the run's (dropped afterwards). */
const databases: string[] = [];
function freshDatabaseUrl(tag: string): string {
  const url = withDatabase(RUN_DATABASE, `${databaseName(RUN_DATABASE)}_${tag}`);
  databases.push(url);
  return url;
}

async function appliedMigrations(databaseUrl: string): Promise<string[] | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await client.connect();
  } catch {
    return undefined; // no such database
  }
  try {
    const table = await client.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
    if (!table.rows[0]?.present) return [];
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    return rows.rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(command, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

/** The environment without the run's DATABASE_URL, so only what a test gives counts. */
function envWithout(...names: string[]): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of names) delete env[name];
  return env;
}

afterAll(async () => {
  for (const url of databases) await dropDatabase(url).catch(() => {});
});

describe('npm run db:migrate reads .env', () => {
  let project: string;

  // A copy of what `npm run db:migrate` runs, with a .env of its own: the checkout's .env is the
  // developer's, and other test files' processes read it.
  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'yingshan-migrate-env-'));
    for (const path of [
      'package.json',
      'tsconfig.json',
      'scripts/run-entry.mjs',
      'scripts/lib/env-file.ts',
      'core/project-root.ts',
      'prisma/migrate.ts',
      'prisma/migrator',
      'prisma/migrations',
      'prisma/schema.prisma',
    ]) {
      await mkdir(join(project, path, '..'), { recursive: true });
      await cp(join(ROOT, path), join(project, path), { recursive: true });
    }
    await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    await rm(project, { recursive: true, force: true });
  });

  it(
    'migrates the database .env names (created), and a DATABASE_URL from the shell wins over .env',
    async () => {
      const fromFile = freshDatabaseUrl('dotenv');
      const fromShell = freshDatabaseUrl('shell');
      await writeFile(join(project, '.env'), `# as a self-hoster writes it\nDATABASE_URL=${fromFile}\n`);

      const first = run('npm', ['run', '--silent', 'db:migrate'], {
        cwd: project,
        env: envWithout('DATABASE_URL'),
      });
      expect(await first.exited, first.output()).toBe(0);
      expect(first.output()).toContain(`Applying migrations to ${fromFile}`);
      expect(await appliedMigrations(fromFile)).toEqual(MIGRATIONS);

      const second = run('npm', ['run', '--silent', 'db:migrate'], {
        cwd: project,
        env: { ...envWithout('DATABASE_URL'), DATABASE_URL: fromShell },
      });
      expect(await second.exited, second.output()).toBe(0);
      expect(second.output()).toContain(`Applying migrations to ${fromShell}`);
      expect(await appliedMigrations(fromShell)).toEqual(MIGRATIONS);
    },
    TIMEOUT_MS,
  );
});

describe('npm run demo with a DATABASE_URL of its own', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'yingshan-demo-first-run-'));
  });

  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const demoEnv = (databaseUrl: string): NodeJS.ProcessEnv => ({
    ...process.env,
    DATABASE_URL: databaseUrl,
    BOT_TOKEN: '', // an empty value is not overridden by a developer's .env: always the offline demo
    EMULATOR_PORT: '0',
    DEMO_REDIS_PREFIX: `${process.env.REDIS_PREFIX}-first-run`, // under the run's prefix: deleted at teardown
    DEMO_DATA_DIR: dataDir,
    NO_COLOR: '1',
  });

  it(
    'creates and migrates a database that does not exist, then runs',
    async () => {
      const missing = freshDatabaseUrl('missing');
      expect(await appliedMigrations(missing)).toBeUndefined();
      const demo = run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--terminal'], {
        cwd: ROOT,
        env: demoEnv(missing),
      });
      try {
        const deadline = Date.now() + TIMEOUT_MS;
        while (!/Ready\. You are 书记/.test(demo.output()) && demo.child.exitCode === null) {
          if (Date.now() > deadline) throw new Error(`not ready:\n${demo.output()}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        demo.child.stdin?.end(':quit\n');
        expect(await demo.exited, demo.output()).toBe(0);
        expect(demo.output()).toContain(`does not exist yet: creating and migrating it`);
        expect(await appliedMigrations(missing)).toEqual(MIGRATIONS);
      } finally {
        if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
      }
    },
    TIMEOUT_MS,
  );

  it(
    'refuses a database that exists without its migrations, naming the one command that applies them',
    async () => {
      const empty = freshDatabaseUrl('empty');
      await ensureDatabase(empty);
      const demo = run(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--terminal'], {
        cwd: ROOT,
        env: demoEnv(empty),
      });
      try {
        expect(await demo.exited, demo.output()).toBe(1);
        expect(demo.output()).toContain(`lacks ${MIGRATIONS.length} migration(s)`);
        expect(demo.output()).toContain('Apply them with: npm run db:migrate');
        expect(await appliedMigrations(empty)).toEqual([]); // the operator's database, left alone
      } finally {
        if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
      }
    },
    TIMEOUT_MS,
  );
});
