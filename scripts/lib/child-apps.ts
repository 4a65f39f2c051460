import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, parseConfig } from '../../core/config.ts';
import { PROJECT_ROOT } from '../../core/project-root.ts';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from './node-flags.ts';

export type AppName = 'bot' | 'worker';

/**
 * The children run the way this module runs: compiled (dist/scripts/lib/child-apps.js, from
 * `npm start`) it starts dist/bot/main.js and dist/worker/main.js with plain node and the production
 * flags and malloc settings (node-flags.ts); from source (tsx:
 * `npm run demo`, development) it starts bot/main.ts and worker/main.ts through tsx.
 */
const IS_COMPILED = import.meta.url.endsWith('.js');

function appCommand(name: AppName): string[] {
  const script = fileURLToPath(new URL(`../../${name}/main.${IS_COMPILED ? 'js' : 'ts'}`, import.meta.url));
  return IS_COMPILED ? [...PRODUCTION_NODE_FLAGS, script] : ['--import', 'tsx', script];
}
const STOP_TIMEOUT_MS = 20_000;

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildApp {
  readonly name: AppName;
  readonly pid: number | undefined;
  /** Settles when the process has exited. */
  readonly exited: Promise<ChildExit>;
  isRunning(): boolean;
  /** Sends a signal if the process still runs. */
  signal(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL if it is still running after the timeout. */
  stop(timeoutMs?: number): Promise<ChildExit>;
  /** Resolves when a line of the process's output matches (needs `logFile`, which pipes the output). */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
}

export interface SpawnAppOptions {
  env: NodeJS.ProcessEnv;
  /** Output goes to this file (truncated first); without it the child shares this terminal. */
  logFile?: string;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Runs the bot or the worker as `node dist/<app>/main.js` (compiled) or `node --import tsx
 * <app>/main.ts` (source), never through a wrapper, so signals reach the app itself. The child gets
 * its own process group: a Ctrl-C in the terminal reaches only this process, which forwards exactly
 * one signal. If this process dies anyway, the exit hook stops them.
 */
export function spawnApp(name: AppName, options: SpawnAppOptions): ChildApp {
  installExitHook();
  const child = spawn(process.execPath, appCommand(name), {
    cwd: PROJECT_ROOT,
    env: IS_COMPILED ? { ...PRODUCTION_ENV, ...options.env } : options.env,
    stdio: options.logFile ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    detached: true,
  });
  running.add(child);
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.once('error', () => {
      running.delete(child);
      resolve({ code: 127, signal: null });
    });
  });

  let recent = '';
  const lineListeners = new Set<() => void>();
  if (options.logFile) {
    const log = createWriteStream(options.logFile, { flags: 'w' });
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      recent = (recent + chunk.toString()).slice(-20_000);
      for (const listener of [...lineListeners]) listener();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then(() => log.end());
  }

  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const app: ChildApp = {
    name,
    pid: child.pid,
    exited,
    isRunning,
    signal(signal) {
      if (isRunning()) child.kill(signal);
    },
    async stop(timeoutMs = STOP_TIMEOUT_MS) {
      app.signal('SIGTERM');
      const timer = setTimeout(() => app.signal('SIGKILL'), timeoutMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const finish = (error?: Error) => {
          clearTimeout(timer);
          lineListeners.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (pattern.test(recent)) finish();
        };
        const timer = setTimeout(
          () => finish(new Error(`${name} did not log ${pattern} within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
        void exited.then((exit) => finish(new Error(`${name} exited (${describeExit(exit)})`)));
        lineListeners.add(check);
        check();
      });
    },
  };
  return app;
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of running) child.kill('SIGTERM');
  });
}

/**
 * Production: bot and worker side by side, sharing this terminal. The first SIGINT/SIGTERM is
 * forwarded once to both (a second one kills them); if one exits on its own, the other is stopped
 * too, so a supervisor sees the failure and restarts the pair. Resolves with 0 only if both ended well.
 */
export async function runBotAndWorker(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // Checked once here, so a bad variable is reported once rather than by both processes.
  try {
    parseConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    return 78; // EX_CONFIG, as the apps themselves exit
  }
  const apps = [spawnApp('bot', { env }), spawnApp('worker', { env })];
  let requested: NodeJS.Signals | undefined;
  let failed = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (requested) {
      console.error(`${signal} again: killing bot and worker`);
      for (const app of apps) app.signal('SIGKILL');
      return;
    }
    requested = signal;
    console.error(`${signal}: stopping bot and worker (again to force)`);
    for (const app of apps) app.signal(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  for (const app of apps) {
    void app.exited.then((exit) => {
      // A service that stops without being asked has failed, whatever its exit code.
      const expected = requested !== undefined;
      if (!expected || (exit.code !== 0 && exit.signal !== requested)) failed = true;
      if (expected) return;
      requested = 'SIGTERM';
      console.error(`${app.name} exited (${describeExit(exit)}): stopping the other process`);
      for (const other of apps) if (other !== app) other.signal('SIGTERM');
    });
  }
  await Promise.all(apps.map((app) => app.exited));
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return failed ? 1 : 0;
}
