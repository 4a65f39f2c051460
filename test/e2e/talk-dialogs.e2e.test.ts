import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { langCallback } from '../../bot/callback-data/lang.ts';
import { talkRateCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { findMembership } from '../../core/members/membership.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  buttonTextsOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * Dialogs that end (issue 9): the question the bot asked is answered, ended by acting some other way,
 * ended when its item moves on, asked again after a wrong answer, and expired when answered late;
 * after each, a plain message is a new item again. The raiser speaks Chinese, the secretary English
 * (then Chinese, for the assign prompt).
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person; // member 1, English
let raiser: Person; // member 2, zh
let cadre: Person; // member 3, en: Li Ming

const ASK_CATEGORY_ZH = '这件事属于哪一类？';
const ASK_CATEGORY_EN = 'Which kind of matter is it?';

/** An item raised through the use case (the raising dialog is tested elsewhere). */
async function raise(person: Person, text: string): Promise<number> {
  const actor = await findMembership(prisma, BigInt(person.id));
  const raised = await prisma.$transaction((tx) =>
    raiseTalkItem(tx, { actor, draft: { category: 'FACILITY', text } }),
  );
  return raised.number;
}

/** Raised, assigned to the cadre and done: the raiser is asked to rate it. */
async function doneItem(text: string): Promise<number> {
  const number = await raise(raiser, text);
  await sayAndWait(stack, secretary, `/assign ${number} 3 3`, '(No. 3), due');
  await sayAndWait(stack, cadre, `/done ${number}`, `#${number} is done`);
  await stack.settled(prisma);
  return number;
}

/** The raiser rates `number` 4 stars, resolved, and is asked for a comment (the step stands). */
async function rateUpToComment(number: number) {
  const asked = await sayAndWait(stack, raiser, `/rate ${number}`, '请打分');
  const stars = await press(
    stack,
    raiser.user,
    messageIdOf(asked),
    talkRateCallback.pack({ number, round: 1, stars: 4 }, villageId),
  );
  const outcomeAsk = await waitForText(stack, raiser.id, stars.sinceSeq, '解决了吗');
  const outcome = talkRateCallback.pack({ number, round: 1, stars: 4, outcome: 'RESOLVED' }, villageId);
  expect(buttonsOf(outcomeAsk)).toContain(outcome);
  const picked = await press(stack, raiser.user, messageIdOf(outcomeAsk), outcome);
  return waitForText(stack, raiser.id, picked.sinceSeq, '还想说点什么');
}

async function stepCount(): Promise<number> {
  await stack.settled(prisma);
  return prisma.conversationState.count({ where: { key: { startsWith: 'talk-step:' } } });
}

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [raiser, cadre],
  } = await startVillage({
    english: true,
    people: [
      {
        user: { id: 75002, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 75003, first_name: 'Li', language_code: 'en' },
        name: 'Li Ming',
        household: 'Li household',
      },
    ],
    cadres: [3],
  }));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('dialogs that end', () => {
  it('rating with "no comment" ends the question: the next plain message is a new item (zh)', async () => {
    const number = await doneItem('水管漏水');
    const askComment = await rateUpToComment(number);
    expect(await stepCount()).toBe(1);
    const skip = talkRateCallback.pack(
      { number, round: 1, stars: 4, outcome: 'RESOLVED', skip: true },
      villageId,
    );
    const skipped = await press(stack, raiser.user, messageIdOf(askComment), skip);
    await waitForText(stack, raiser.id, skipped.sinceSeq, `第 ${number} 号已办结`);
    expect(await stepCount()).toBe(0);
    const next = await sayAndWait(stack, raiser, '村口路灯坏了', '');
    expect(bodyOf(next)).toBe(ASK_CATEGORY_ZH);
    await sayAndWait(stack, raiser, '/cancel', '');
  });

  it('a rating comment left hanging expires: the late answer hears so, and is not taken as anything', async () => {
    const number = await doneItem('垃圾没人收');
    await rateUpToComment(number);
    // Thirty-one minutes pass.
    const key = `talk-step:${raiser.id}:${(await findMembership(prisma, BigInt(raiser.id)))?.villageId}`;
    const row = await prisma.conversationState.findUniqueOrThrow({ where: { key } });
    const askedAt = new Date(Date.now() - 31 * 60_000).toISOString();
    await prisma.conversationState.update({
      where: { key },
      data: { value: { ...(row.value as object), askedAt } },
    });
    const late = await sayAndWait(stack, raiser, '师傅很负责', '');
    expect(bodyOf(late)).toBe(
      `这条消息离关于第 ${number} 号的提问已超过 30 分钟，提问已关闭，这条消息没有用上。\n要评价：/rate ${number}`,
    );
    expect(await stepCount()).toBe(0);
    expect(await prisma.talkRating.count({ where: { item: { number } } })).toBe(0);
    expect(bodyOf(await sayAndWait(stack, raiser, '师傅很负责', ''))).toBe(ASK_CATEGORY_ZH);
    await sayAndWait(stack, raiser, '/cancel', '');
  });

  it('the assign prompt in Chinese: a typo re-asks, a typed date assigns', async () => {
    const chooser = await sayAndWait(stack, secretary, '/lang', '');
    const switched = await press(
      stack,
      secretary.user,
      messageIdOf(chooser),
      langCallback.pack({ locale: 'zh-CN' }),
    );
    await waitForText(stack, secretary.id, switched.sinceSeq, '');
    const number = await raise(raiser, '水渠堵了');
    await sayAndWait(stack, secretary, `/assign ${number}`, `第 ${number} 号派给谁办？`);
    const typo = await sayAndWait(stack, secretary, '谢启富 3', '');
    expect(bodyOf(typo)).toBe('请点一位村干部，或发他/她的编号（如 2），后面可以跟期限（如 2 3）。');
    await waitForText(stack, secretary.id, typo.seq, `第 ${number} 号派给谁办？`);
    const dueAsk = await sayAndWait(
      stack,
      secretary,
      '3',
      `Li Ming（3 号）要在什么时候前办完第 ${number} 号？`,
    );
    const bad = await sayAndWait(stack, secretary, '明天吧', '');
    expect(bodyOf(bad)).toContain('期限看不懂');
    await waitForText(stack, secretary.id, bad.seq, `Li Ming（3 号）要在什么时候前办完`);
    expect(dueAsk).toBeDefined();
    await sayAndWait(stack, secretary, '5', `第 ${number} 号已派给 Li Ming（3 号），期限`);
    expect(await stepCount()).toBe(0);
    const back = await sayAndWait(stack, secretary, '/lang', '');
    const english = await press(
      stack,
      secretary.user,
      messageIdOf(back),
      langCallback.pack({ locale: 'en' }),
    );
    await waitForText(stack, secretary.id, english.sinceSeq, '');
  });

  it('a comment answered to the question keeps its line breaks (zh)', async () => {
    const number = await raise(raiser, '村口垃圾桶满了');
    await sayAndWait(stack, raiser, `/comment ${number}`, `请发送您对第 ${number} 号的评论`);
    await sayAndWait(stack, raiser, '第一，桶太小。\n第二，收得太少。', '评论已发表');
    await stack.settled(prisma);
    expect((await prisma.talkComment.findFirstOrThrow({ where: { item: { number } } })).text).toBe(
      '第一，桶太小。\n第二，收得太少。',
    );
    expect(bodyOf(await sayAndWait(stack, raiser, `/issue ${number}`, '办理经过'))).toContain(
      '第一，桶太小。\n第二，收得太少。',
    );
  });

  it('an inbox button, then acting by command, ends the question (en)', async () => {
    const number = await raise(raiser, '桥栏杆松了');
    const inbox = await sayAndWait(stack, secretary, '/inbox', '');
    await waitForText(stack, secretary.id, inbox.seq - 1, `#${number}`);
    const line = stack.emulator
      .calls({ chatId: secretary.id, method: 'sendMessage', sinceSeq: inbox.seq - 1 })
      .find((call) => buttonsOf(call).includes(`tinbox:reply:${number}@${villageId}`));
    if (!line) throw new Error('no inbox line');
    const pressed = await press(
      stack,
      secretary.user,
      messageIdOf(line),
      `tinbox:reply:${number}@${villageId}`,
    );
    await waitForText(stack, secretary.id, pressed.sinceSeq, `Send your public reply to #${number}`);
    await sayAndWait(
      stack,
      secretary,
      `/reply ${number} We will look tomorrow.`,
      `Replied publicly to #${number}`,
    );
    expect(await stepCount()).toBe(0);
    expect(bodyOf(await sayAndWait(stack, secretary, 'The well cover is cracked', ''))).toBe(ASK_CATEGORY_EN);
    await sayAndWait(stack, secretary, '/cancel', '');
  });

  it('a question whose item moved on is closed with a line saying so, not refused again and again (zh)', async () => {
    const number = await raise(raiser, '健身器材坏了');
    const asked = await sayAndWait(stack, raiser, `/comment ${number}`, `请发送您对第 ${number} 号的评论`);
    expect(bodyOf(asked)).toContain('/cancel');
    // A secretary merges it meanwhile (here: straight in the database).
    await prisma.talkItem.updateMany({ where: { number }, data: { status: 'MERGED' } });
    const answer = await sayAndWait(stack, raiser, '快修吧', '');
    expect(bodyOf(answer)).toBe(
      `第 ${number} 号现在是“已合并”，关于它的提问已关闭，这条消息没有用上。\n要评论它：/comment ${number} 内容`,
    );
    expect(await stepCount()).toBe(0);
    expect(bodyOf(await sayAndWait(stack, raiser, '快修吧', ''))).toBe(ASK_CATEGORY_ZH);
    await sayAndWait(stack, raiser, '/cancel', '');
  });

  it('a typo in the assign prompt is asked again; the cadre and due buttons assign and name the cadre (en)', async () => {
    // The secretary's answers count towards flood control (10 texts in 10 s) like any speech: this
    // file keeps under it.
    const number = await raise(raiser, '路面有坑');
    const asked = await sayAndWait(stack, secretary, `/assign ${number}`, `Who should do #${number}?`);
    expect(buttonsOf(asked)).toEqual([`tacad:${number}:1@${villageId}`, `tacad:${number}:3@${villageId}`]);
    expect(buttonTextsOf(asked.params.reply_markup)).toContain('Li Ming · 3');
    const typo = await sayAndWait(stack, secretary, '谢启富 3', '');
    expect(bodyOf(typo)).toBe(
      'Tap one of the cadres, or type their member number (like 2), optionally followed by the due date (2 3).',
    );
    await waitForText(stack, secretary.id, typo.seq, `Who should do #${number}?`);
    const notCadre = await sayAndWait(stack, secretary, '2 3', '');
    expect(bodyOf(notCadre)).toBe('Member 2 is not a cadre, so the task cannot go to them.');
    const again = await waitForText(stack, secretary.id, notCadre.seq, `Who should do #${number}?`);
    expect(await prisma.talkItem.count()).toBe(number);
    const chosen = await press(stack, secretary.user, messageIdOf(again), `tacad:${number}:3@${villageId}`);
    const dueAsk = await waitForText(
      stack,
      secretary.id,
      chosen.sinceSeq,
      `By when should Li Ming (No. 3) finish #${number}?`,
    );
    expect(buttonsOf(dueAsk)).toEqual([
      `tadue:${number}:3:3@${villageId}`,
      `tadue:${number}:3:7@${villageId}`,
      `tadue:${number}:3:date@${villageId}`,
    ]);
    const week = await press(stack, secretary.user, messageIdOf(dueAsk), `tadue:${number}:3:7@${villageId}`);
    await waitForText(stack, secretary.id, week.sinceSeq, `#${number} is assigned to Li Ming (No. 3), due`);
    expect(await stepCount()).toBe(0);
    const timeline = await sayAndWait(stack, secretary, `/issue ${number}`, 'What happened:');
    expect(bodyOf(timeline)).toMatch(/the task went to Li Ming \(No\. 3\), due \d{4}-\d{2}-\d{2}/);
    expect(bodyOf(await sayAndWait(stack, secretary, '2 3', ''))).toBe(ASK_CATEGORY_EN);
    await sayAndWait(stack, secretary, '/cancel', '');
  });
});
