import { once } from 'node:events';
import { type AppProcess, startApp } from '../../test/support/app-process.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { type ProcessMemory, readProcessCpuMs, readProcessMemory } from './process-stats.ts';

export interface BotProcess {
  pid: number;
  memory(): ProcessMemory;
  cpuMs(): number;
  /** SIGTERM, and the exit code. */
  stop(): Promise<number | null>;
  /** What the process logged (warnings and errors at LOG_LEVEL=warn). */
  output(): string;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts `node --import tsx <script>` (so the pid is the node process itself, for /proc readings).
 * Ready means the emulator answered its deleteWebhook, the last call before polling for both
 * Yingshan's receiver and grammY's bot.start(): that works at LOG_LEVEL=warn, where "bot running"
 * is not logged. (getUpdates would be later, but a long poll is only recorded when it returns, up to
 * 30 s on.) Updates injected from here on are queued in the emulator until the first poll takes them.
 */
export async function startBotProcess(
  script: string,
  env: Record<string, string>,
  emulator: BotApiEmulator,
  token: string,
): Promise<BotProcess> {
  const app: AppProcess = await startApp(script, env);
  const pid = app.child.pid;
  if (pid === undefined) throw new Error(`${script} did not start`);
  const exited = once(app.child, 'exit').then(([code]) => {
    throw new Error(
      `${script} exited (code ${String(code)}) before it was ready:\n${app.output().slice(-3000)}`,
    );
  });
  try {
    await Promise.race([
      emulator.waitForCall({ bot: token, method: 'deleteWebhook' }, READY_TIMEOUT_MS),
      exited,
    ]);
  } catch (error) {
    await app.stop('SIGKILL');
    throw error;
  }
  exited.catch(() => {}); // it exits when stopped; that is not an error any more
  return {
    pid,
    memory: () => readProcessMemory(pid),
    cpuMs: () => readProcessCpuMs(pid),
    stop: () => app.stop('SIGTERM'),
    output: app.output,
  };
}
