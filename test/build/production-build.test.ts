import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../core/project-root.ts';
import { databaseName, dropDatabase, withDatabase } from '../../prisma/migrator/database-url.ts';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../scripts/lib/node-flags.ts';
import { Stack } from '../e2e/stack.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';
import { resetDatabase, testDatabaseUrl, testPrisma } from '../support/db.ts';
import { productionViolations, walkImportGraph } from './import-graph.ts';

/**
 * `npm run build` and what it produces: the compiled entry points load only production dependencies and
 * no demo code, and the compiled bot, worker, `npm start` and migrations run with plain node.
 * The build runs once, here, so the test never checks a stale dist/.
 */
const ENTRIES = [
  'bot/main.js',
  'worker/main.js',
  'scripts/start.js',
  'prisma/migrate.js',
  'scripts/ledger-verify.js',
];
const DIST = join(PROJECT_ROOT, 'dist');

let dependencies: string[];

beforeAll(async () => {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: PROJECT_ROOT, stdio: 'pipe', timeout: 120_000 });
  const manifest = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  dependencies = Object.keys(manifest.dependencies);
}, 150_000);

describe('the import graph of the production entry points', () => {
  it('reaches only dependencies, every one of them, and no demo or development code', async () => {
    const graph = await walkImportGraph(DIST, ENTRIES);
    expect(graph.modules).toEqual(expect.arrayContaining(ENTRIES));
    expect(graph.modules).toContain('prisma/generated/client.js');
    expect(productionViolations(graph, dependencies)).toEqual([]);
  });

  it('would report a devDependency, a demo module, a missing file and an opaque import', async () => {
    // The same check on a small made-up build, so that the test above is known to be able to fail.
    const root = await mkdtemp(join(tmpdir(), 'yingshan-graph-'));
    try {
      await mkdir(join(root, 'tools/playground'), { recursive: true });
      await mkdir(join(root, 'bot'));
      await writeFile(
        join(root, 'bot/main.js'),
        "import { Bot } from 'grammy';\nimport './helper.js';\n// import 'pino';\nconsole.log(\"import 'luxon'\");\n",
      );
      await writeFile(
        join(root, 'bot/helper.js'),
        [
          "import { createRequire } from 'node:module';",
          "export const server = await import('hono');",
          "export const page = await import('../tools/playground/server.js');",
          "export { x } from './enums.ts';",
          'const name = process.env.PLUGIN;',
          'export const plugin = await import(name);',
          "export const vite = createRequire(import.meta.url).resolve('vite');",
          "export const lexer = require.resolve('es-module-lexer/package.json');",
        ].join('\n'),
      );
      await writeFile(join(root, 'tools/playground/server.js'), "export * from '@hono/node-server';\n");

      const graph = await walkImportGraph(root, ['bot/main.js']);
      expect(graph.modules).toEqual(['bot/main.js', 'bot/helper.js', 'tools/playground/server.js']);
      // Comments and strings are not imports; createRequire(…).resolve is not followed, require.resolve is.
      expect([...graph.packages.keys()].sort()).toEqual(
        ['@hono/node-server', 'es-module-lexer', 'grammy', 'hono'].sort(),
      );
      expect(productionViolations(graph, ['grammy', 'zod'])).toEqual([
        'import of a missing file: bot/helper.js → ./enums.ts',
        'import the walk cannot follow: bot/helper.js: import(name)',
        'hono is not in dependencies, but bot/helper.js import(s) it',
        'es-module-lexer is not in dependencies, but bot/helper.js import(s) it',
        '@hono/node-server is not in dependencies, but tools/playground/server.js import(s) it',
        'zod is in dependencies, but production never loads it',
        'tools/playground/server.js is demo-only or development-only',
      ]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('the compiled programs', () => {
  it('migrate a new database with node dist/prisma/migrate.js, and again as a no-op', async () => {
    const databaseUrl = withDatabase(testDatabaseUrl(), `${databaseName(testDatabaseUrl())}_dist`);
    const migrate = () =>
      spawnSync(process.execPath, ['dist/prisma/migrate.js', 'deploy'], {
        cwd: PROJECT_ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        encoding: 'utf8',
        timeout: 60_000,
      });
    try {
      const first = migrate();
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toMatch(/Created database .*\nApplied \d+ migration\(s\): \d{14}_init/);
      const second = migrate();
      expect(second.status, second.stderr).toBe(0);
      expect(second.stdout).toContain('No pending migrations.');
    } finally {
      await dropDatabase(databaseUrl);
    }
  }, 90_000);

  describe('against the Bot API emulator', () => {
    let stack: Stack;

    beforeAll(async () => {
      const prisma = testPrisma();
      await resetDatabase(prisma);
      await prisma.$disconnect();
      stack = await Stack.start();
    });

    afterAll(async () => {
      await stack?.stop();
    });

    /** A compiled program with this run's database, Redis prefix and the emulator; stopped with the stack. */
    async function startCompiled(script: string, readyLog?: RegExp): Promise<AppProcess> {
      const app = await startApp(script, stack.env(), readyLog ? { readyLog } : {});
      stack.apps.push(app);
      return app;
    }

    it('runs node dist/bot/main.js, which answers /help from the locales', async () => {
      const bot = await startCompiled('dist/bot/main.js', /"msg":"bot running"/);
      const person = stack.person({ id: 71001, first_name: 'Build', language_code: 'en' });
      const help = await person.say('/help');
      expect(help).toContain('You have not joined a village yet. You can use:');
      expect(help).toMatch(/^\/help — /m);
      expect(await bot.stop('SIGTERM')).toBe(0);
    }, 60_000);

    it('runs node dist/scripts/start.js, which starts the compiled bot and worker with plain node', async () => {
      const start = await startCompiled('dist/scripts/start.js');
      await start.waitForLog(/"msg":"bot running"/, 60_000);
      await start.waitForLog(/"msg":"worker started"/, 60_000);
      const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(start.child.pid)], {
        encoding: 'utf8',
      })
        .split('\n')
        .map(Number)
        .filter(Boolean);
      const commands = await Promise.all(
        children.map(async (pid) =>
          (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean),
        ),
      );
      expect(commands.map((argv) => argv.slice(1)).sort()).toEqual([
        [...PRODUCTION_NODE_FLAGS, join(DIST, 'bot/main.js')],
        [...PRODUCTION_NODE_FLAGS, join(DIST, 'worker/main.js')],
      ]);
      // glibc reads its malloc settings from the environment the child starts with.
      for (const pid of children) {
        const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
        for (const [name, value] of Object.entries(PRODUCTION_ENV))
          expect(environ).toContain(`${name}=${value}`);
      }
      const person = stack.person({ id: 71002, first_name: 'Start', language_code: 'en' });
      expect(await person.say('/help')).toContain('You have not joined a village yet.');
      expect(await start.stop('SIGTERM')).toBe(0);
      expect(start.output()).toMatch(/"msg":"worker closed"/);
    }, 90_000);
  });
});
