import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorClient } from '../../tools/bot-api-emulator/client.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { errorOf, startEmulator } from './helpers.ts';

/**
 * Paid broadcasts (`allow_paid_broadcast`): a bot-wide bucket of their own (1,000/s by default) instead
 * of the free ~30/s one, and 0.1 Star a message, counted and readable in process and over the control API.
 */
let emulator: BotApiEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const users = (count: number, from = 10_000) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, first_name: `村民${i}` }));

describe('paid broadcasts', () => {
  it('go past the free bot-wide limit up to their own bucket, each costing 0.1 Star', async () => {
    const started = await startEmulator({
      // Slow refills, so the test's own pace cannot refill a bucket between the sends.
      rateLimits: {
        global: { capacity: 5, refillPerSecond: 0.01 },
        paidBroadcast: { capacity: 50, refillPerSecond: 0.01 },
      },
    });
    emulator = started.emulator;
    const { api } = started;
    for (const user of users(60)) emulator.addChat({ user });

    // The free bucket holds 5: the sixth free send is refused bot-wide …
    for (const user of users(5)) await api.sendMessage(user.id, 'free');
    expect(await errorOf(api.sendMessage(10_005, 'free too'))).toMatchObject({ error_code: 429 });
    // … while paid ones go on (their bucket, not the free window), 50 of them.
    for (const user of users(50, 10_006))
      await api.sendMessage(user.id, 'paid', { allow_paid_broadcast: true });
    const over = await errorOf(api.sendMessage(10_056, 'paid too many', { allow_paid_broadcast: true }));
    expect(over).toMatchObject({ error_code: 429 });
    // The paid window holds paid sends only; the free window is its own.
    expect(
      await errorOf(api.sendMessage(10_057, 'paid again', { allow_paid_broadcast: true })),
    ).toMatchObject({
      error_code: 429,
    });
    const refused = emulator.calls({ ok: false });
    expect(refused.map((call) => call.inPenaltyWindow)).toEqual([false, false, true]);

    // Stars: only the paid messages that were sent.
    expect(emulator.paidBroadcasts()).toEqual({ messages: 50, starsSpent: 5 });
    const client = new EmulatorClient(emulator.url);
    expect(await client.paidBroadcasts()).toEqual({ messages: 50, starsSpent: 5 });
    emulator.reset();
    expect(emulator.paidBroadcasts()).toEqual({ messages: 0, starsSpent: 0 });
  });

  it('defaults to 1,000 a second: a burst of 1,000 paid sends all go, where free ones stop at 30', async () => {
    const started = await startEmulator();
    emulator = started.emulator;
    const { api } = started;
    const many = users(1_001);
    for (const user of many) emulator.addChat({ user });
    const answers = await Promise.allSettled(
      many.slice(0, 1_000).map((user) => api.sendMessage(user.id, 'paid', { allow_paid_broadcast: true })),
    );
    expect(answers.filter((answer) => answer.status === 'fulfilled')).toHaveLength(1_000);
    expect(emulator.paidBroadcasts().messages).toBe(1_000);
    emulator.reset();
    for (const user of many) emulator.addChat({ user });
    const free = await Promise.allSettled(many.slice(0, 100).map((user) => api.sendMessage(user.id, 'free')));
    const sent = free.filter((answer) => answer.status === 'fulfilled').length;
    expect(sent).toBeGreaterThanOrEqual(30);
    expect(sent).toBeLessThan(40);
    expect(emulator.paidBroadcasts().messages).toBe(0);
  });
});
