import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talkDraftCallback } from '../../bot/callback-data/talk.ts';
import { voteBallotCallback } from '../../bot/callback-data/votes.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  draftUpToSubmit,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForCallWithButton,
  waitForText,
} from './talk-helpers.ts';

/**
 * A rule vote in English: the secretary puts a Villagers Talk item to the vote for a named list (the
 * villager representatives), typing "default" where a default will do; each elector gets the ballot in
 * their own language, one who is not on the list gets none and cannot vote, and the votes, a change and
 * a comment are answered in English.
 */
const GROUP = { id: -1_007_800_000, title: 'Friendship village', type: 'supergroup' as const };

let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let secretary: Person; // member 1, English
let ann: Person; // member 2, English
let qifu: Person; // member 3, Chinese
let bob: Person; // member 4, English, not on the list

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [ann, qifu, bob],
  } = await startVillage({
    english: true,
    people: [
      {
        user: { id: 78_002, first_name: 'Ann', language_code: 'en' },
        name: 'Ann Lee',
        household: 'Lee home',
      },
      {
        user: { id: 78_003, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢家',
      },
      { user: { id: 78_004, first_name: 'Bob', language_code: 'en' }, name: 'Bob Wu', household: 'Wu home' },
    ],
    group: GROUP,
  }));
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

async function choose(person: Person, since: number, label: string): Promise<number> {
  const question = await waitForCallWithButton(stack, person.id, since, 'vnew:');
  const raw = question.params.reply_markup;
  const markup = (typeof raw === 'string' ? JSON.parse(raw) : raw) as {
    inline_keyboard: { text: string; callback_data: string }[][];
  };
  const button = markup.inline_keyboard.flat().find((b) => b.text.includes(label));
  if (!button) throw new Error(`no "${label}" button on: ${bodyOf(question)}`);
  return (await press(stack, person.user, messageIdOf(question), button.callback_data)).sinceSeq;
}

async function answer(person: Person, text: string, needle: string): Promise<number> {
  const since = stack.emulator.lastSeq();
  await sayAndWait(stack, person, text, needle);
  return since;
}

describe('a vote in English', () => {
  let ballot: RecordedCall;

  it('puts a talk item to the vote for a list, with defaults typed, and sends each elector their ballot in their language', async () => {
    const submit = await draftUpToSubmit(
      stack,
      ann,
      'Street lights at the village gate should stay on until midnight',
      'OTHER',
    );
    await press(stack, ann.user, messageIdOf(submit), talkDraftCallback.pack({ submit: true }, villageId));
    await stack.settled(prisma);
    const item = await prisma.talkItem.findFirstOrThrow({ where: { villageId } });

    await sayAndWait(stack, secretary, '/newvote from 99', 'There is no item #99');
    let since = await answer(secretary, `/newvote from ${item.number}`, 'This vote is to');
    since = await choose(secretary, since, 'New rule');
    await answer(secretary, 'default', 'How long does the vote run');
    await answer(secretary, '2d', 'Open or secret ballot');
    await answer(secretary, 'for', 'Please answer this one with the buttons');
    await answer(secretary, 'default', 'A quorum?');
    since = await answer(secretary, '50', 'What does it take to pass');
    since = await choose(secretary, since, 'Two thirds');
    since = await choose(secretary, since, 'A list');
    await answer(secretary, '2 3 99', 'Member number(s) 99 are not active members');
    since = await answer(secretary, '2, 3', 'Please check the vote');
    const preview = await waitForText(stack, secretary.id, since, 'Please check the vote');
    for (const line of [
      `From Villagers Talk item ${item.number}`,
      'Street lights at the village gate',
      'Options: 1. For  2. Against  3. Abstain',
      'Quorum: at least 50%',
      'Passes with two thirds',
      'Who votes: a list (members 2, 3)',
      'Runs for: 2 days',
    ])
      expect(bodyOf(preview)).toContain(line);
    since = await choose(secretary, since, 'Launch the vote');
    await waitForText(stack, secretary.id, since, 'Vote 1 is launched');
    ballot = await waitForCallWithButton(stack, ann.id, since, 'vb:');
    expect(bodyOf(ballot)).toContain('🗳 Vote 1: Street lights');
    expect(bodyOf(ballot)).toContain('Who votes: a list of 2 members');
    expect(bodyOf(ballot)).toContain('Voted so far: 0 of 2');
    const chinese = await waitForCallWithButton(stack, qifu.id, since, 'vb:');
    expect(bodyOf(chinese)).toContain('🗳 第 1 号表决');
    await waitForText(stack, GROUP.id, since, '📢 村规表决 第 1 号');
    await stack.settled(prisma, 30_000);
    const progress = stack.emulator
      .calls({ chatId: secretary.id, method: ['sendMessage', 'editMessageText'], ok: true, sinceSeq: since })
      .filter((call) => bodyOf(call).includes('ballots of vote 1'));
    expect(bodyOf(progress.at(-1) as RecordedCall)).toContain('are sent: 2 delivered, 0 failed, of 2');
    expect(
      stack.emulator.calls({ chatId: bob.id, sinceSeq: since }).some((c) => buttonsOf(c).length > 0),
    ).toBe(false);
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId } });
    expect(vote).toMatchObject({
      electorate: 'LIST',
      electorateSize: 2,
      talkItemId: item.id,
      quorumPercent: 50,
    });
  });

  it('takes votes, a change and a comment, in English; someone not on the list is refused', async () => {
    const pressed = await press(
      stack,
      ann.user,
      messageIdOf(ballot),
      voteBallotCallback.pack({ number: 1, position: 1 }, villageId),
    );
    expect(pressed.answer).toBe('Vote 1: recorded');
    const cast = await waitForText(stack, ann.id, pressed.sinceSeq, 'Your vote on vote 1');
    expect(bodyOf(cast)).toContain('is recorded: 1. For');
    expect(bodyOf(cast)).toMatch(/Receipt: [A-Z2-7]{8}/);
    const changed = await sayAndWait(stack, ann, '/vote 1 against', 'Vote changed');
    expect(bodyOf(changed)).toContain('is now: 2. Against');
    await sayAndWait(
      stack,
      ann,
      '/votecomment 1 Good idea, but 11pm is enough',
      'Your comment on vote 1 is posted',
    );
    await sayAndWait(stack, bob, '/vote 1 for', 'You are not on the list of voters of vote 1');
    const list = await sayAndWait(stack, bob, '/votes', "The village's votes");
    expect(bodyOf(list)).toContain('open, 1 of 2 voted');
    const card = await sayAndWait(stack, bob, '/vote 1', '🗳 Vote 1');
    expect(bodyOf(card)).toContain('💬 Ann Lee (member 2): Good idea, but 11pm is enough');
    expect(bodyOf(card)).toContain("You are not on this vote's list of voters");
  });
});
