import { Api, Bot } from 'grammy';
import {
  type BotApiEmulator,
  type CreateBotApiEmulatorOptions,
  createBotApiEmulator,
} from '../../tools/bot-api-emulator/index.ts';

export const TOKEN = '123456789:TEST-emulator_secret';
export const ALICE = { id: 1001, first_name: 'Alice', username: 'alice', language_code: 'en' };
export const BOB = { id: 1002, first_name: 'Bob' };
export const VILLAGE_GROUP = { id: -100_555, title: 'Village square', type: 'supergroup' as const };

/** A started emulator (port 0) and a grammY Api for TOKEN pointed at it. */
export async function startEmulator(options: CreateBotApiEmulatorOptions = {}) {
  const emulator: BotApiEmulator = await createBotApiEmulator(options);
  const api = new Api(TOKEN, { apiRoot: emulator.url });
  return { emulator, api };
}

export function botFor(emulator: BotApiEmulator, token = TOKEN): Bot {
  return new Bot(token, { client: { apiRoot: emulator.url } });
}

/** Starts long polling and resolves once the bot is running; call the returned stop() in cleanup. */
export async function startPolling(bot: Bot): Promise<() => Promise<void>> {
  await new Promise<void>((resolve, reject) => {
    bot.start({ timeout: 2, onStart: () => resolve() }).catch(reject);
  });
  return () => bot.stop();
}

export function errorOf(
  promise: Promise<unknown>,
): Promise<{ error_code: number; description: string; parameters: Record<string, number> }> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: { error_code: number; description: string; parameters: Record<string, number> }) => error,
  );
}

/** Polls a condition every 10 ms; fails after timeoutMs. */
export async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
