import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../scripts/lib/node-flags.ts';
import { type AppProcess, startApp } from '../../test/support/app-process.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { type ProcessMemory, readProcessCpuMs, readProcessMemory } from './process-stats.ts';

/** A bot or worker process of the bench, read through /proc. */
export interface BenchProcess {
  pid: number;
  /** The command line it runs, as printed: `node dist/bot/main.js`. */
  command: string;
  memory(): ProcessMemory;
  cpuMs(): number;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** What the process logged (warnings and errors at LOG_LEVEL=warn). */
  output(): string;
}

const READY_TIMEOUT_MS = 60_000;

/** `<production malloc settings> node <production flags> <script>` for compiled JavaScript (startApp sets both), `node --import tsx <script>` for TypeScript (test/support/app-process.ts). */
export function commandOf(script: string): string {
  const environment = Object.entries(PRODUCTION_ENV).map(([name, value]) => `${name}=${value}`);
  return script.endsWith('.js')
    ? [...environment, 'node', ...PRODUCTION_NODE_FLAGS, script].join(' ')
    : `node --import tsx ${script}`;
}

/**
 * Starts the script as its own node process (so the pid is the node process itself, for /proc
 * readings) and resolves once `ready` does; fails if the process exits first.
 */
async function startBenchProcess(
  script: string,
  env: Record<string, string>,
  ready: () => Promise<unknown>,
): Promise<BenchProcess> {
  const app: AppProcess = await startApp(script, env);
  const pid = app.child.pid;
  if (pid === undefined) throw new Error(`${script} did not start`);
  const exited = once(app.child, 'exit').then(([code]) => {
    throw new Error(
      `${script} exited (code ${String(code)}) before it was ready:\n${app.output().slice(-3000)}`,
    );
  });
  try {
    await Promise.race([ready(), exited]);
  } catch (error) {
    await app.stop('SIGKILL');
    throw error;
  }
  exited.catch(() => {}); // it exits when stopped; that is not an error any more
  return {
    pid,
    command: commandOf(script),
    memory: () => readProcessMemory(pid),
    cpuMs: () => readProcessCpuMs(pid),
    stop: () => app.stop('SIGTERM'),
    output: app.output,
  };
}

/**
 * A bot. Ready means the emulator answered its deleteWebhook, the last call before polling for both
 * Yingshan's receiver and grammY's bot.start(): that works at LOG_LEVEL=warn, where "bot running"
 * is not logged. (getUpdates would be later, but a long poll is only recorded when it returns, up to
 * 30 s on.) Updates injected from here on are queued in the emulator until the first poll takes them.
 */
export function startBotProcess(
  script: string,
  env: Record<string, string>,
  emulator: BotApiEmulator,
  token: string,
): Promise<BenchProcess> {
  return startBenchProcess(script, env, () =>
    emulator.waitForCall({ bot: token, method: 'deleteWebhook' }, READY_TIMEOUT_MS),
  );
}

/**
 * A worker. Ready means its outbox relay made its first pass, which comes after its BullMQ workers
 * are connected: the pass sets the relay's marker key in Redis (worker/create-worker.ts). Works at
 * LOG_LEVEL=warn, where "worker started" is not logged. The marker is deleted first, so a second
 * worker on the same prefix is waited for too.
 */
export async function startWorkerProcess(
  script: string,
  env: Record<string, string> & { REDIS_URL: string; REDIS_PREFIX: string },
): Promise<BenchProcess> {
  const marker = `${env.REDIS_PREFIX}:outbox-relay:marker`;
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => {});
  await redis.connect();
  try {
    await redis.del(marker);
    return await startBenchProcess(script, env, async () => {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      while ((await redis.exists(marker)) === 0) {
        if (Date.now() > deadline) throw new Error(`${script} was not ready within ${READY_TIMEOUT_MS} ms`);
        await sleep(50);
      }
    });
  } finally {
    redis.disconnect();
  }
}
