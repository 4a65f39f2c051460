import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorClient } from '../../tools/bot-api-emulator/client.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, startEmulator } from './helpers.ts';

let emulator: BotApiEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('latency', () => {
  it('delivers at once and answers late, for the methods named', async () => {
    const started = await startEmulator({ latency: { ms: 400, methods: ['sendMessage'] } });
    emulator = started.emulator;
    emulator.addChat({ user: ALICE });

    const before = Date.now();
    const sending = started.api.sendMessage(ALICE.id, 'slow hello');
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Delivered and recorded, while the bot still waits for the answer.
    expect(emulator.chatMessages(ALICE.id).map((m) => m.text)).toEqual(['slow hello']);
    expect(emulator.calls({ method: 'sendMessage' })).toHaveLength(1);
    const sent = await sending;
    expect(Date.now() - before).toBeGreaterThanOrEqual(400);
    expect(sent.text).toBe('slow hello');

    const quick = Date.now();
    await started.api.getMe();
    expect(Date.now() - quick).toBeLessThan(300);
  });

  it('applies to every method but getUpdates when none is named, and is switched off with 0', async () => {
    const started = await startEmulator();
    emulator = started.emulator;
    const client = new EmulatorClient(emulator.url);
    await client.setLatency(300);
    let before = Date.now();
    await started.api.getMe();
    expect(Date.now() - before).toBeGreaterThanOrEqual(300);
    before = Date.now();
    await started.api.getUpdates({ timeout: 0 });
    expect(Date.now() - before).toBeLessThan(250);

    await client.setLatency(0);
    before = Date.now();
    await started.api.getMe();
    expect(Date.now() - before).toBeLessThan(250);
  });
});
