import { type Api, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmulatorClient, EmulatorClientError } from '../../tools/bot-api-emulator/client.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, BOB, errorOf, startEmulator } from './helpers.ts';

let emulator: BotApiEmulator;
let api: Api;

beforeEach(async () => {
  ({ emulator, api } = await startEmulator());
});
afterEach(() => emulator.close());

const COMMANDS = [{ command: 'help', description: 'Help' }];

describe('fault injection', () => {
  it('refuses a method as Telegram does, records the refusal, and stops when cleared', async () => {
    // Set before the bot's first call: the first token to call adopts it.
    emulator.failMethod('setMyCommands', { status: 500 });
    const error = await errorOf(api.setMyCommands(COMMANDS));
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 500, description: 'Internal Server Error' });
    expect(await api.getMe()).toMatchObject({ is_bot: true });
    expect(emulator.calls({ method: 'setMyCommands' })).toMatchObject([
      { ok: false, errorCode: 500, description: 'Internal Server Error' },
    ]);
    expect(emulator.botCommands()).toEqual([]);

    emulator.clearFaults('setmycommands');
    await api.setMyCommands(COMMANDS);
    expect(emulator.botCommands()).toEqual(COMMANDS);
  });

  it('limits a fault to one chat and to a number of calls', async () => {
    emulator.addChat({ user: ALICE });
    emulator.addChat({ user: BOB });
    emulator.failMethod('sendMessage', {
      status: 400,
      description: 'Bad Request: chat not found',
      chatId: ALICE.id,
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      expect(await errorOf(api.sendMessage(ALICE.id, 'hello'))).toMatchObject({
        error_code: 400,
        description: 'Bad Request: chat not found',
      });
    }
    await api.sendMessage(BOB.id, 'hello');
    await api.sendMessage(ALICE.id, 'hello again');
    expect(
      emulator.calls({ method: 'sendMessage' }).map((c) => [c.chatId, c.ok, c.errorCode ?? null]),
    ).toEqual([
      [ALICE.id, false, 400],
      [ALICE.id, false, 400],
      [BOB.id, true, null],
      [ALICE.id, true, null],
    ]);
  });

  it('reset() forgets faults', async () => {
    emulator.failMethod('getMe', { status: 502 });
    expect(await errorOf(api.getMe())).toMatchObject({ error_code: 502, description: 'Bad Gateway' });
    emulator.reset();
    expect(await api.getMe()).toMatchObject({ is_bot: true });
  });

  it('is driven over HTTP too, and refuses a status that is not an error', async () => {
    const client = new EmulatorClient(emulator.url);
    await client.failMethod('getChat', { status: 403, description: 'Forbidden: bot was kicked' });
    emulator.addChat({ user: ALICE });
    expect(await errorOf(api.getChat(ALICE.id))).toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was kicked',
    });
    await client.clearFaults();
    expect(await api.getChat(ALICE.id)).toMatchObject({ id: ALICE.id });

    const refused = await client.failMethod('getChat', { status: 200 }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EmulatorClientError);
    expect(refused).toMatchObject({ status: 400 });
    const nameless = await client.failMethod('').catch((e: unknown) => e);
    expect(nameless).toMatchObject({ status: 400 });
  });
});
