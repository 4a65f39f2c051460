import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY_TIMEOUT_MS = 90_000;

/** `npm run demo` as a user starts it, on free ports, against this run's database and Redis prefix. */
export interface DemoProcess {
  playgroundUrl: string;
  emulatorUrl: string;
  output(): string;
  stop(): Promise<number | null>;
}

export async function startDemo(dataDir: string): Promise<DemoProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, // DATABASE_URL: the run's database (test/support/global-setup.ts)
      BOT_TOKEN: '', // an empty value is not overridden by a developer's .env: always the offline demo
      EMULATOR_PORT: '0',
      PLAYGROUND_PORT: '0',
      DEMO_REDIS_PREFIX: process.env.REDIS_PREFIX,
      DEMO_DATA_DIR: dataDir,
      NO_COLOR: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = once(child, 'exit');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && child.exitCode === null) {
    const playground = /Open the playground: (http:\/\/[\w.:-]+)/.exec(output)?.[1];
    const emulator = /the Bot API emulator at (http:\/\/[\d.:]+)/.exec(output)?.[1];
    if (playground && emulator)
      return { playgroundUrl: playground, emulatorUrl: emulator, output: () => output, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the demo did not become ready:\n${output.slice(-4000)}`);
}
