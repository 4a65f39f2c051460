import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talkRateCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * The same loop as talk-loop.e2e.test.ts, with everyone speaking English (the secretary switches
 * with /lang): speak → two me-toos → comment → assign due today (reminder) → done → 2 stars reopens
 * → done → 5 stars closes. Written as text commands where the Chinese run uses buttons, so both
 * ways are walked.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let raiser: Person; // member 2
let neighbour: Person; // member 3
let other: Person; // member 4
let cadre: Person; // member 5

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [raiser, neighbour, other, cadre],
  } = await startVillage({
    people: [
      { user: { id: 74002, first_name: 'Ann', language_code: 'en' }, name: 'Ann Li', household: 'Li home' },
      {
        user: { id: 74003, first_name: 'Ben', language_code: 'en-GB' },
        name: 'Ben Wu',
        household: 'Wu home',
      },
      { user: { id: 74004, first_name: 'Cai', language_code: 'en' }, name: 'Cai Xu', household: 'Xu home' },
      { user: { id: 74005, first_name: 'Dev', language_code: 'en' }, name: 'Dev Ma', household: 'Ma home' },
    ],
    cadres: [5],
    english: true,
  }));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

async function rate(number: number, round: number, stars: number, outcome: 'RESOLVED' | 'NOT_RESOLVED') {
  const ask = await sayAndWait(stack, raiser, `/rate ${number}`, 'How satisfied are you?');
  const starPress = await press(
    stack,
    raiser.user,
    messageIdOf(ask),
    talkRateCallback.pack({ number, round, stars }, villageId),
  );
  const outcomeAsk = await waitForText(stack, raiser.id, starPress.sinceSeq, 'Was the problem solved?');
  const outcomePress = await press(
    stack,
    raiser.user,
    messageIdOf(outcomeAsk),
    talkRateCallback.pack({ number, round, stars, outcome }, villageId),
  );
  const commentAsk = await waitForText(stack, raiser.id, outcomePress.sinceSeq, 'Anything to add?');
  return press(
    stack,
    raiser.user,
    messageIdOf(commentAsk),
    talkRateCallback.pack({ number, round, stars, outcome, skip: true }, villageId),
  );
}

describe('Villagers Talk, the whole loop in English', () => {
  it('speaks with /talk, picks a category and submits', async () => {
    const ask = await sayAndWait(
      stack,
      raiser,
      '/talk The ditch by group 3 is broken',
      'Which kind of matter is it?',
    );
    const chosen = await press(stack, raiser.user, messageIdOf(ask), `tcat:0@${villageId}`);
    const confirm = await waitForText(stack, raiser.id, chosen.sinceSeq, 'Category: Facility. Submit it?');
    const submitted = await press(stack, raiser.user, messageIdOf(confirm), `tdraft:ok@${villageId}`);
    await waitForText(stack, raiser.id, submitted.sinceSeq, 'Submitted as #1.');
    // The answer is sent just before the item commits; others read it once it has.
    await stack.settled(prisma);
  });

  it('takes two me-toos and a comment, and tells the raiser', async () => {
    const since = stack.emulator.lastSeq();
    const shown = await sayAndWait(stack, neighbour, '/issue 1', 'What happened:');
    expect(bodyOf(shown)).toContain('The ditch by group 3 is broken');
    const like = await press(stack, neighbour.user, messageIdOf(shown), `tlike:1@${villageId}`);
    expect(like.answer).toBe('Counted: 1 people now raise #1.');
    const otherView = await sayAndWait(stack, other, '/issue 1', 'What happened:');
    expect((await press(stack, other.user, messageIdOf(otherView), `tlike:1@${villageId}`)).answer).toBe(
      'Counted: 2 people now raise #1.',
    );
    await sayAndWait(stack, neighbour, '/comment 1 Same at my door', 'Your comment on #1 is posted.');
    await waitForText(stack, raiser.id, since, 'New comment on #1. Send /issue 1 to read it.');
    const list = await sayAndWait(stack, raiser, '/issues', 'Open items');
    expect(bodyOf(list)).toContain('#1 [Facility] The ditch by group 3 is broken — open, 👍 2');
  });

  it('assigns with /assign due today: the cadre gets the task and the reminder', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/assign 1 5 0', '(No. 5), due');
    await waitForText(stack, cadre.id, since, 'You have a new task: #1');
    await waitForText(stack, cadre.id, since, '⏰ Reminder: talk item #1 is due');
    await waitForText(stack, raiser.id, since, '#1 was assigned to');
  });

  it('is done, rated 2 stars not resolved: reopened and the secretary told', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, cadre, '/done 1', '#1 is done');
    const request = await waitForText(stack, raiser.id, since, 'How satisfied are you? Tap the stars');
    expect(buttonsOf(request)).toHaveLength(5);
    const rated = await rate(1, 1, 2, 'NOT_RESOLVED');
    await waitForText(stack, raiser.id, rated.sinceSeq, '#1 is reopened');
    await waitForText(stack, secretary.id, rated.sinceSeq, 'gave 2 stars or found it not resolved');
    await stack.settled(prisma);
    expect(await prisma.talkItem.findFirstOrThrow()).toMatchObject({ status: 'REOPENED', round: 2 });
  });

  it('is assigned again, done again, rated 5 stars resolved: closed', async () => {
    await sayAndWait(stack, secretary, '/assign 1 5 3', '(No. 5), due');
    await sayAndWait(stack, cadre, '/done 1', '#1 is done');
    await stack.settled(prisma);
    const rated = await rate(1, 2, 5, 'RESOLVED');
    await waitForText(stack, raiser.id, rated.sinceSeq, 'Thank you for rating! #1 is closed.');
    await stack.settled(prisma);
    expect((await prisma.talkItem.findFirstOrThrow()).status).toBe('RATED');
    const timeline = await sayAndWait(stack, neighbour, '/issue 1', 'What happened:');
    expect(bodyOf(timeline)).toContain('Status: rated');
    expect(await prisma.inboundUpdate.findMany({ where: { attempts: { gt: 0 } } })).toEqual([]);
  });
});
