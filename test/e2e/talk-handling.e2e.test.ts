import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Handling in English: decline with a reason, merge, a duplicate caught before it is submitted,
 * who may do what, bad input (nothing written), and flood control in the group.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person; // member 1, switched to English
let villager: Person; // member 2, en
let other: Person; // member 3, zh
let cadre: Person; // member 4, en
let cadre2: Person; // member 5, en
const GROUP = { id: -100600, title: 'Youyi group' };

async function speak(person: Person, text: string, categoryIndex: number) {
  const ask = await sayAndWait(stack, person, text, '');
  const chosen = await press(stack, person.user, messageIdOf(ask), `tcat:${categoryIndex}@${villageId}`);
  const confirm = await waitForText(stack, person.id, chosen.sinceSeq, '');
  return confirm;
}

async function submit(person: Person, text: string, categoryIndex: number, needle: string) {
  const confirm = await speak(person, text, categoryIndex);
  const submitted = await press(stack, person.user, messageIdOf(confirm), `tdraft:ok@${villageId}`);
  const answer = await waitForText(stack, person.id, submitted.sinceSeq, needle);
  // The answer is sent inside the update's transaction: wait for the commit before others act on it.
  await stack.settled(prisma);
  return answer;
}

async function counts() {
  await stack.settled(prisma);
  const [items, comments, tasks, changes, likes] = await Promise.all([
    prisma.talkItem.findMany({ orderBy: { id: 'asc' }, select: { number: true, status: true, round: true } }),
    prisma.talkComment.count(),
    prisma.talkTask.count(),
    prisma.talkStatusChange.count(),
    prisma.talkLike.count(),
  ]);
  return { items, comments, tasks, changes, likes };
}

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [villager, other, cadre, cadre2],
  } = await startVillage({
    people: [
      {
        user: { id: 73002, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: 'Wang household',
      },
      {
        user: { id: 73003, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 73004, first_name: 'Li', language_code: 'en' },
        name: 'Li Ming',
        household: 'Li household',
      },
      {
        user: { id: 73005, first_name: 'Zhao', language_code: 'en' },
        name: 'Zhao Gang',
        household: 'Zhao household',
      },
    ],
    cadres: [4, 5],
    english: true,
    group: GROUP,
  }));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('Villagers Talk: handling, permissions and bad input', () => {
  it('submits plain text in English and shows /help with the talk commands per role', async () => {
    await submit(villager, 'The street lamp at the east bridge is broken', 0, 'Submitted as #1.');
    const help = await sayAndWait(stack, villager, '/help', 'In 友谊村 you can use these commands');
    expect(bodyOf(help)).toContain('/talk — Villagers Talk: raise an issue or a suggestion');
    expect(bodyOf(help)).toContain('/rate — Rate how it was handled');
    expect(bodyOf(help)).not.toContain('/assign');
    const secretaryHelp = await sayAndWait(stack, secretary, '/help', 'In 友谊村');
    expect(bodyOf(secretaryHelp)).toContain('/assign — Assign to a cadre (secretary)');
    const cadreHelp = await sayAndWait(stack, cadre, '/help', 'In 友谊村');
    expect(bodyOf(cadreHelp)).toContain('/done — Mark a task done (cadre)');
    expect(bodyOf(cadreHelp)).not.toContain('/decline');
  });

  it('offers the similar open item before a duplicate is submitted; me too replaces it', async () => {
    const confirm = await speak(other, '东桥的路灯坏了 street lamp east bridge broken', 0);
    expect(bodyOf(confirm)).toContain('村里已经有人说过类似的事');
    expect(bodyOf(confirm)).toContain('第 1 号：The street lamp at the east bridge is b…（0 人也反映）');
    expect(buttonsOf(confirm)).toEqual([
      `tlike:1@${villageId}`,
      `tdraft:ok@${villageId}`,
      `tdraft:no@${villageId}`,
    ]);
    const before = await counts();
    const metoo = await press(stack, other.user, messageIdOf(confirm), `tlike:1@${villageId}`);
    expect(metoo.answer).toBe('已记下，第 1 号现在有 1 人反映。');
    await waitForText(stack, other.id, metoo.sinceSeq, '您的意见已算进第 1 号，草稿不再提交');
    const after = await counts();
    expect(after.items).toEqual(before.items);
    expect(after.likes).toBe(before.likes + 1);
    expect(await prisma.conversationState.count({ where: { key: `talk-draft:${other.id}` } })).toBe(0);
  });

  it('declines with a reason, which the raiser hears about and the timeline shows', async () => {
    await submit(villager, 'Please repair the ditch by group 3', 0, 'Submitted as #2.');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/decline 2 repair after the irrigation period', '#2 is declined');
    await waitForText(stack, villager.id, since, '#2 was declined. Send /issue 2 to see why.');
    const timeline = await sayAndWait(stack, villager, '/issue 2', 'What happened:');
    expect(bodyOf(timeline)).toContain('Status: declined');
    expect(bodyOf(timeline)).toContain('李书记: declined (repair after the irrigation period)');
  });

  it('merges a duplicate: me-toos and followers move along', async () => {
    await submit(other, '学校门口没有斑马线，孩子过马路危险', 2, '已提交，编号第 3 号');
    await submit(villager, 'No zebra crossing at the school gate', 2, 'Submitted as #4.');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/merge 4 3', '#4 is merged into #3');
    await waitForText(stack, villager.id, since, '#4 is the same matter as #3 and was merged into it');
    const after = await counts();
    expect(after.items.find((i) => i.number === 4)?.status).toBe('MERGED');
    expect(await prisma.talkLike.count({ where: { item: { number: 3 } } })).toBe(1);
    const timeline = await sayAndWait(stack, villager, '/issue 4', 'What happened:');
    expect(bodyOf(timeline)).toContain('Merged into #3');
  });

  it('refuses what a role may not do, and writes nothing', async () => {
    await sayAndWait(stack, secretary, '/assign 3 4 5', '(No. 4), due');
    await stack.settled(prisma);
    const before = await counts();
    // The villager follows #3 (merged into it), so notices may arrive in between: wait for the answer.
    expect(bodyOf(await sayAndWait(stack, villager, '/assign 1 4 3', 'not allowed'))).toBe(
      'You are not allowed to do that. Send /help to see the commands you can use.',
    );
    expect(bodyOf(await sayAndWait(stack, cadre, '/decline 1 no money', 'not allowed'))).toBe(
      'You are not allowed to do that. Send /help to see the commands you can use.',
    );
    expect(bodyOf(await sayAndWait(stack, cadre2, '/done 3', 'not your task'))).toBe(
      'Item #3 is not your task: only the assigned cadre or the secretary can do that.',
    );
    const beforeDone = stack.emulator.lastSeq();
    expect(bodyOf(await sayAndWait(stack, cadre, '/done 3', '#3 is done'))).toContain('#3 is done');
    // The villager follows #3: let that notice arrive now, not in the middle of the next test.
    await waitForText(stack, villager.id, beforeDone, '#3 is done.');
    const afterDone = await counts();
    expect(bodyOf(await sayAndWait(stack, villager, '/rate 3', 'Only'))).toBe(
      'Only the member who raised #3 can rate it.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/inbox', 'not allowed'))).toBe(
      'You are not allowed to do that. Send /help to see the commands you can use.',
    );
    expect(afterDone.tasks).toBe(before.tasks);
    expect((await counts()).changes).toBe(afterDone.changes);
    expect(afterDone.items.find((i) => i.number === 3)?.status).toBe('DONE');
  });

  it('refuses bad input with a clear answer, and writes nothing', async () => {
    const before = await counts();
    expect(bodyOf(await sayAndWait(stack, secretary, '/assign 1 4 yesterday', ''))).toContain(
      'I cannot read that due date',
    );
    expect(bodyOf(await sayAndWait(stack, secretary, '/assign 99 4 3', ''))).toBe(
      'There is no item #99. Send /issues to see the open ones.',
    );
    expect(bodyOf(await sayAndWait(stack, secretary, '/assign 1 3 3', ''))).toBe(
      'Member 3 is not a cadre, so the task cannot go to them.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/issue 99', ''))).toBe(
      'There is no item #99. Send /issues to see the open ones.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/comment 1', ''))).toBe(
      'Send your comment on #1 (or /cancel):',
    );
    const tooLong = await sayAndWait(stack, villager, 'x'.repeat(5000), '');
    expect(bodyOf(tooLong)).toBe('That is too long: at most 1,000 characters, and yours has 5,000.');
    // A wrong answer is asked again; it does not end the question.
    await waitForText(stack, villager.id, tooLong.seq, 'Send your comment on #1 (or /cancel):');
    expect(bodyOf(await sayAndWait(stack, villager, '/cancel', ''))).toBe(
      'Cancelled; nothing was submitted.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, 'y'.repeat(5000), ''))).toBe(
      'That is too long: at most 4,096 characters, and yours has 5,000.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/talk', ''))).toContain('What would you like to raise?');
    expect(bodyOf(await sayAndWait(stack, secretary, '/decline 1', ''))).toContain(
      'Please write the text or the reason',
    );
    expect(bodyOf(await sayAndWait(stack, secretary, '/merge 1 1', ''))).toBe(
      'An item cannot be merged into itself.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/comment 1   ', ''))).toBe(
      'Send your comment on #1 (or /cancel):',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/cancel', ''))).toBe(
      'Cancelled; nothing was submitted.',
    );
    expect(await counts()).toEqual(before);
  });

  it('slows down a member who floods the group, politely and once', async () => {
    const post = (await prisma.talkItem.findFirstOrThrow({ where: { number: 1 } })).groupMessageId;
    const before = await prisma.talkComment.count();
    let first = 0;
    for (let i = 0; i < 14; i++) {
      // Zhao has said nothing in the last window, so exactly ten of these get through.
      const sent = stack.emulator.replyTo(cadre2.user, Number(post), `comment ${i}`, { chat: GROUP });
      if (i === 0) first = sent.sinceSeq;
    }
    await waitForText(stack, GROUP.id, first, 'You are sending messages too fast');
    await stack.settled(prisma);
    expect((await prisma.talkComment.count()) - before).toBe(10);
    const notices = stack.emulator
      .calls({ chatId: GROUP.id, method: 'sendMessage', sinceSeq: first })
      .filter((call) => bodyOf(call).includes('too fast'));
    expect(notices).toHaveLength(1);
  });

  it('never failed an update', async () => {
    await stack.settled(prisma);
    expect(await prisma.inboundUpdate.findMany({ where: { attempts: { gt: 0 } } })).toEqual([]);
  });
});
