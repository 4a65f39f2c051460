import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talkDraftCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { GroupSpec } from '../../tools/bot-api-emulator/index.ts';
import type { Person, Stack } from './stack.ts';
import { bodyOf, draftUpToSubmit, messageIdOf, startVillage, waitForText } from './talk-helpers.ts';

/**
 * What a commit owes survives the bot dying right after it: the bot is killed (-9) between committing
 * an update and sending anything it owes, and after the restart the reply, the group post and the
 * notice each arrive exactly once (the worker's relay delivers what the bot's lease left behind).
 */
const GROUP: GroupSpec = { id: -100900, title: 'Crash village' };
let stack: Stack;
let prisma: PrismaClient;
let cadre: Person; // member 2
let villager: Person; // member 3

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    people: [cadre, villager],
  } = await startVillage({
    people: [
      { user: { id: 77002, first_name: 'Dev', language_code: 'en' }, name: 'Dev Ma', household: 'Ma home' },
      { user: { id: 77003, first_name: 'Ann', language_code: 'en' }, name: 'Ann Li', household: 'Li home' },
    ],
    cadres: [2],
    english: true,
    group: GROUP,
  }));
});

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('a bot killed right after a commit', () => {
  it('still delivers the reply, the group post and the notice, once each', async () => {
    const confirm = await draftUpToSubmit(stack, cadre, '/talk_for 3 The bridge rail is loose', 'SAFETY');
    await stack.settled(prisma);

    // The bot that will die holds every commit for a while before it sends what the commit owes.
    const [bot] = stack.apps;
    await bot?.stop('SIGTERM');
    const doomed = await stack.startBot({ TEST_HOLD_AFTER_COMMIT_MS: '60000', OUTBOX_LEASE_SECONDS: '3' });
    const before = stack.emulator.lastSeq();
    stack.emulator.pressButton({
      user: cadre.user,
      messageId: messageIdOf(confirm),
      data: talkDraftCallback.pack({ submit: true }, villageId),
    });
    await doomed.waitForLog(/test hook: holding after commit/);
    await doomed.stop('SIGKILL');

    // Committed: the item exists and the update is handled, yet nothing was said.
    const item = await prisma.talkItem.findFirstOrThrow({ where: { text: 'The bridge rail is loose' } });
    expect(await prisma.inboundUpdate.count({ where: { handledAt: null } })).toBe(0);
    expect(
      stack.emulator.calls({ sinceSeq: before, ok: true }).filter((c) => c.method.startsWith('send')),
    ).toEqual([]);

    await stack.startBot();
    const reply = await waitForText(stack, cadre.id, before, `as #${item.number}`, 30_000);
    const post = await waitForText(stack, GROUP.id, before, 'The bridge rail is loose', 30_000);
    await waitForText(stack, villager.id, before, 'A cadre recorded an item for you', 30_000);
    expect(bodyOf(reply)).toContain('Recorded for member 3');
    // The worker records the post after Telegram accepted it: wait until everything owed is done.
    await stack.settled(prisma, 30_000);
    await prisma.talkItem.findFirstOrThrow({ where: { id: item.id, groupMessageId: messageIdOf(post) } });

    // Time for a second copy of anything, were there one.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const sent = (chatId: number, needle: string) =>
      stack.emulator
        .calls({ chatId, ok: true, sinceSeq: before })
        .filter((call) => call.method.startsWith('send') && bodyOf(call).includes(needle));
    expect(sent(cadre.id, `as #${item.number}`)).toHaveLength(1);
    expect(sent(GROUP.id, 'The bridge rail is loose')).toHaveLength(1);
    expect(sent(villager.id, 'A cadre recorded an item for you')).toHaveLength(1);
    expect(await prisma.outboxEntry.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })).toBe(0);
  });
});
