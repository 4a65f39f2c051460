import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { type AppProcess, startApp } from '../support/app-process.ts';

const SECRET = '5555555:process-guards-secret-token';

function startChild(mode: 'rejection' | 'exception'): Promise<AppProcess> {
  return startApp('test/core/fixtures/process-guards-child.ts', {
    GUARDS_TEST_MODE: mode,
    GUARDS_TEST_SECRET: SECRET,
  });
}

async function exitCodeOf(app: AppProcess): Promise<number | null> {
  if (app.child.exitCode === null && app.child.signalCode === null) await once(app.child, 'exit');
  return app.child.exitCode;
}

function linesOf(app: AppProcess): Record<string, unknown>[] {
  return app
    .output()
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('process guards', () => {
  it('log an unhandled rejection, redacted, and the process carries on', async () => {
    const app = await startChild('rejection');
    await app.waitForLog(/"msg":"still running"/, 15_000);
    expect(await exitCodeOf(app)).toBe(0);
    expect(linesOf(app)[0]).toMatchObject({
      level: 50,
      msg: 'unhandled promise rejection; carrying on',
      err: { type: 'Error', message: 'rejected while holding [redacted]' },
    });
    expect(app.output()).not.toContain(SECRET);
  });

  it('log an uncaught exception as fatal and exit with 1 before anything else runs', async () => {
    const app = await startChild('exception');
    await app.waitForLog(/uncaught exception; exiting/, 15_000);
    expect(await exitCodeOf(app)).toBe(1);
    expect(app.output()).not.toContain('still running');
    expect(linesOf(app)).toMatchObject([
      { level: 60, origin: 'uncaughtException', err: { message: 'thrown from a timer' } },
    ]);
  });
});
