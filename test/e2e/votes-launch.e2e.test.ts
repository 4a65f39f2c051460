import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { voteBallotCallback, voteCommentCallback, voteLikeCallback } from '../../bot/callback-data/votes.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import type { RecordedCall, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  joinAs,
  messageIdOf,
  press,
  sayAndWait,
  seedVillage,
  startVillage,
  waitForCallWithButton,
  waitForText,
} from './talk-helpers.ts';

/**
 * Rule votes, launched and voted on through the real bot and worker processes, in Chinese: the
 * secretary's /newvote conversation (defaults, then every option set), the group announcement and a
 * private ballot to each of 21 electors (one never opened the bot: it fails) with the secretary's
 * progress message, votes by button and /vote, a change of vote, a comment and a like, /votes with
 * turnout only, a proxy vote replaced by the villager's own, one vote per household, a secret ballot
 * that leaks no choice, and the refusals (not the secretary, another village, a newcomer, bad input,
 * after the close).
 */
const GROUP = { id: -1_007_700_000, title: '友谊村村民群', type: 'supergroup' as const };
const SEEDED = 16;
const UNREACHABLE_ID = 77_099;

let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let code: string;
let secretary: Person; // member 1
let qifu: Person; // member 2, 谢家
let xiaohong: Person; // member 3, 谢家 (same household)
let cadre: Person; // member 4
let auntie: Person; // member 5
const outsider: UserSpec = { id: 77_201, first_name: 'Outsider', language_code: 'zh-hans' };

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    code,
    secretary,
    people: [qifu, xiaohong, cadre, auntie],
  } = await startVillage({
    people: [
      {
        user: { id: 77_002, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢家',
      },
      {
        user: { id: 77_003, first_name: 'Hong', language_code: 'zh-hans' },
        name: '谢小红',
        household: '谢家',
      },
      {
        user: { id: 77_004, first_name: 'Wang', language_code: 'zh-hans' },
        name: '王干部',
        household: '王家',
      },
      {
        user: { id: 77_005, first_name: 'Zhang', language_code: 'zh-hans' },
        name: '张大妈',
        household: '张家',
      },
    ],
    cadres: [4],
    group: GROUP,
  }));
  // Members 6–21, joined through the use cases (quicker than 16 conversations); all but the last have
  // opened the bot, so the last one's ballot fails ("chat not found").
  for (let i = 0; i < SEEDED; i++) {
    const user: UserSpec = { id: 77_100 + i, first_name: `村民${i + 6}`, language_code: 'zh-hans' };
    const id = i === SEEDED - 1 ? UNREACHABLE_ID : user.id;
    await syncUser(prisma, { ...user, id });
    await joinVillage(prisma, { userId: BigInt(id), inviteCode: code });
    for (const text of [`村民${i + 6}`, `第${i + 6}户`]) {
      const membership = await findMembership(prisma, BigInt(id));
      if (!membership) throw new Error(`user ${id} did not join`);
      await answerOnboarding(prisma, { membership, text });
    }
    if (id !== UNREACHABLE_ID) stack.emulator.addChat({ user: { ...user, id } });
  }
  await seedVillage(prisma, { name: '邻村', creatorId: 77_200, users: [outsider] });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

/** Presses a /newvote choice on the latest question that has it. */
async function choose(person: Person, since: number, label: string): Promise<number> {
  const question = await waitForCallWithButton(stack, person.id, since, 'vnew:');
  const markup = JSON.parse(JSON.stringify(question.params.reply_markup)) as {
    inline_keyboard: { text: string; callback_data: string }[][];
  };
  const parsed = typeof markup === 'string' ? JSON.parse(markup) : markup;
  const button = parsed.inline_keyboard.flat().find((b: { text: string }) => b.text.includes(label));
  if (!button) throw new Error(`no "${label}" button on: ${bodyOf(question)}`);
  const pressed = await press(stack, person.user, messageIdOf(question), button.callback_data);
  return pressed.sinceSeq;
}

/** Says something and returns the seq before it, having waited for an answer containing `needle`. */
async function answer(person: Person, text: string, needle: string): Promise<number> {
  const since = stack.emulator.lastSeq();
  await sayAndWait(stack, person, text, needle);
  return since;
}

function ballotOf(call: RecordedCall, meaningPosition: number): string {
  const data = buttonsOf(call).find(
    (d) => d.startsWith(`vb:`) && d.split(':')[2]?.startsWith(`${meaningPosition}@`),
  );
  if (!data) throw new Error(`no ballot button ${meaningPosition} on: ${bodyOf(call)}`);
  return data;
}

const ballotInvites = new Map<number, RecordedCall>();

describe('launching a vote', () => {
  it('is refused to a villager, and writes nothing', async () => {
    await sayAndWait(stack, auntie, '/newvote', '您没有权限');
    expect(await prisma.conversationState.count({ where: { key: { startsWith: 'vote-draft:' } } })).toBe(0);
  });

  it('with the defaults: the group hears of it, every elector gets a ballot, the progress message ends at all sent', async () => {
    await answer(secretary, '/newvote', '表决的标题是什么');
    await answer(secretary, '禁止婚前大操大办', '提议的村规内容');
    let since = await answer(secretary, '婚前不得摆酒席宴请，违者取消当年文明户评选。', '这次表决是');
    since = await choose(secretary, since, '新订村规');
    for (const label of ['用默认', '默认 5 天', '记名投票（默认）', '不设（默认）', '过半数（默认）'])
      since = await choose(secretary, since, label);
    since = await choose(secretary, since, '全体村民（默认）');
    const preview = await waitForText(stack, secretary.id, since, '请核对表决内容');
    expect(bodyOf(preview)).toContain('类型：新订村规');
    expect(bodyOf(preview)).toContain('选项：1. 赞成  2. 反对  3. 弃权');
    expect(bodyOf(preview)).toContain('投票时间：5 天');
    since = await choose(secretary, since, '发起表决');
    const done = await waitForText(stack, secretary.id, since, '第 1 号表决已经发起');
    expect(bodyOf(done)).toContain('21 位村民');

    const announced = await waitForText(stack, GROUP.id, since, '📢 村规表决 第 1 号：禁止婚前大操大办');
    expect(bodyOf(announced)).toContain('婚前不得摆酒席宴请');
    expect(bodyOf(announced)).toMatch(/截止时间：\d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(bodyOf(announced)).toContain('/vote 1 赞成');
    for (const person of [secretary, qifu, xiaohong, cadre, auntie]) {
      const invite = await waitForCallWithButton(stack, person.id, since, 'vb:');
      expect(bodyOf(invite)).toContain('🗳 第 1 号表决：禁止婚前大操大办');
      expect(bodyOf(invite)).toContain('已投票：0 / 21');
      expect(buttonsOf(invite)).toContain(voteBallotCallback.pack({ number: 1, position: 1 }, villageId));
      ballotInvites.set(person.id, invite);
    }
    for (let i = 0; i < SEEDED - 1; i++) await waitForCallWithButton(stack, 77_100 + i, since, 'vb:');
    await stack.settled(prisma, 30_000);

    // One progress message, whose last text says all are settled: 20 delivered, 1 failed.
    const progress = stack.emulator
      .calls({ chatId: secretary.id, method: ['sendMessage', 'editMessageText'], ok: true, sinceSeq: since })
      .filter((call) => bodyOf(call).includes('第 1 号表决的选票'));
    expect(progress.filter((call) => call.method === 'sendMessage')).toHaveLength(1);
    expect(bodyOf(progress.at(-1) as RecordedCall)).toContain('发送完毕：已送达 20，发送失败 1，共 21 位');
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    expect(vote.progressMessageId).not.toBeNull();
    expect(await prisma.voteElector.count({ where: { voteId: vote.id } })).toBe(21);
  });
});

describe('voting', () => {
  it('by button, then a change by /vote: the reply says which way, the receipt, and that it replaced the first', async () => {
    const invite = ballotInvites.get(qifu.id) as RecordedCall;
    const pressed = await press(stack, qifu.user, messageIdOf(invite), ballotOf(invite, 1));
    expect(pressed.answer).toContain('已记下');
    const cast = await waitForText(stack, qifu.id, pressed.sinceSeq, '已记下您对第 1 号表决');
    expect(bodyOf(cast)).toContain('：1. 赞成');
    expect(bodyOf(cast)).toMatch(/回执码：[A-Z2-7]{8}/);
    expect(bodyOf(cast)).toContain('截止前可以改票');
    const changed = await sayAndWait(stack, qifu, '/vote 1 反对', '已改票');
    expect(bodyOf(changed)).toContain('现在是：2. 反对');
    expect(bodyOf(changed)).toContain('之前的投票已经作废');
    await sayAndWait(stack, xiaohong, '/vote 1 同意', '已记下您对第 1 号表决');
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    expect(await prisma.voteParticipation.count({ where: { voteId: vote.id } })).toBe(2);
  });

  it('takes a comment by its button and a like (a second press takes it back); the card shows them', async () => {
    const invite = ballotInvites.get(auntie.id) as RecordedCall;
    const asked = await press(
      stack,
      auntie.user,
      messageIdOf(invite),
      voteCommentCallback.pack({ number: 1 }, villageId),
    );
    await waitForText(stack, auntie.id, asked.sinceSeq, '请发送您对第 1 号表决的意见');
    await sayAndWait(stack, auntie, '赞成，办酒太浪费了', '意见已发表');
    const like = voteLikeCallback.pack({ number: 1 }, villageId);
    expect((await press(stack, auntie.user, messageIdOf(invite), like)).answer).toContain(
      '已点赞（共 1 个赞）',
    );
    expect((await press(stack, auntie.user, messageIdOf(invite), like)).answer).toContain(
      '已取消点赞（共 0 个赞）',
    );
    await press(stack, qifu.user, messageIdOf(ballotInvites.get(qifu.id) as RecordedCall), like);
    const card = await sayAndWait(stack, auntie, '/vote 1', '🗳 第 1 号表决');
    expect(bodyOf(card)).toContain('💬 张大妈（5 号）：赞成，办酒太浪费了');
    expect(bodyOf(card)).toContain('👍 1   💬 1 条意见');
    expect(bodyOf(card)).toContain('已投票：2 / 21');
    expect(buttonsOf(card)).toContain(voteBallotCallback.pack({ number: 1, position: 3 }, villageId));
  });

  it('/votes shows turnout only, to the secretary too', async () => {
    for (const person of [secretary, auntie]) {
      const list = await sayAndWait(stack, person, '/votes', '村里的表决');
      expect(bodyOf(list)).toContain('第 1 号 禁止婚前大操大办：进行中，已投票 2 / 21');
      expect(bodyOf(list)).not.toMatch(/赞成|反对\s*\d|\d+\s*票/);
    }
  });

  it('by proxy: the cadre hears the receipt, the villager is told, and their own vote replaces it', async () => {
    const recorded = await sayAndWait(stack, cadre, '/proxyvote 1 5 赞成', '已替 5 号村民记下');
    expect(bodyOf(recorded)).toMatch(/回执码：[A-Z2-7]{8}/);
    const told = await waitForText(stack, auntie.id, recorded.seq, '替您记下了第 1 号表决');
    expect(bodyOf(told)).toContain('王干部（4 号）');
    expect(bodyOf(told)).toContain('：赞成。');
    await sayAndWait(stack, qifu, '/proxyvote 1 5 反对', '您没有权限');
    const own = await sayAndWait(stack, auntie, '/vote 1 弃权', '已改票');
    expect(bodyOf(own)).toContain('3. 弃权');
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    const auntieRow = await prisma.member.findFirstOrThrow({ where: { villageId, number: 5 } });
    const participation = await prisma.voteParticipation.findUniqueOrThrow({
      where: { voteId_holder: { voteId: vote.id, holder: `m${auntieRow.id}` } },
    });
    expect(participation).toMatchObject({ castById: auntieRow.id, proxyById: null, casts: 2 });
  });

  it('is refused to a member of another village, by an old button and by /vote', async () => {
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 1 } });
    const before = await prisma.voteParticipation.count({ where: { voteId: vote.id } });
    const hello = await stack
      .person(outsider)
      .nextMessage(stack.emulator.sendText(outsider, '/votes').sinceSeq);
    const forged = stack.emulator.pressButton({
      user: outsider,
      messageId: messageIdOf(hello),
      data: voteBallotCallback.pack({ number: 1, position: 1 }, villageId),
      allowUnknownData: true,
    });
    const answered = await stack.emulator.waitForCall({
      method: 'answerCallbackQuery',
      sinceSeq: forged.sinceSeq,
    });
    expect(answered.params.callback_query_id).toBe(forged.callbackQueryId);
    expect(answered.params.show_alert).toBe(true);
    expect(String(answered.params.text)).toMatch(/还没有加入|没有权限/);
    await sayAndWait(stack, stack.person(outsider), '/vote 1 赞成', '没有找到第 1 号表决');
    await stack.settled(prisma);
    expect(await prisma.voteParticipation.count({ where: { voteId: vote.id } })).toBe(before);
  });

  it('is refused to a newcomer who joined after the launch', async () => {
    const newcomer = stack.person({ id: 77_300, first_name: 'Late', language_code: 'zh-hans' });
    await joinAs(stack, newcomer, code, '新来的', '新家');
    await sayAndWait(stack, newcomer, '/vote 1 赞成', '您不在第 1 号表决的投票名单里');
    const card = await sayAndWait(stack, newcomer, '/vote 1', '🗳 第 1 号表决');
    expect(bodyOf(card)).toContain('您不在这次表决的投票名单里');
  });

  it('answers bad input clearly and writes nothing', async () => {
    const before = await prisma.voteParticipation.count();
    await sayAndWait(stack, qifu, '/vote 99 赞成', '没有找到第 99 号表决');
    await sayAndWait(stack, qifu, '/vote 1 也许吧', '看不懂“也许吧”');
    await sayAndWait(stack, qifu, '/vote 1 7', '第 1 号表决没有这个选项');
    await sayAndWait(stack, qifu, '/vote', '投票：/vote 表决编号 赞成');
    await answer(secretary, '/newvote', '表决的标题是什么');
    const tooLong = await sayAndWait(stack, secretary, '村'.repeat(5000), '最多');
    expect(bodyOf(tooLong)).toContain('100');
    await waitForText(stack, secretary.id, tooLong.seq, '表决的标题是什么');
    await sayAndWait(stack, secretary, '/cancel', '已取消，表决没有发起');
    await stack.settled(prisma);
    expect(await prisma.voteParticipation.count()).toBe(before);
    expect(await prisma.vote.count({ where: { villageId } })).toBe(1);
  });
});

describe('a question asked in the middle of /newvote', () => {
  it('takes the answer (a comment), and the vote being drafted waits for the next one', async () => {
    await answer(secretary, '/newvote', '表决的标题是什么');
    const invite = ballotInvites.get(secretary.id) as RecordedCall;
    const asked = await press(
      stack,
      secretary.user,
      messageIdOf(invite),
      voteCommentCallback.pack({ number: 1 }, villageId),
    );
    await waitForText(stack, secretary.id, asked.sinceSeq, '请发送您对第 1 号表决的意见');
    await sayAndWait(stack, secretary, '请大家都来投票', '意见已发表');
    await sayAndWait(stack, secretary, '一个标题', '提议的村规内容');
    await sayAndWait(stack, secretary, '/cancel', '已取消，表决没有发起');
    expect(await prisma.voteComment.count({ where: { text: '请大家都来投票' } })).toBe(1);
  });
});

describe('a vote with every option set', () => {
  let receipt = '';

  it('is launched: a points rule, own labels, 36 hours, secret, quorum 60%, two thirds, one vote per household', async () => {
    let since = await answer(secretary, '/newvote', '表决的标题是什么');
    await answer(secretary, '帮邻居加分', '提议的村规内容');
    since = await answer(secretary, '帮邻居干农活从 8 分提到 10 分。', '这次表决是');
    since = await choose(secretary, since, '改积分规则');
    await answer(secretary, 'no-such-thing!', '不能作规则代码');
    await answer(secretary, 'help-neighbour', '改成多少分');
    await answer(secretary, '+10', '投票的选项');
    await answer(secretary, '同意 / 不同意 / 弃权', '投票多长时间');
    await answer(secretary, '45天', '最长 30 天');
    since = await answer(secretary, '36小时', '记名投票还是无记名投票');
    since = await choose(secretary, since, '无记名投票');
    since = await answer(secretary, '60%', '怎样算通过');
    since = await choose(secretary, since, '三分之二');
    since = await choose(secretary, since, '一户一票');
    const preview = await waitForText(stack, secretary.id, since, '请核对表决内容');
    for (const line of [
      '类型：积分规则 help-neighbour 改为 +10 分',
      '选项：1. 同意  2. 不同意  3. 弃权',
      '🔒 无记名投票',
      '至少 60% 的人投票',
      '三分之二',
      '一户一票',
      '投票时间：36 小时',
    ])
      expect(bodyOf(preview)).toContain(line);
    since = await choose(secretary, since, '发起表决');
    await waitForText(stack, secretary.id, since, '第 2 号表决已经发起');
    await waitForText(stack, GROUP.id, since, '📢 村规表决 第 2 号：帮邻居加分');
    await stack.settled(prisma, 30_000);
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 2 } });
    expect(vote).toMatchObject({
      secret: true,
      quorumPercent: 60,
      threshold: 'TWO_THIRDS',
      electorate: 'HOUSEHOLDS',
      kind: 'POINT_RULE',
    });
    expect(vote.closesAt.getTime() - vote.opensAt.getTime()).toBe(36 * 3_600_000);
  });

  it('counts one ballot per household: the second member of it replaces the first', async () => {
    const first = await sayAndWait(stack, qifu, '/vote 2 同意', '已记下您对第 2 号表决');
    receipt = /回执码：([A-Z2-7]{8})/.exec(bodyOf(first))?.[1] ?? '';
    expect(receipt).toHaveLength(8);
    const second = await sayAndWait(stack, xiaohong, '/vote 2 2', '已改票');
    expect(bodyOf(second)).toContain('2. 不同意');
    const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number: 2 } });
    expect(await prisma.voteParticipation.count({ where: { voteId: vote.id } })).toBe(1);
    expect(await prisma.voteBallot.count({ where: { voteId: vote.id } })).toBe(1);
  });

  it('leaks no voter’s choice: nothing anyone else gets names a voter or carries a receipt', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/votes', '第 2 号 帮邻居加分：进行中，已投票 1 / ');
    const card = await sayAndWait(stack, secretary, '/vote 2', '🗳 第 2 号表决');
    expect(bodyOf(card)).toContain('已投票：1 / ');
    await sayAndWait(stack, auntie, '/vote 2', '🗳 第 2 号表决');
    await sayAndWait(stack, cadre, '/votes', '村里的表决');
    const others = stack.emulator
      .calls({ method: ['sendMessage', 'editMessageText'], ok: true })
      .filter(
        (call) => Number(call.params.chat_id) !== qifu.id && Number(call.params.chat_id) !== xiaohong.id,
      );
    for (const call of others) {
      expect(bodyOf(call)).not.toContain(receipt);
      if (call.seq > since) expect(bodyOf(call)).not.toMatch(/谢启富|谢小红/);
    }
    const groupPosts = stack.emulator.calls({ chatId: GROUP.id, method: 'sendMessage', ok: true });
    for (const post of groupPosts.filter((p) => bodyOf(p).includes('第 2 号')))
      expect(bodyOf(post)).not.toMatch(/谢/);
  });
});

describe('after the close', () => {
  it('an old ballot button and /vote are refused as closed', async () => {
    // The close is the other half of the votes work; closing the row as it would stands in for it here.
    await prisma.vote.updateMany({
      where: { villageId, number: 1 },
      data: { status: 'CLOSED', result: 'ADOPTED', closedAt: new Date(), turnout: 3 },
    });
    const invite = ballotInvites.get(cadre.id) as RecordedCall;
    const pressed = await press(stack, cadre.user, messageIdOf(invite), ballotOf(invite, 1));
    expect(pressed.showAlert).toBe(true);
    expect(pressed.answer).toContain('第 1 号表决已经结束了');
    await sayAndWait(stack, cadre, '/vote 1 赞成', '第 1 号表决已经结束了');
    const list = await sayAndWait(stack, cadre, '/votes', '村里的表决');
    expect(bodyOf(list)).toContain('第 1 号 禁止婚前大操大办：已结束，投票 3 / 21');
  });
});
