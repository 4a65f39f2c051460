import { Bot, BotError, GrammyError, HttpError } from 'grammy';
import type { Update } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, Prisma } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';

/** A token of Telegram's real shape, and one of another shape that only the secrets option knows. */
const TOKEN = '7012345678:AAF3kq9Xb2LmNpQrStUvWxYz0123456789ab';
const ODD_TOKEN = '424242:E2E_yingshan_test_token';

const PERSON = { id: 51001, is_bot: false, first_name: 'Xiuying', last_name: 'Wanglaoshi' } as const;
const TEXT = 'The well behind house 12 is broken again';
const REPLY_TEXT = 'Thank you Xiuying, noted: the well behind house 12';
const LATITUDE = 31.230416;
const LONGITUDE = 121.473701;

let emulator: BotApiEmulator;

beforeAll(async () => {
  emulator = await createBotApiEmulator({ rateLimits: false });
});
afterAll(() => emulator.close());

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', 'test', {
    secrets: [ODD_TOKEN],
    destination: { write: (line: string) => void lines.push(line) },
  });
  return { logger, output: () => lines.join(''), records: () => lines.map((l) => JSON.parse(l)) };
}

function messageUpdate(updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: 7,
      date: 1_700_000_000,
      chat: { id: PERSON.id, type: 'private', first_name: PERSON.first_name, last_name: PERSON.last_name },
      from: PERSON,
      text: TEXT,
    },
  } as Update;
}

function locationUpdate(updateId: number): Update {
  return {
    update_id: updateId,
    message: {
      message_id: 8,
      date: 1_700_000_000,
      chat: { id: PERSON.id, type: 'private', first_name: PERSON.first_name },
      from: PERSON,
      location: { latitude: LATITUDE, longitude: LONGITUDE },
    },
  } as Update;
}

/** Nothing a person wrote, is called, or where they are; no token. */
function expectNothingPersonal(output: string) {
  for (const secret of [
    TEXT,
    'well behind house',
    REPLY_TEXT,
    PERSON.first_name,
    PERSON.last_name,
    String(LATITUDE),
    String(LONGITUDE),
    TOKEN,
    TOKEN.split(':')[1] as string,
    ODD_TOKEN,
    'E2E_yingshan_test_token',
  ]) {
    expect(output).not.toContain(secret);
  }
}

describe('the logger', () => {
  it('drops a GrammyError’s payload (the reply text) and keeps what failed', async () => {
    emulator.addChat({ user: PERSON });
    emulator.failMethod('sendMessage', { status: 400, description: 'Bad Request: chat not found', times: 1 });
    const bot = new Bot(TOKEN, { client: { apiRoot: emulator.url } });
    const error = await bot.api.sendMessage(PERSON.id, REPLY_TEXT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).payload).toMatchObject({ text: REPLY_TEXT });

    const { logger, output, records } = capture();
    logger.error({ err: error }, 'send failed');
    expectNothingPersonal(output());
    expect(records()[0]).toMatchObject({
      msg: 'send failed',
      err: {
        type: 'GrammyError',
        method: 'sendMessage',
        error_code: 400,
        description: 'Bad Request: chat not found',
      },
    });
    expect(records()[0].err).not.toHaveProperty('payload');
  });

  it('reduces a BotError’s context to the update’s id, kind and chat', async () => {
    const bot = new Bot(TOKEN, {
      botInfo: { id: 7012345678, is_bot: true, first_name: 'Y', username: 'y_bot' } as never,
      client: { apiRoot: emulator.url },
    });
    bot.on('message', () => {
      throw new TypeError(`cannot handle this message`);
    });
    const messageError = await bot.handleUpdate(messageUpdate(9001)).catch((e: unknown) => e);
    const locationError = await bot.handleUpdate(locationUpdate(9002)).catch((e: unknown) => e);
    expect(messageError).toBeInstanceOf(BotError);
    expect((messageError as BotError).ctx.message?.text).toBe(TEXT);

    const { logger, output, records } = capture();
    logger.error({ err: messageError }, 'update failed');
    logger.error(locationError as Error);
    expectNothingPersonal(output());
    const [first, second] = records();
    expect(first.err).toMatchObject({
      type: 'BotError',
      update: { update_id: 9001, kind: 'message', chat_id: PERSON.id },
      error: { type: 'TypeError', message: 'cannot handle this message' },
    });
    expect(second).toMatchObject({
      err: { update: { update_id: 9002, kind: 'message', chat_id: PERSON.id } },
    });
  });

  it('logs an update as its id, kind and chat id, whatever it holds', () => {
    const { logger, output, records } = capture();
    logger.error({ update: messageUpdate(77) }, 'update failed');
    logger.warn({ update: locationUpdate(78) }, 'odd update');
    logger.info(
      {
        update: {
          update_id: 79,
          callback_query: {
            id: 'q1',
            from: PERSON,
            data: 'talk:1',
            message: { message_id: 3, chat: { id: -100_42, type: 'supergroup', title: 'T' }, text: TEXT },
          },
        },
      },
      'pressed',
    );
    // Whatever an error drags along under `update` or `payload` is reduced or dropped too.
    logger.error(
      { err: Object.assign(new Error('x'), { update: messageUpdate(80), payload: { text: TEXT } }) },
      'x',
    );
    expectNothingPersonal(output());
    expect(records().map((r) => r.update ?? r.err.update)).toEqual([
      { update_id: 77, kind: 'message', chat_id: PERSON.id },
      { update_id: 78, kind: 'message', chat_id: PERSON.id },
      { update_id: 79, kind: 'callback_query', chat_id: -100_42 },
      { update_id: 80, kind: 'message', chat_id: PERSON.id },
    ]);
  });

  it('cuts the token out of messages, fields and a network error’s URL', async () => {
    const bot = new Bot(TOKEN, { client: { apiRoot: 'http://127.0.0.1:9', timeoutSeconds: 5 } });
    const networkError = await bot.api.getMe().catch((e: unknown) => e);
    expect(networkError).toBeInstanceOf(HttpError);
    // node-fetch names the URL, token included, in the error grammY wraps.
    expect(String((networkError as HttpError).error)).toContain(TOKEN);

    const { logger, output, records } = capture();
    logger.error({ err: networkError }, 'getMe failed');
    logger.info(`calling https://api.telegram.org/bot${TOKEN}/getMe for ${ODD_TOKEN}`);
    logger.info({ url: `${emulator.url}/bot${ODD_TOKEN}/sendMessage`, token: TOKEN }, 'request');
    expectNothingPersonal(output());
    expect(records().map((r) => r.msg)).toEqual([
      'getMe failed',
      'calling https://api.telegram.org/bot[redacted]/getMe for [redacted]',
      'request',
    ]);
    expect(records()[0].err.type).toBe('HttpError');
  });

  it('keeps the values a query was given out of a Prisma validation error and PostgreSQL’s detail', async () => {
    const prisma = createPrismaClient('postgresql://postgres@127.0.0.1:1/never_contacted');
    try {
      const invalid = await prisma.user
        .create({
          data: { firstName: PERSON.first_name, username: TEXT } as unknown as Prisma.UserCreateInput,
        })
        .catch((e: unknown) => e);
      expect(invalid).toBeInstanceOf(Prisma.PrismaClientValidationError);
      expect((invalid as Error).message).toContain(TEXT);

      const { logger, output, records } = capture();
      logger.error({ err: invalid }, 'query failed');
      logger.error(invalid as Error);
      logger.error(
        {
          err: Object.assign(new Error('CHECK violated'), {
            meta: {
              driverAdapterError: Object.assign(new Error('check'), {
                cause: {
                  kind: 'postgres',
                  code: '23514',
                  detail: `Failing row contains (1, ${PERSON.first_name}).`,
                },
              }),
            },
          }),
        },
        'write failed',
      );
      expectNothingPersonal(output());
      const [first, second, third] = records();
      expect(first.err.message).toMatch(/^Argument `id` is missing\.$/);
      expect(second.msg).toBe(first.err.message);
      expect(third.err.meta.driverAdapterError.cause).toEqual({ kind: 'postgres', code: '23514' });
    } finally {
      await prisma.$disconnect();
    }
  });
});
