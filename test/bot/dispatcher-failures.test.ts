import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BotContext } from '../../bot/context.ts';
import { createErrorHandler } from '../../bot/middlewares/error-boundary.ts';
import { deferSends } from '../../bot/update-flow/defer-sends.ts';
import { UpdateDispatcher } from '../../bot/update-flow/dispatcher.ts';
import { scopeOf } from '../../bot/update-flow/update-scope.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { DomainError } from '../../core/errors.ts';
import { storeUpdates } from '../../core/inbox/inbox.ts';
import { createLogger } from '../../core/logger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import type { JobProducer } from '../../worker/queues.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';

/**
 * How the dispatcher meets failures, with the real error boundary, deferred sends and unit of work:
 * a transient one (the update's own database connection terminated mid-transaction) is rolled back
 * and retried, and has its effect and its reply once; a refusal and a bug are answered once and
 * never retried.
 */
const TOKEN = '555001:dispatcher-failures-token';
const USER = { id: 61501, is_bot: false, first_name: 'Lanfang', language_code: 'en' };
const noJobs = { addOutboxRows: async () => {}, addTimers: async () => {}, removeTimers: async () => {} };

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let dispatcher: UpdateDispatcher;
const runs = new Map<string, number>();
let nextUpdateId = 1;

beforeAll(async () => {
  prisma = testPrisma();
  emulator = await createBotApiEmulator({ rateLimits: false });
  emulator.addChat({ user: USER });
  const bot = new Bot<BotContext>(TOKEN, {
    botInfo: { id: 555001, is_bot: true, first_name: 'Y', username: 'y_bot' } as never,
    client: { apiRoot: emulator.url },
  });
  const logger = createLogger('silent', 'test');
  bot.use((ctx, next) => {
    const scope = scopeOf(ctx.update);
    if (!scope) throw new Error('no scope');
    ctx.api.config.use(deferSends(scope));
    ctx.db = scope.unit.db;
    ctx.write = scope.unit.write;
    ctx.owed = scope.owed;
    ctx.logger = logger;
    ctx.t = ((key: string) => key) as BotContext['t'];
    return next();
  });
  bot.errorBoundary(createErrorHandler()).on('message:text', async (ctx) => {
    const text = ctx.message.text;
    const run = (runs.get(text) ?? 0) + 1;
    runs.set(text, run);
    if (text === 'refuse') throw new DomainError('talk-not-found', { number: 7 });
    if (text === 'bug') throw new TypeError('a bug');
    await ctx.reply(`before ${text} (run ${run})`);
    await ctx.write(async (tx) => {
      await tx.user.create({ data: { id: BigInt(ctx.update.update_id), firstName: text } });
      // The first run loses its connection in the middle of its transaction.
      if (text === 'flaky' && run === 1) await tx.$queryRaw`SELECT pg_terminate_backend(pg_backend_pid())`;
    });
    await ctx.reply(`saved ${text}`);
  });
  dispatcher = new UpdateDispatcher({
    prisma,
    bot,
    jobs: noJobs as unknown as JobProducer,
    logger,
    concurrency: 2,
  });
  dispatcher.start();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  runs.clear();
});

afterAll(async () => {
  await dispatcher?.stop();
  await emulator?.close();
  await prisma?.$disconnect();
});

async function deliver(text: string): Promise<bigint> {
  const update = {
    update_id: nextUpdateId++,
    message: { message_id: nextUpdateId, date: 0, chat: { id: USER.id, type: 'private' }, from: USER, text },
  } as unknown as Update;
  dispatcher.offer(await storeUpdates(prisma, [update as never]));
  return BigInt(update.update_id);
}

async function handled(updateId: bigint) {
  for (let i = 0; i < 200; i++) {
    const row = await prisma.inboundUpdate.findUniqueOrThrow({ where: { updateId } });
    if (row.handledAt) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`update ${updateId} not handled`);
}

const texts = (since: number) =>
  emulator
    .calls({ chatId: USER.id, method: 'sendMessage', ok: true, sinceSeq: since })
    .map((c) => c.params.text);

describe('the dispatcher meets failures', () => {
  it('retries a transient one: the change and its replies happen once', async () => {
    const since = emulator.lastSeq();
    const id = await deliver('flaky');
    const row = await handled(id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs.get('flaky')).toBe(2);
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/terminat/i);
    expect(await prisma.user.count()).toBe(1);
    // The first run's "before" was never sent: it was held for a commit that did not happen.
    expect(texts(since)).toEqual(['before flaky (run 2)', 'saved flaky']);
    expect(await prisma.outboxEntry.count({ where: { status: 'DONE' } })).toBe(2);
  });

  it('answers a refusal once and never retries it', async () => {
    const since = emulator.lastSeq();
    const row = await handled(await deliver('refuse'));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(runs.get('refuse')).toBe(1);
    expect(row.attempts).toBe(0);
    expect(texts(since)).toEqual(['error-talk-not-found']);
  });

  it('answers a bug once, rolls it back and does not retry it', async () => {
    const since = emulator.lastSeq();
    const row = await handled(await deliver('bug'));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(runs.get('bug')).toBe(1);
    expect(row.attempts).toBe(0);
    expect(texts(since)).toEqual(['error-internal']);
  });
});
