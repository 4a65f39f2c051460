import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export type RedisCheck = { ok: true; started: boolean } | { ok: false; problem: string; fix: string };

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const START_WAIT_MS = 10_000;

/**
 * A Redis for the demo: the one at `url` if it answers PING; else, for a local URL, a `redis-server`
 * started in the background (it keeps running after the demo, keeping nothing on disk); else a
 * message naming the fix.
 */
export async function ensureRedis(url: string): Promise<RedisCheck> {
  if (await isRedisAnswering(url)) return { ok: true, started: false };
  const parsed = new URL(url);
  const installHint = 'install it (sudo apt-get install redis-server) or set REDIS_URL to a Redis you have';
  if (!LOCAL_HOSTS.has(parsed.hostname)) {
    return { ok: false, problem: `Redis at ${url} does not answer.`, fix: 'Start it, or set REDIS_URL.' };
  }
  const server = findOnPath('redis-server');
  if (!server) {
    return {
      ok: false,
      problem: `Redis is not running at ${url} and redis-server is not installed.`,
      fix: `To run the demo, ${installHint}.`,
    };
  }
  const port = parsed.port || '6379';
  const started = await runDaemon(server, [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    port,
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  if (started && (await waitUntilAnswering(url, START_WAIT_MS))) return { ok: true, started: true };
  return {
    ok: false,
    problem: `Started ${server} on port ${port}, but Redis at ${url} still does not answer.`,
    fix: 'Start Redis yourself (redis-server), or set REDIS_URL to a Redis you have.',
  };
}

/** One PING with a short timeout and no reconnecting. */
export async function isRedisAnswering(url: string, timeoutMs = 1_000): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isRedisAnswering(url, 500)) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

function runDaemon(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', () => resolve(false));
    child.once('exit', (code) => resolve(code === 0));
  });
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}
