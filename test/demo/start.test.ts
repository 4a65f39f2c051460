import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { startApp } from '../support/app-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function childPids(pid: number): number[] {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return out.split('\n').map(Number).filter(Boolean);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  let emulator: BotApiEmulator;

  beforeAll(async () => {
    emulator = await createBotApiEmulator({ port: 0 });
  });

  afterAll(async () => {
    await emulator.close();
  });

  it('refuses to start without BOT_TOKEN and points to the demo', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: ROOT,
      env: { ...process.env, BOT_TOKEN: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('BOT_TOKEN is not set');
    expect(result.stderr).toContain('npm run demo');
  });

  it('runs bot and worker, forwards SIGTERM to both, and exits 0 when both have stopped', async () => {
    const app = await startApp('scripts/start.ts', {
      BOT_TOKEN: '515151:START_yingshan_test_token',
      TELEGRAM_API_ROOT: emulator.url,
      REDIS_PREFIX: `${process.env.REDIS_PREFIX}-start`,
      QR_SECRET: 'start-test-qr-secret-0123',
      BOT_MODE: 'polling',
    });
    await app.waitForLog(/"msg":"bot running"/, 60_000);
    await app.waitForLog(/"msg":"worker started"/, 60_000);
    const pid = app.child.pid as number;
    const children = childPids(pid);
    expect(children).toHaveLength(2);

    const exitCode = await app.stop('SIGTERM');
    expect(exitCode).toBe(0);
    expect(app.output()).toMatch(/"msg":"bot stopped"/);
    expect(app.output()).toMatch(/"msg":"worker closed"/);
    for (const child of children) expect(isAlive(child), `child ${child} still running`).toBe(false);
  }, 120_000);
});
