import type { Api } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { ALICE, BOB, errorOf, startEmulator, VILLAGE_GROUP } from './helpers.ts';

let emulator: BotApiEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(
  options: Parameters<typeof startEmulator>[0] = {},
): Promise<{ emulator: BotApiEmulator; api: Api }> {
  const started = await startEmulator(options);
  emulator = started.emulator;
  return started;
}

describe('flood control', () => {
  it('limits a private chat to a burst of 3, then 1/s, and extends the penalty inside the window', async () => {
    const { emulator, api } = await start();
    emulator.addChat({ user: ALICE });
    emulator.addChat({ user: BOB });
    for (let i = 1; i <= 3; i++) await api.sendMessage(ALICE.id, `burst ${i}`);

    const first = await errorOf(api.sendMessage(ALICE.id, 'too fast'));
    expect(first).toMatchObject({
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });

    const second = await errorOf(api.sendMessage(ALICE.id, 'still too fast'));
    expect(second.error_code).toBe(429);
    expect(second.parameters.retry_after).toBe(2);
    const third = await errorOf(api.sendPhoto(ALICE.id, 'https://example.org/p.jpg'));
    expect(third.parameters.retry_after).toBe(3);
    expect(third.description).toBe('Too Many Requests: retry after 3');

    const limited = emulator.calls({ chatId: ALICE.id, ok: false });
    expect(limited.map((call) => [call.retryAfter, call.inPenaltyWindow])).toEqual([
      [1, false],
      [2, true],
      [3, true],
    ]);

    // Another chat is not affected; a chat's messages never show refused sends.
    await expect(api.sendMessage(BOB.id, 'hello Bob')).resolves.toBeDefined();
    expect(emulator.chatMessages(ALICE.id)).toHaveLength(3);
  });

  it('lets the chat send again once the window has passed', async () => {
    const { emulator, api } = await start({
      rateLimits: { privateChat: { capacity: 1, refillPerSecond: 5 } },
    });
    emulator.addChat({ user: ALICE });
    await api.sendMessage(ALICE.id, 'one');
    const refused = await errorOf(api.sendMessage(ALICE.id, 'two'));
    expect(refused.parameters.retry_after).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await expect(api.sendMessage(ALICE.id, 'two, later')).resolves.toMatchObject({ text: 'two, later' });
  });

  it('limits a group to 20 messages a minute', async () => {
    // A frozen clock: no refill while the 21 sends run, however slow the machine.
    const { emulator, api } = await start({ now: () => 1_800_000_000_000 });
    emulator.sendGroupText(VILLAGE_GROUP, ALICE, 'hi');
    for (let i = 1; i <= 20; i++) await api.sendMessage(VILLAGE_GROUP.id, `notice ${i}`);
    const refused = await errorOf(api.sendMessage(VILLAGE_GROUP.id, 'notice 21'));
    expect(refused.error_code).toBe(429);
    expect(refused.parameters.retry_after).toBe(3);
    expect(emulator.chatMessages(VILLAGE_GROUP.id).filter((m) => m.fromBot)).toHaveLength(20);
  });

  it('limits the bot to about 30 messages a second over all chats, bot-wide', async () => {
    const { emulator, api } = await start({ now: () => 1_800_000_000_000 });
    const users = Array.from({ length: 32 }, (_, i) => ({ id: 5000 + i, first_name: `U${i}` }));
    for (const user of users) emulator.addChat({ user });
    const results = await Promise.allSettled(
      users.slice(0, 31).map((user) => api.sendMessage(user.id, 'news')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(30);
    const other = await errorOf(api.sendMessage((users[31] as { id: number }).id, 'news'));
    expect(other.error_code).toBe(429);
    expect(emulator.calls({ chatId: users[31]?.id })[0]?.inPenaltyWindow).toBe(true);
  });

  it('forces 429s on demand and can be disabled', async () => {
    const { emulator, api } = await start({ rateLimits: false });
    emulator.addChat({ user: ALICE });
    for (let i = 0; i < 10; i++) await api.sendMessage(ALICE.id, `free ${i}`);
    emulator.force429(ALICE.id, 2, 7);
    for (let i = 0; i < 2; i++) {
      const refused = await errorOf(api.sendMessage(ALICE.id, 'forced'));
      expect(refused).toMatchObject({ error_code: 429, parameters: { retry_after: 7 } });
    }
    await expect(api.sendMessage(ALICE.id, 'through')).resolves.toBeDefined();
  });

  it('does not count reads, chat actions or callback answers', async () => {
    const { emulator, api } = await start({
      rateLimits: { privateChat: { capacity: 1, refillPerSecond: 0.1 } },
    });
    emulator.addChat({ user: ALICE });
    await api.sendMessage(ALICE.id, 'one');
    for (let i = 0; i < 5; i++) {
      await api.sendChatAction(ALICE.id, 'typing');
      await api.getChat(ALICE.id);
    }
    await expect(api.sendMessage(ALICE.id, 'two')).rejects.toMatchObject({ error_code: 429 });
  });
});
