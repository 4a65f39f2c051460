import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { PRODUCTION_ENV, PRODUCTION_NODE_FLAGS } from '../../scripts/lib/node-flags.ts';

const STOP_GRACE_MS = 20_000;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/*
 * Every process started here dies with the test file's process at the latest. A test whose set-up
 * failed before it kept a handle to stop them would otherwise leave a bot polling the run's
 * database (holding the polling leadership, taking every later test's updates).
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process logged so far (pino JSON lines). */
  output(): string;
  /** Resolves when a log line matches, rejects when the process exits first or time runs out. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Sends a signal and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Runs bot/main.ts or worker/main.ts as a real process, the way production does.
 * `node --import tsx` rather than the tsx CLI, so signals reach the app itself and not a wrapper;
 * a compiled script (`dist/….js`, after `npm run build`) runs with plain node, as in production (its
 * flags, and for the bot and the worker the malloc settings: scripts/lib/node-flags.ts).
 */
export async function startApp(
  script: 'bot/main.ts' | 'worker/main.ts' | string,
  env: Record<string, string>,
  options: { readyLog?: RegExp; timeoutMs?: number } = {},
): Promise<AppProcess> {
  const args = script.endsWith('.js') ? [...PRODUCTION_NODE_FLAGS, script] : ['--import', 'tsx', script];
  // The compiled bot and worker get production's malloc settings; a launcher (dist/scripts/start.js)
  // does not, so that a test sees the ones it gives its children.
  const production = /dist\/(bot|worker)\/main\.js$/.test(script) ? PRODUCTION_ENV : {};
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...production, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  running.add(child);
  const exited = once(child, 'exit');
  void exited.then(() => running.delete(child));

  const app: AppProcess = {
    child,
    output: () => output,
    waitForLog(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) finish(undefined);
        };
        const timer = setTimeout(
          () => finish(new Error(`timed out waiting for ${pattern} in ${script}:\n${output.slice(-3000)}`)),
          timeoutMs,
        );
        const onExit = () => finish(new Error(`${script} exited before ${pattern}:\n${output.slice(-3000)}`));
        function finish(error: Error | undefined) {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
          if (error) reject(error);
          else resolve();
        }
        listeners.add(check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      // A process that does not stop in time is killed, so it cannot go on dispatching into the
      // next test's database; the caller sees a non-zero exit and can fail on it.
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      const [code] = await exited;
      clearTimeout(timer);
      return code as number | null;
    },
  };
  if (options.readyLog) await app.waitForLog(options.readyLog, options.timeoutMs);
  return app;
}
