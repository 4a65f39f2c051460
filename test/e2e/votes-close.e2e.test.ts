import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voteBallotCallback } from '../../bot/callback-data/votes.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type TimerName } from '../../worker/queues.ts';
import { voteCloseKey, voteReminderKey } from '../../worker/votes-schedule.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForCallWithButton,
  waitForText,
} from './talk-helpers.ts';

/**
 * A rule vote from launch to rulebook through the real bot and worker processes, in Chinese: the
 * secretary launches with the defaults; three of five vote (one changes their mind); the reminder,
 * moved to the next seconds, reaches only the two who have not voted; the close, moved likewise, runs
 * at its deadline: the result in the group (an open ballot: with names), a notice to each voter, the
 * rule in the rulebook (/rules, /rules history), the receipts published (/receipts, and as a file), a
 * ballot button pressed after the close refused. The deadline is moved the way the reconciler would
 * re-add a timer: its rows and its delayed job.
 */
const GROUP = { id: -1_007_800_000, title: '溪西村村民群', type: 'supergroup' as const };

let stack: Stack;
let prisma: PrismaClient;
let jobs: JobProducer;
let villageId: number;
let secretary: Person;
let qifu: Person;
let xiaojun: Person;
let cadre: Person;
let auntie: Person;
const invites = new Map<number, RecordedCall>();

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [qifu, xiaojun, cadre, auntie],
  } = await startVillage({
    people: [
      {
        user: { id: 78_002, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢家',
      },
      {
        user: { id: 78_003, first_name: 'Xiaojun', language_code: 'zh-hans' },
        name: '薛小军',
        household: '薛家',
      },
      {
        user: { id: 78_004, first_name: 'Wang', language_code: 'zh-hans' },
        name: '王干部',
        household: '王家',
      },
      {
        user: { id: 78_005, first_name: 'Zhang', language_code: 'zh-hans' },
        name: '张大妈',
        household: '张家',
      },
    ],
    cadres: [4],
    group: GROUP,
  }));
  jobs = createJobProducer({
    redisUrl: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: stack.redisPrefix,
    logger: createLogger('silent', 'votes-close-e2e'),
  });
}, 60_000);

afterAll(async () => {
  await jobs?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

/** Presses the /newvote button whose label contains `label` on the latest question. */
async function choose(since: number, label: string): Promise<number> {
  const question = await waitForCallWithButton(stack, secretary.id, since, 'vnew:');
  const markup = question.params.reply_markup as unknown;
  const parsed = (typeof markup === 'string' ? JSON.parse(markup) : markup) as {
    inline_keyboard: { text: string; callback_data: string }[][];
  };
  const button = parsed.inline_keyboard.flat().find((b) => b.text.includes(label));
  if (!button) throw new Error(`no "${label}" button on: ${bodyOf(question)}`);
  return (await press(stack, secretary.user, messageIdOf(question), button.callback_data)).sinceSeq;
}

async function answer(text: string, needle: string): Promise<number> {
  const since = stack.emulator.lastSeq();
  await sayAndWait(stack, secretary, text, needle);
  return since;
}

/** Moves one of the vote's timers to `dueAt`: its row, and its delayed job in Redis. */
async function moveTimer(name: TimerName, key: string, dueAt: Date): Promise<void> {
  const timer = await prisma.scheduledTimer.findUniqueOrThrow({ where: { key: timerKey(name, key) } });
  expect(timer.status).toBe('PENDING');
  await prisma.scheduledTimer.update({ where: { id: timer.id }, data: { dueAt } });
  await jobs.removeTimers([timer.id]);
  await jobs.addTimers([{ id: timer.id, dueAt }]);
}

const messagesTo = (chatId: number, since: number, needle: string) =>
  stack.emulator
    .calls({ chatId, method: 'sendMessage', ok: true, sinceSeq: since })
    .filter((call) => bodyOf(call).includes(needle));

describe('a rule vote from launch to the rulebook', () => {
  it('is launched with the defaults and reaches every member', async () => {
    await answer('/newvote', '表决的标题是什么');
    await answer('婚前不办酒席', '提议的村规内容');
    let since = await answer('本村村民婚前不再摆酒席宴请宾客，喜事新办。', '这次表决是');
    since = await choose(since, '新订村规');
    for (const label of [
      '用默认',
      '默认 5 天',
      '记名投票（默认）',
      '不设（默认）',
      '过半数（默认）',
      '全体村民（默认）',
    ])
      since = await choose(since, label);
    await waitForText(stack, secretary.id, since, '请核对表决内容');
    since = await choose(since, '发起表决');
    await waitForText(stack, secretary.id, since, '第 1 号表决已经发起');
    await waitForText(stack, GROUP.id, since, '村规表决 第 1 号：婚前不办酒席');
    for (const person of [secretary, qifu, xiaojun, cadre, auntie])
      invites.set(person.id, await waitForCallWithButton(stack, person.id, since, 'vb:'));
  });

  it('takes three votes, one changed; nobody sees a count before the close', async () => {
    await sayAndWait(stack, xiaojun, '/vote 1 赞成', '已记下您对第 1 号表决');
    await sayAndWait(stack, qifu, '/vote 1 反对', '已记下您对第 1 号表决');
    await sayAndWait(stack, qifu, '/vote 1 赞成', '已改票');
    await sayAndWait(stack, cadre, '/vote 1 反对', '已记下您对第 1 号表决');
    const list = await sayAndWait(stack, secretary, '/votes', '村里的表决');
    expect(bodyOf(list)).toContain('已投票 3 / 5');
    expect(bodyOf(list)).not.toMatch(/\d+\s*票/);
    const early = await sayAndWait(stack, auntie, '/receipts 1', '还没有结束');
    expect(bodyOf(early)).not.toMatch(/[A-Z2-7]{10}/);
  });

  it('reminds only those who have not voted, once', async () => {
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    const since = stack.emulator.lastSeq();
    await moveTimer('vote-reminder', voteReminderKey(vote.id), new Date(Date.now() + 1_000));
    await waitForText(stack, secretary.id, since, '您还没有投票');
    await waitForText(stack, auntie.id, since, '您还没有投票');
    await stack.settled(prisma, 20_000);
    for (const person of [qifu, xiaojun, cadre])
      expect(messagesTo(person.id, since, '您还没有投票')).toEqual([]);
    for (const person of [secretary, auntie])
      expect(messagesTo(person.id, since, '您还没有投票')).toHaveLength(1);
  });

  it('closes at its deadline: the result in the group with names, each voter told, the rule in the rulebook', async () => {
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    const since = stack.emulator.lastSeq();
    const closesAt = new Date(Date.now() + 1_500);
    await prisma.vote.update({ where: { id: vote.id }, data: { closesAt } });
    await moveTimer('vote-close', voteCloseKey(vote.id), closesAt);

    const result = await waitForText(stack, GROUP.id, since, '第 1 号表决结果：婚前不办酒席');
    expect(result.time).toBeGreaterThanOrEqual(closesAt.getTime());
    expect(bodyOf(result)).toContain('赞成：2 票');
    expect(bodyOf(result)).toContain('反对：1 票');
    expect(bodyOf(result)).toContain('参加投票：3 / 5');
    expect(bodyOf(result)).toContain('✅ 通过');
    expect(bodyOf(result)).toContain('已写入村规民约，为第 1 条');
    const names = await waitForText(stack, GROUP.id, since, '各人的选择');
    expect(bodyOf(names)).toMatch(/赞成：.*谢启富/);
    expect(bodyOf(names)).toMatch(/反对：.*王干部/);
    for (const person of [qifu, xiaojun, cadre]) await waitForText(stack, person.id, since, '已结束：通过');
    await stack.settled(prisma, 20_000);
    for (const person of [secretary, auntie]) expect(messagesTo(person.id, since, '已结束')).toEqual([]);
    expect(messagesTo(GROUP.id, since, '第 1 号表决结果')).toHaveLength(1);

    const closed = await prisma.vote.findUniqueOrThrow({ where: { id: vote.id } });
    expect(closed).toMatchObject({ status: 'CLOSED', result: 'ADOPTED', turnout: 3 });
    const rules = await sayAndWait(stack, auntie, '/rules', '村规民约');
    expect(bodyOf(rules)).toContain('第 1 条　婚前不办酒席（第 1 版）');
    expect(bodyOf(rules)).toContain('本村村民婚前不再摆酒席宴请宾客');
    const history = await sayAndWait(stack, auntie, '/rules history', '村规民约的历史');
    expect(bodyOf(history)).toContain('第 1 条「婚前不办酒席」第 1 版');
    expect(bodyOf(history)).toContain('由第 1 号表决「婚前不办酒席」决定');
  });

  it('publishes every receipt with its choice, as a message and a file, after the close', async () => {
    const since = stack.emulator.lastSeq();
    const receipts = await sayAndWait(stack, auntie, '/receipts 1', '全部回执');
    const lines = bodyOf(receipts).match(/[A-Z2-7]{10} {2}\S+/g) ?? [];
    expect(lines).toHaveLength(3);
    const stored = await prisma.voteBallot.findMany({ where: { vote: { villageId, number: 1 } } });
    for (const ballot of stored) expect(bodyOf(receipts)).toContain(ballot.receipt);
    const file = await stack.emulator.waitForCall(
      { method: 'sendDocument', chatId: auntie.id, sinceSeq: since },
      15_000,
    );
    expect(file.ok).toBe(true);
  });

  it('refuses a ballot after the close, by button and by /vote, and counts nothing more', async () => {
    const invite = invites.get(auntie.id) as RecordedCall;
    const pressed = await press(
      stack,
      auntie.user,
      messageIdOf(invite),
      voteBallotCallback.pack({ number: 1, position: 1 }, villageId),
    );
    expect(pressed.answer).toContain('已经结束');
    await sayAndWait(stack, auntie, '/vote 1 赞成', '已经结束');
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    expect(await prisma.voteBallot.count({ where: { voteId: vote.id } })).toBe(3);
  });
});
