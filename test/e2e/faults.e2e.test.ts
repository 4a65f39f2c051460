import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { AppProcess } from '../support/app-process.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { BOT_TOKEN, Stack } from './stack.ts';

/**
 * The real bot process against a Bot API server that misbehaves: it refuses the command menus
 * at start-up, and it refuses every message to some chats.
 */
let stack: Stack;
let prisma: PrismaClient;
let bot: AppProcess;
let startupMs: number;

const TEXT = 'the well behind house 12 leaks again';
const WRITER = { id: 72002, first_name: 'Xiuying', last_name: 'Wanglaoshi', language_code: 'en' };
const WALKER = { id: 72003, first_name: 'Meilan', language_code: 'en' };
const LATITUDE = 29.871234;
const LONGITUDE = 106.398765;

type LogLine = Record<string, unknown> & { level: number; msg: string };

function logLines(): LogLine[] {
  return bot
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

beforeAll(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  stack = await Stack.start({ rateLimits: false });
  // Before the bot's first call: every setMyCommands it makes is answered 500.
  stack.emulator.failMethod('setMyCommands', { status: 500 });
  const started = Date.now();
  bot = await stack.startBot();
  startupMs = Date.now() - started;
});

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('a Bot API server that refuses setMyCommands with 500', () => {
  it('does not stop the bot: it starts at once, answers /help and logs one warning', async () => {
    // auto-retry alone would have spent minutes retrying before the bot gave up.
    expect(startupMs).toBeLessThan(20_000);
    const person = stack.person({ id: 72001, first_name: 'Help', language_code: 'en' });
    expect(await person.say('/help')).toContain('You have not joined a village yet. You can use:');

    await bot.waitForLog(/setMyCommands/);
    const warnings = logLines().filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ method: 'setMyCommands', err: { error_code: 500 } });
    // One try, no retries.
    expect(stack.emulator.calls({ method: 'setMyCommands' })).toHaveLength(1);
  });
});

describe('an update whose handler fails (sendMessage refused with 400)', () => {
  it('is logged by id, kind and chat, with no text, name, place or token; and retried', async () => {
    for (const chatId of [WRITER.id, WALKER.id]) {
      stack.emulator.failMethod('sendMessage', {
        status: 400,
        description: 'Bad Request: chat not found',
        chatId,
      });
    }
    const text = stack.emulator.sendText(WRITER, TEXT);
    const location = stack.emulator.injectMessage({
      user: WALKER,
      content: { location: { latitude: LATITUDE, longitude: LONGITUDE } },
    });
    const failed = (updateId: number) =>
      logLines().find((line) => line.msg === 'update not handled' && line.update_id === updateId);
    await waitUntil(() => Boolean(failed(text.updateId) && failed(location.updateId)));

    // Once the server answers again, the retried updates get their replies.
    stack.emulator.clearFaults('sendMessage');
    await stack.emulator.waitForCall(
      { method: 'sendMessage', chatId: WRITER.id, ok: true, sinceSeq: text.sinceSeq },
      15_000,
    );
    await stack.emulator.waitForCall(
      { method: 'sendMessage', chatId: WALKER.id, ok: true, sinceSeq: location.sinceSeq },
      15_000,
    );
    await stack.settled(prisma);

    const output = bot.output();
    for (const secret of [
      TEXT,
      'well behind',
      WRITER.first_name,
      WRITER.last_name,
      WALKER.first_name,
      String(LATITUDE),
      String(LONGITUDE),
      BOT_TOKEN,
      BOT_TOKEN.split(':')[1] as string,
    ]) {
      expect(output).not.toContain(secret);
    }
    const boundary = logLines().filter((line) => line.msg === 'update failed');
    expect(boundary).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          update: { update_id: text.updateId, kind: 'message', chat_id: WRITER.id },
          err: expect.objectContaining({ type: 'GrammyError', method: 'sendMessage', error_code: 400 }),
        }),
        expect.objectContaining({
          update: { update_id: location.updateId, kind: 'message', chat_id: WALKER.id },
        }),
      ]),
    );
    expect(failed(text.updateId)).toMatchObject({
      err: { type: 'GrammyError', description: 'Bad Request: chat not found' },
    });
    expect(failed(text.updateId)?.err).not.toHaveProperty('payload');
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms:\n${bot.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
