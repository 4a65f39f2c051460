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
const BUGGY = { id: 72004, first_name: 'Guiying', language_code: 'en' };
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
  await prisma?.$executeRawUnsafe('DROP TRIGGER IF EXISTS e2e_refuse_user ON "User"');
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

describe('updates whose handling fails, and sends Telegram refuses', () => {
  it('are logged by id, kind and chat, with no text, name, place or token', async () => {
    // The database refuses to store these people: a transient failure for two (retried until it
    // clears), a lasting one for the third (answered "nothing was saved", not retried).
    await prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION e2e_refuse_user() RETURNS trigger AS $$
      BEGIN
        IF NEW.id = ${BUGGY.id} THEN RAISE EXCEPTION 'injected lasting fault'; END IF;
        RAISE EXCEPTION 'injected transient fault' USING ERRCODE = '40001';
      END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(`
      CREATE TRIGGER e2e_refuse_user BEFORE INSERT ON "User" FOR EACH ROW
      WHEN (NEW.id IN (${WRITER.id}, ${WALKER.id}, ${BUGGY.id})) EXECUTE FUNCTION e2e_refuse_user()`);
    const text = stack.emulator.sendText(WRITER, TEXT);
    const location = stack.emulator.injectMessage({
      user: WALKER,
      content: { location: { latitude: LATITUDE, longitude: LONGITUDE } },
    });
    const buggy = stack.emulator.sendText(BUGGY, TEXT);
    const failed = (updateId: number) =>
      logLines().find((line) => line.msg === 'update not handled' && line.update_id === updateId);
    const boundary = () => logLines().find((line) => line.msg === 'update failed');
    await waitUntil(() => Boolean(failed(text.updateId) && failed(location.updateId) && boundary()));
    await prisma.$executeRawUnsafe('DROP TRIGGER e2e_refuse_user ON "User"');

    // Retried once the database accepts them again: each is answered once.
    for (const [person, sent] of [
      [WRITER, text],
      [WALKER, location],
      [BUGGY, buggy],
    ] as const) {
      await stack.emulator.waitForCall(
        { method: 'sendMessage', chatId: person.id, ok: true, sinceSeq: sent.sinceSeq },
        15_000,
      );
    }
    await stack.settled(prisma);
    expect(failed(text.updateId)).toMatchObject({ chat: `chat:${WRITER.id}`, attempts: 1 });
    expect(boundary()).toMatchObject({
      update: { update_id: buggy.updateId, kind: 'message', chat_id: BUGGY.id },
    });
    expect(await prisma.user.count({ where: { id: { in: [BigInt(WRITER.id), BigInt(WALKER.id)] } } })).toBe(
      2,
    );
    // The lasting fault was answered (in the default language: who they are could not be read) and set
    // aside, not retried.
    expect(
      stack.emulator.calls({ method: 'sendMessage', chatId: BUGGY.id, ok: true }).map((c) => c.params.text),
    ).toEqual(['抱歉，出了点问题，这次的操作没有保存。请稍后再试一次。']);

    // A send Telegram refuses (after the commit) is recorded and logged the same way.
    stack.emulator.failMethod('sendMessage', {
      status: 400,
      description: 'Bad Request: chat not found',
      chatId: WRITER.id,
    });
    const again = stack.emulator.sendText(WRITER, TEXT);
    await waitUntil(() => logLines().some((line) => line.msg === 'send refused' && line.time !== undefined));
    await stack.settled(prisma);
    expect(
      stack.emulator.calls({ chatId: WRITER.id, ok: false, sinceSeq: again.sinceSeq }).length,
    ).toBeGreaterThan(0);

    const output = bot.output();
    for (const secret of [
      TEXT,
      'well behind',
      WRITER.first_name,
      WRITER.last_name,
      WALKER.first_name,
      BUGGY.first_name,
      String(LATITUDE),
      String(LONGITUDE),
      BOT_TOKEN,
      BOT_TOKEN.split(':')[1] as string,
    ]) {
      expect(output).not.toContain(secret);
    }
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
