import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talkDraftCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { GroupSpec, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  draftUpToSubmit,
  messageIdOf,
  press,
  sayAndWait,
  seedVillage,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * A village whose group answers 429 (Telegram allows 20 messages a minute in a group) does not slow
 * anyone else: its group posts wait in the worker, alone, while another village's members are
 * answered at once and private notices keep flowing.
 */
const GROUP: GroupSpec = { id: -100777, title: 'Busy group' };
const RETRY_AFTER_S = 5;
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let raiser: Person; // member 2 of the busy village
const hill: UserSpec[] = Array.from({ length: 10 }, (_, i) => ({
  id: 88100 + i,
  first_name: `Hill${i}`,
  language_code: 'en',
}));

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [raiser],
  } = await startVillage({
    people: [
      { user: { id: 78002, first_name: 'Ann', language_code: 'en' }, name: 'Ann Li', household: 'Li home' },
      { user: { id: 78003, first_name: 'Ben', language_code: 'en' }, name: 'Ben Wu', household: 'Wu home' },
    ],
    english: true,
    group: GROUP,
  }));
  // Another village, made through the use cases: its members only ask /me.
  await seedVillage(prisma, { name: 'Hill village', creatorId: 88001, users: hill });
  for (const user of hill) stack.emulator.addChat({ user });
});

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

async function raise(text: string): Promise<number> {
  const confirm = await draftUpToSubmit(stack, raiser, text, 'FACILITY');
  const submitted = await press(
    stack,
    raiser.user,
    messageIdOf(confirm),
    talkDraftCallback.pack({ submit: true }, villageId),
  );
  await waitForText(stack, raiser.id, submitted.sinceSeq, 'Submitted');
  return submitted.sinceSeq;
}

describe("a group's 429", () => {
  it("holds only that group's posts", async () => {
    // The next two sends to the group are refused with retry_after, each extending the penalty if asked inside it.
    stack.emulator.force429(GROUP.id, 2, RETRY_AFTER_S, { penalize: true });
    const since = await raise('The well pump is broken');
    await raise('The lamp at the bridge is out');
    const refusedAt = (
      await stack.emulator.waitForCall(
        { chatId: GROUP.id, method: 'sendMessage', ok: false, sinceSeq: since },
        10_000,
      )
    ).time;

    // While the group waits: another village's members are answered at once, one after another.
    const latencies: number[] = [];
    for (let round = 0; round < 5; round++) {
      for (const user of hill) {
        const { sinceSeq } = stack.emulator.sendText(user, '/me');
        const sent = Date.now();
        await stack.emulator.waitForCall(
          { chatId: user.id, method: 'sendMessage', ok: true, sinceSeq },
          5_000,
        );
        latencies.push(Date.now() - sent);
      }
    }
    // And a private notice goes out (a role granted in the busy village itself).
    const granted = await sayAndWait(stack, secretary, '/grant 3 cadre', 'is now a cadre');
    const notice = await waitForText(stack, 78003, granted.seq, 'cadre');
    const firstPost = await waitForText(stack, GROUP.id, since, 'The well pump is broken', 30_000);
    await waitForText(stack, GROUP.id, since, 'The lamp at the bridge is out', 30_000);

    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1] ?? Infinity;
    expect(p99).toBeLessThan(100);
    expect(notice.time).toBeLessThan(firstPost.time);
    expect(firstPost.time - refusedAt).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    // Nobody asked inside the penalty window (which would have extended it), and each post went out once.
    expect(stack.emulator.calls({ sinceSeq: since }).filter((call) => call.inPenaltyWindow)).toEqual([]);
    const posts = stack.emulator
      .calls({ chatId: GROUP.id, method: 'sendMessage', ok: true, sinceSeq: since })
      .map(bodyOf);
    expect(posts.filter((text) => text.includes('The well pump is broken'))).toHaveLength(1);
    expect(posts.filter((text) => text.includes('The lamp at the bridge is out'))).toHaveLength(1);
  }, 60_000);
});
