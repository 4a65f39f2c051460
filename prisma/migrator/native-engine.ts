import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

/**
 * Finds a working native schema engine, the one `prisma migrate deploy` would run. npm 11 skips Prisma's
 * install scripts and Prisma's binary host may be unreachable, so it is often absent; and our own
 * scripts set PRISMA_SCHEMA_ENGINE_BINARY=/bin/false for `prisma generate`. A candidate counts only if
 * `<engine> --version` exits 0 and names itself: /bin/false fails, an empty executable prints nothing.
 */
export function findNativeSchemaEngine(
  projectRoot: string,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  // The engine is driven through the prisma CLI, a devDependency: a production install has neither.
  if (!findPrismaCli(projectRoot)) return undefined;
  const candidates: string[] = [];
  const fromEnv = env.PRISMA_SCHEMA_ENGINE_BINARY;
  if (fromEnv) candidates.push(resolve(projectRoot, fromEnv));
  for (const dir of [
    join(projectRoot, 'node_modules/@prisma/engines'),
    join(projectRoot, 'node_modules/prisma'),
  ]) {
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (/^schema-engine-[\w.-]+$/.test(name) && !/\.(sha256|gz)$/.test(name))
        candidates.push(join(dir, name));
    }
  }
  return candidates.find(isWorkingSchemaEngine);
}

function isWorkingSchemaEngine(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
  } catch {
    return false;
  }
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  return probe.status === 0 && /schema-engine/i.test(probe.stdout);
}

/** Runs the real `prisma migrate deploy` against databaseUrl with the given engine. Throws on failure. */
export function runPrismaMigrateDeploy(options: {
  projectRoot: string;
  databaseUrl: string;
  engineBinary: string;
  onOutput?: (text: string) => void;
}): void {
  const cli = findPrismaCli(options.projectRoot);
  if (!cli) throw new Error('the prisma CLI is not installed (npm install, not --omit=dev)');
  const result = spawnSync(process.execPath, [cli, 'migrate', 'deploy'], {
    cwd: options.projectRoot,
    encoding: 'utf8',
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PRISMA_SCHEMA_ENGINE_BINARY: options.engineBinary,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
    },
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  if (output) options.onOutput?.(output);
  if (result.status !== 0) {
    throw new Error(`prisma migrate deploy failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
}

function findPrismaCli(projectRoot: string): string | undefined {
  try {
    return createRequire(join(projectRoot, 'package.json')).resolve('prisma/build/index.js');
  } catch {
    return undefined;
  }
}
