import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createVillageAs, SECRETARY, Stack } from './stack.ts';

/** Two bot processes for one bot, as a rolling deploy or a spare would run them: one polls, both dispatch. */
let stack: Stack;
let prisma: PrismaClient;

beforeEach(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
});

afterEach(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

const POLLS = /"msg":"this process polls for updates"/;

describe('two bot processes in polling mode', () => {
  it('poll one at a time, answer every update once, and the spare takes over from a killed poller', async () => {
    stack = await Stack.start();
    const first = await stack.startBot();
    await first.waitForLog(POLLS, 10_000);
    const second = await stack.startBot();
    await second.waitForLog(/"msg":"waiting to become the poller"/, 10_000);

    const secretary = stack.person(SECRETARY);
    const code = await createVillageAs(secretary, '友谊村');
    const villagers = [0, 1, 2, 3].map((i) =>
      stack.person({ id: 74000 + i, first_name: `v${i}`, language_code: 'zh-hans' }),
    );
    // Every step writes, so whichever dispatcher takes an update, its claim lets its effects happen once.
    await Promise.all(
      villagers.map(async (villager, i) => {
        expect(await villager.say(`/start join_${code}`)).toContain('请发送您的真实姓名');
        expect(await villager.say(`名字${i}`)).toContain('请发送您家的户名或门牌');
      }),
    );
    await stack.settled(prisma);
    expect(second.output()).not.toMatch(POLLS);

    await first.stop('SIGKILL');
    const killedAt = Date.now();
    const finished = await Promise.all(
      villagers.map(async (villager, i) => {
        expect(await villager.say(`户${i}`, 10_000)).toContain('好了！您已加入友谊村。');
        return Date.now() - killedAt;
      }),
    );
    // The lock went with the dead process's session (the spare tries every 2 s), and the dead
    // process's chat leases lapse within 6 s.
    expect(Math.max(...finished)).toBeLessThan(10_000);
    expect(second.output()).toMatch(POLLS);
    expect(await villagers[0]?.say('/me')).toContain('姓名：名字0');

    // A graceful stop (a rolling deploy) hands over at once: no retry period to wait out.
    const third = await stack.startBot();
    await third.waitForLog(/"msg":"waiting to become the poller"/, 10_000);
    await stack.settled(prisma);
    expect(await second.stop('SIGTERM')).toBe(0);
    const stoppedAt = Date.now();
    expect(await villagers[1]?.say('/me')).toContain('姓名：名字1');
    expect(Date.now() - stoppedAt).toBeLessThan(1_500);
    expect(third.output()).toMatch(POLLS);
    await stack.settled(prisma);

    // Telegram would have answered a second concurrent getUpdates with 409: none was made.
    const getUpdates = stack.emulator.calls({ method: 'getUpdates' });
    expect(getUpdates.length).toBeGreaterThan(2);
    expect(getUpdates.filter((call) => !call.ok)).toEqual([]);

    // Each update stored once, handled, and answered with exactly one message.
    // The secretary's /newvillage, name, household and /settings approval off; three answers from
    // each villager; two /me.
    expect(await prisma.inboundUpdate.count()).toBe(4 + villagers.length * 3 + 2);
    expect(await prisma.inboundUpdate.count({ where: { handledAt: null } })).toBe(0);
    expect(await prisma.inboundUpdate.count({ where: { lastError: { not: null } } })).toBe(0);
    expect(secretary.received()).toHaveLength(4);
    expect(villagers.map((villager) => villager.received().length)).toEqual([4, 4, 3, 3]);
    expect(await prisma.member.count({ where: { status: 'ACTIVE' } })).toBe(1 + villagers.length);
  }, 90_000);
});
