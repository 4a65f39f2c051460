import net from 'node:net';
import { Bot, BotError } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../bot/context.ts';
import { createErrorHandler } from '../../bot/middlewares/error-boundary.ts';
import { createPrismaClient } from '../../core/db/client.ts';
import { DomainError } from '../../core/errors.ts';
import { createLogger } from '../../core/logger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';

const TOKEN = '123123:error-boundary-test-token';
const USER = { id: 61001, is_bot: false, first_name: 'Lanfang', language_code: 'en' };
const GROUP = { id: -1006100, title: 'Village group' };

let emulator: BotApiEmulator;
let updateId = 0;

beforeAll(async () => {
  emulator = await createBotApiEmulator({ rateLimits: false });
  emulator.addChat({ user: USER });
  emulator.addChat({ group: GROUP });
});
afterAll(() => emulator.close());

/** A bot whose only handler throws `error`, behind the real error boundary; what it logged. */
function botThrowing(error: unknown, chat: 'private' | 'group' = 'private') {
  const lines: string[] = [];
  const logger = createLogger('info', 'test', {
    destination: { write: (line: string) => void lines.push(line) },
  });
  const bot = new Bot<BotContext>(TOKEN, {
    botInfo: { id: 123123, is_bot: true, first_name: 'Y', username: 'y_bot' } as never,
    client: { apiRoot: emulator.url },
  });
  bot.use((ctx, next) => {
    ctx.logger = logger;
    ctx.t = ((key: string) => key) as BotContext['t'];
    return next();
  });
  bot.errorBoundary(createErrorHandler()).use(() => {
    throw error;
  });
  const update = {
    update_id: ++updateId,
    message: {
      message_id: 1,
      date: 0,
      chat:
        chat === 'private'
          ? { id: USER.id, type: 'private', first_name: USER.first_name }
          : { id: GROUP.id, type: 'supergroup', title: GROUP.title },
      from: USER,
      text: 'hi',
    },
  } as Update;
  return { handle: () => bot.handleUpdate(update), lines };
}

async function refusedConnectionError(): Promise<unknown> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const prisma = createPrismaClient(`postgresql://postgres@127.0.0.1:${port}/none`);
  try {
    return await prisma.user.count().catch((error: unknown) => error);
  } finally {
    await prisma.$disconnect();
  }
}

describe('the error boundary', () => {
  it('passes a transient database failure on, unanswered, for the dispatcher to retry', async () => {
    const transient = await refusedConnectionError();
    expect(transient).toMatchObject({ code: 'P1001' });
    const since = emulator.lastSeq();
    const { handle, lines } = botThrowing(transient);
    const thrown = await handle().catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(BotError);
    expect((thrown as BotError).error).toBe(transient);
    expect(emulator.calls({ sinceSeq: since })).toEqual([]);
    expect(lines).toEqual([]);
  });

  it('logs any other failure by update id, kind and chat, and tells the user nothing was saved', async () => {
    const since = emulator.lastSeq();
    const { handle, lines } = botThrowing(new TypeError('a bug'));
    await handle();
    expect(emulator.calls({ sinceSeq: since, method: 'sendMessage' })).toMatchObject([
      { ok: true, chatId: USER.id, params: { text: 'error-internal' } },
    ]);
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      {
        msg: 'update failed',
        update: { update_id: updateId, kind: 'message', chat_id: USER.id },
        err: { type: 'TypeError' },
      },
    ]);
    expect(lines.join('')).not.toContain(USER.first_name);
  });

  it('logs a failure in a group and says nothing there', async () => {
    const since = emulator.lastSeq();
    const { handle, lines } = botThrowing(new TypeError('a bug'), 'group');
    await handle();
    expect(emulator.calls({ sinceSeq: since })).toEqual([]);
    expect(lines.map((line) => JSON.parse(line))).toMatchObject([
      { msg: 'update failed', update: { kind: 'message', chat_id: GROUP.id } },
    ]);
  });

  it('answers a refusal in words and logs nothing', async () => {
    const since = emulator.lastSeq();
    const { handle, lines } = botThrowing(new DomainError('talk-not-found'));
    await handle();
    expect(emulator.calls({ sinceSeq: since, method: 'sendMessage' })).toMatchObject([
      { ok: true, params: { text: 'error-talk-not-found' } },
    ]);
    expect(lines).toEqual([]);
  });
});
