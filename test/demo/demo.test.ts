import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TIMEOUT_MS = 60_000;

/** `npm run demo` with piped input, as a person pasting lines would drive it. */
function startDemo(dataDir: string): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts', '--terminal'], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_TOKEN: '', // an empty value is not overridden by a developer's .env: always the offline demo
      EMULATOR_PORT: '0',
      DEMO_REDIS_PREFIX: process.env.REDIS_PREFIX, // the run's prefix, deleted by the test teardown
      DEMO_DATA_DIR: dataDir,
      NO_COLOR: '1',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  return { child, output: () => output };
}

async function waitForOutput(
  demo: { child: ChildProcess; output: () => string },
  pattern: RegExp,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const match = pattern.exec(demo.output());
    if (match) return match;
    if (demo.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no ${pattern} in the demo's output:\n${demo.output().slice(-4000)}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run demo', () => {
  let prisma: PrismaClient;
  let dataDir: string;

  beforeAll(async () => {
    prisma = testPrisma();
    await resetDatabase(prisma); // the personas' Telegram ids must be newcomers
    dataDir = await mkdtemp(join(tmpdir(), 'yingshan-demo-'));
  });

  afterAll(async () => {
    await prisma.$disconnect();
    await rm(dataDir, { recursive: true, force: true });
  });

  it(
    'lets the secretary create a village and a villager join it, then stops everything on :quit',
    async () => {
      const demo = startDemo(dataDir);
      const exited = once(demo.child, 'exit');
      try {
        await waitForOutput(demo, /Ready\. You are 书记/);
        demo.child.stdin?.write('/newvillage 测试村\n');
        const [, code] = await waitForOutput(demo, /start=join_([A-Za-z0-9]+)/);
        expect(demo.output()).toContain('bot → 书记: 村庄“测试村”已创建，您是书记。');

        // The secretary answers their two questions; the village approves joins (the default), so the
        // secretary presses "approve" on the newcomer's request before the newcomer asks for /me.
        demo.child.stdin?.write(
          [
            '李建国',
            '李书记家',
            ':as 谢启富',
            `/start join_${code}`,
            '谢启富',
            '谢启富家',
            ':as 书记',
            ':press 1',
            ':as 谢启富',
            '/me',
            ':calls',
            ':quit',
            '',
          ].join('\n'),
        );
        demo.child.stdin?.end();
        const [exitCode] = await exited;
        const output = demo.output();

        expect(output).toContain('You are now 谢启富');
        expect(output).toMatch(/bot → 谢启富: 欢迎加入测试村！您的村民编号是 2 号。/);
        expect(output).toContain('请发送您的真实姓名');
        expect(output).toContain('请发送您家的户名或门牌');
        expect(output).toContain('您加入测试村的申请已提交');
        expect(output).toMatch(/bot → 书记: 新村民申请加入测试村：\n\s+姓名：谢启富/);
        expect(output).toContain('已批准 2 号 谢启富 加入。');
        expect(output).toMatch(/好了！您已加入测试村。\n\s+编号：2 号\n\s+户：谢启富家/);
        expect(output).toMatch(/bot → 谢启富: 姓名：谢启富\n\s+村庄：测试村/);
        expect(output).toMatch(/#\d+ sendMessage → 谢启富: ok/);
        expect(exitCode).toBe(0);

        const pids = [...output.matchAll(/(?:bot|worker) pid (\d+)/g)].map((m) => Number(m[1]));
        expect(pids).toHaveLength(2);
        for (const pid of pids) expect(isAlive(pid), `child ${pid} still running`).toBe(false);
      } finally {
        if (demo.child.exitCode === null) demo.child.kill('SIGTERM');
      }
    },
    TIMEOUT_MS * 2,
  );
});
