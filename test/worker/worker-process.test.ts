import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { outboundKeyFor } from '../../worker/jobs/notify.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';
import { testPrisma } from '../support/db.ts';
import {
  createTestMember,
  databaseUrl,
  deleteRedisPrefix,
  deleteTestMembers,
  REDIS_URL,
  sleep,
  TEST_BOT_TOKEN,
  TEST_QR_SECRET,
  type TestMember,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * The real worker/main.ts in its own process, against the emulator behind a gate that can hold
 * sendMessage requests: a job is "in flight" exactly while its request is held.
 */

let emulator: BotApiEmulator;
let gate: HoldingProxy;
let prisma: PrismaClient;
let producer: JobProducer;
let app: AppProcess | undefined;
let villager: TestMember;
const prefix = uniquePrefix();

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  gate = await startHoldingProxy(emulator.url);
  prisma = testPrisma();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger: createLogger('silent', 'test') });
  villager = await createTestMember(prisma, { locale: 'en' });
  emulator.addChat({ user: { id: villager.userId, first_name: 'Tester' } });
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await producer.close();
  await deleteRedisPrefix(prefix);
  await deleteTestMembers(prisma, [villager]);
  await prisma.$disconnect();
  await gate.close();
  await emulator.close();
});

function welcome(dedupeKey: string, number: number) {
  return {
    dedupeKey,
    memberId: villager.memberId,
    message: { key: 'join-welcome', params: { village: 'Youyi', number, question: '?' } },
  };
}

function outboundStatus(dedupeKey: string) {
  return prisma.outboundMessage
    .findUnique({ where: { key: outboundKeyFor(dedupeKey) } })
    .then((row) => row?.status);
}

describe('worker/main.ts', () => {
  it('processes jobs, and on SIGTERM finishes the job in flight before exiting 0', async () => {
    app = await startApp(
      'worker/main.ts',
      {
        BOT_TOKEN: TEST_BOT_TOKEN,
        TELEGRAM_API_ROOT: gate.url,
        DATABASE_URL: databaseUrl(),
        REDIS_URL,
        REDIS_PREFIX: prefix,
        QR_SECRET: TEST_QR_SECRET,
        LOG_LEVEL: 'info',
      },
      { readyLog: /worker started/, timeoutMs: 30_000 },
    );

    await producer.enqueue('notify', welcome('process-first', 1));
    await waitFor(async () => (await outboundStatus('process-first')) === 'SENT', { what: 'the first send' });

    gate.hold = true;
    await producer.enqueue('notify', welcome('process-slow', 2));
    await waitFor(() => gate.held.length === 1, { what: 'the slow send to be in flight' });
    const exited = app.stop('SIGTERM');
    await app.waitForLog(/worker closing/);
    await sleep(500); // the process must still be waiting for the job, not gone
    expect(app.child.exitCode).toBeNull();
    gate.release();

    expect(await exited).toBe(0);
    expect(await outboundStatus('process-slow')).toBe('SENT');
    const expected = ['process-first', 'process-slow'].map((_, i) =>
      createI18n('zh-CN').t('en', 'join-welcome', { village: 'Youyi', number: i + 1, question: '?' }),
    );
    const texts = emulator
      .chatMessages(villager.userId)
      .filter((m) => m.fromBot)
      .map((m) => m.text);
    expect(texts).toEqual(expected);
    expect(app.output()).toMatch(/"msg":"worker closed"/);
  }, 60_000);
});

interface HoldingProxy {
  url: string;
  /** While true, sendMessage requests wait until release(). */
  hold: boolean;
  held: (() => void)[];
  release(): void;
  close(): Promise<void>;
}

/** Forwards Bot API requests to the emulator, optionally holding sendMessage calls. */
async function startHoldingProxy(target: string): Promise<HoldingProxy> {
  const proxy: HoldingProxy = {
    url: '',
    hold: false,
    held: [],
    release() {
      this.hold = false;
      for (const go of this.held.splice(0)) go();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (proxy.hold && req.url?.endsWith('/sendMessage')) {
      await new Promise<void>((resolve) => proxy.held.push(resolve));
    }
    const answer = await fetch(`${target}${req.url ?? ''}`, {
      method: req.method ?? 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(chunks.length > 0 && { body: Buffer.concat(chunks) }),
    });
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  proxy.url = `http://127.0.0.1:${address.port}`;
  return proxy;
}
