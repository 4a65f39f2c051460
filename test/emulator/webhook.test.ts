import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookCallback } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, botFor, errorOf, startEmulator, waitUntil } from './helpers.ts';

let emulator: BotApiEmulator | undefined;
let receiver: Server | undefined;

afterEach(async () => {
  await emulator?.close();
  receiver?.closeAllConnections();
  await new Promise((resolve) => receiver?.close(resolve) ?? resolve(undefined));
  emulator = undefined;
  receiver = undefined;
});

interface Received {
  updateId: number;
  secret: string | undefined;
}

async function listen(handler: (req: IncomingMessage, body: string) => number | Promise<number>) {
  receiver = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    res.statusCode = await handler(req, body);
    res.end();
  });
  await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}

describe('webhook', () => {
  it('posts updates with the secret header, in order, one at a time, redelivering after a 500', async () => {
    const started = await startEmulator({ webhook: { retryDelayMs: 30 } });
    emulator = started.emulator;
    const { api } = started;
    const received: Received[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    let failuresLeft = 1;
    const url = await listen(async (req, body) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      received.push({
        updateId: (JSON.parse(body) as { update_id: number }).update_id,
        secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined,
      });
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      if (failuresLeft > 0) {
        failuresLeft--;
        return 500;
      }
      return 200;
    });

    await api.setWebhook(url, { secret_token: 's3cret-Token_1' });
    const ids = [
      emulator.sendText(ALICE, 'one').updateId,
      emulator.sendText(ALICE, 'two').updateId,
      emulator.sendText(ALICE, 'three').updateId,
    ];
    await waitUntil(() => emulator?.webhookState().deliveries.length === 4);

    const [first] = ids;
    expect(received.map((r) => r.updateId)).toEqual([first, ...ids]);
    expect(received.every((r) => r.secret === 's3cret-Token_1')).toBe(true);
    expect(maxInFlight).toBe(1);

    const state = emulator.webhookState();
    expect(state.deliveries.map((d) => [d.updateId, d.status, d.ok])).toEqual([
      [first, 500, false],
      [ids[0], 200, true],
      [ids[1], 200, true],
      [ids[2], 200, true],
    ]);
    const info = await api.getWebhookInfo();
    expect(info).toMatchObject({
      url,
      pending_update_count: 0,
      last_error_message: 'Wrong response from the webhook: 500 Internal Server Error',
    });

    const conflict = await errorOf(api.getUpdates());
    expect(conflict).toMatchObject({
      error_code: 409,
      description:
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
    });
    await api.deleteWebhook();
    await expect(api.getUpdates({ timeout: 0 })).resolves.toEqual([]);
  });

  it('keeps an update queued while the webhook is unreachable', async () => {
    const started = await startEmulator({ webhook: { retryDelayMs: 20, maxRetryDelayMs: 40 } });
    emulator = started.emulator;
    const closed = await listen(() => 200);
    receiver?.close();
    await started.api.setWebhook(closed);
    emulator.sendText(ALICE, 'lost?');
    await waitUntil(() => (emulator?.webhookState().deliveries.length ?? 0) >= 2);
    const state = emulator.webhookState();
    expect(state.pendingUpdateCount).toBe(1);
    expect(state.lastErrorMessage).toBe('Connection refused');
  });

  it("drives grammY's webhookCallback, which checks the secret and replies", async () => {
    const started = await startEmulator({ webhook: { retryDelayMs: 30 } });
    emulator = started.emulator;
    const bot = botFor(emulator);
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await bot.init();
    const handle = webhookCallback(bot, 'http', { secretToken: 'grammy-secret' });
    receiver = createServer((req, res) => void handle(req, res));
    await new Promise<void>((resolve) => receiver?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;

    await bot.api.setWebhook(url, { secret_token: 'wrong-secret' });
    const { sinceSeq } = emulator.sendText(ALICE, 'hello');
    await waitUntil(() => (emulator?.webhookState().deliveries.length ?? 0) >= 1);
    expect(emulator.webhookState().deliveries[0]).toMatchObject({ ok: false, status: 401 });

    await bot.api.setWebhook(url, { secret_token: 'grammy-secret' });
    const reply = await emulator.waitForCall({ method: 'sendMessage', sinceSeq }, 3000);
    expect(reply.params.text).toBe('echo: hello');
    expect(emulator.chatMessages(ALICE.id).at(-1)?.text).toBe('echo: hello');
  });
});
