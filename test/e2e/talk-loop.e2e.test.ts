import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { talkRateCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { type Person, SECRETARY, type Stack } from './stack.ts';
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
 * The whole Villagers Talk loop through the real bot and worker processes, in Chinese with one
 * English-speaking neighbour: speak with a photo → two me-toos → comments (button and group reply)
 * → assign due today (the reminder fires at once) → done → 2 stars reopens → done → 5 stars closes.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let raiser: Person; // member 2, zh
let neighbour: Person; // member 3, en
let auntie: Person; // member 4, zh
let cadre: Person; // member 5, zh
const GROUP = { id: -100500, title: '友谊村群' };
let postId: number;

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [raiser, neighbour, auntie, cadre],
  } = await startVillage({
    people: [
      {
        user: { id: 72002, first_name: 'Qifu', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 72003, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: '王家',
      },
      {
        user: { id: 72004, first_name: 'Zhang', language_code: 'zh-hans' },
        name: '张大妈',
        household: '张家',
      },
      {
        user: { id: 72005, first_name: 'Wang', language_code: 'zh-hans' },
        name: '王干部',
        household: '王家',
      },
    ],
    cadres: [5],
  }));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('Villagers Talk, the whole loop', () => {
  it('links the village group when the secretary sends /linkgroup in it', async () => {
    const { sinceSeq } = stack.emulator.sendGroupText(GROUP, SECRETARY, '/linkgroup');
    const linked = await waitForText(stack, GROUP.id, sinceSeq, '已绑定');
    expect(bodyOf(linked)).toContain('本群是友谊村的村群');
    await stack.settled(prisma);
    expect((await prisma.village.findFirstOrThrow()).groupChatId).toBe(BigInt(GROUP.id));
  });

  it('speaks with a photo: category, submit, number, and a post in the group with buttons', async () => {
    const photo = stack.emulator.injectMessage({
      user: raiser.user,
      content: { photo: {}, caption: '3组水渠坏了，水漫到路上' },
    });
    const ask = await waitForText(stack, raiser.id, photo.sinceSeq, '这件事属于哪一类？');
    expect(buttonTextsOf(ask.params.reply_markup)).toEqual(['设施', '环境', '安全', '建议', '纠纷', '其他']);
    const chosen = await press(stack, raiser.user, messageIdOf(ask), `tcat:0@${villageId}`);
    const confirm = await waitForText(stack, raiser.id, chosen.sinceSeq, '类别：设施。确认提交吗？');
    expect(bodyOf(confirm)).not.toContain('类似');
    const submitted = await press(stack, raiser.user, messageIdOf(confirm), `tdraft:ok@${villageId}`);
    await waitForText(stack, raiser.id, submitted.sinceSeq, '已提交，编号第 1 号。');
    const post = await stack.emulator.waitForCall({
      chatId: GROUP.id,
      method: 'sendPhoto',
      ok: true,
      sinceSeq: submitted.sinceSeq,
    });
    expect(bodyOf(post)).toContain('【村民说事 第 1 号 · 设施】');
    expect(bodyOf(post)).toContain('3组水渠坏了，水漫到路上');
    expect(bodyOf(post)).toContain('提出人：谢启富');
    expect(buttonsOf(post)).toEqual([
      `tlike:1@${villageId}`,
      `tcomm:1@${villageId}`,
      `tfollow:1@${villageId}`,
    ]);
    postId = messageIdOf(post);
    await stack.settled(prisma);
    const item = await prisma.talkItem.findFirstOrThrow({ where: { number: 1 } });
    expect(item.groupMessageId).toBe(BigInt(postId));
    expect(item.photoFileId).toBeTruthy();
    expect(item.category).toBe('FACILITY');
    expect(await prisma.conversationState.count()).toBe(0);
  });

  it('counts me-too from two others, once each, and updates the post', async () => {
    const first = await press(stack, neighbour.user, postId, `tlike:1@${villageId}`, GROUP.id);
    expect(first.answer).toBe('Counted: 1 people now raise #1.');
    const second = await press(stack, auntie.user, postId, `tlike:1@${villageId}`, GROUP.id);
    expect(second.answer).toBe('已记下，第 1 号现在有 2 人反映。');
    const again = await press(stack, auntie.user, postId, `tlike:1@${villageId}`, GROUP.id);
    expect(again.answer).toBe('您已经点过了，第 1 号共有 2 人反映。');
    await stack.settled(prisma);
    const [view] = stack.emulator.chatMessages(GROUP.id).filter((m) => m.messageId === postId);
    expect(buttonTextsOf(view?.replyMarkup)).toContain('👍 我也是（2）');
    expect(await prisma.talkLike.count()).toBe(2);
    // The unchanged third tap edited nothing, so nothing failed.
    expect(stack.emulator.calls({ method: 'editMessageReplyMarkup', ok: false })).toEqual([]);
  });

  it('takes a comment through the 💬 button (asked in private) and tells the followers', async () => {
    const pressed = await press(stack, auntie.user, postId, `tcomm:1@${villageId}`, GROUP.id);
    expect(pressed.answer).toBe('请到和我的私聊里写评论。');
    await waitForText(stack, auntie.id, pressed.sinceSeq, '请发送您对第 1 号的评论');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, auntie, '我家门口也漫水了', '评论已发表在第 1 号下。');
    await waitForText(stack, raiser.id, since, '第 1 号有新评论。发送 /issue 1 查看。');
    await waitForText(stack, neighbour.id, since, 'New comment on #1. Send /issue 1 to read it.');
  });

  it('takes a comment made by replying to the post in the group', async () => {
    const reply = stack.emulator.replyTo(neighbour.user, postId, 'The water reaches the school road too', {
      chat: GROUP,
    });
    await waitForText(stack, raiser.id, reply.sinceSeq, '第 1 号有新评论');
    await stack.settled(prisma);
    const comments = await prisma.talkComment.findMany({ orderBy: { id: 'asc' } });
    expect(comments.map((c) => c.text)).toEqual([
      '我家门口也漫水了',
      'The water reaches the school road too',
    ]);
    const issue = await sayAndWait(stack, raiser, '/issue 1', '办理经过：');
    expect(bodyOf(issue)).toContain('谢启富 提出');
    expect(bodyOf(issue)).toMatch(/张大妈 评论\[\d+\]：我家门口也漫水了/);
    expect(bodyOf(issue)).toMatch(/Wang Xiuying 评论\[\d+\]：The water reaches the school road too/);
    const english = await sayAndWait(stack, neighbour, '/issue 1', 'What happened:');
    expect(bodyOf(english)).toContain('raised by 谢启富');
    expect(bodyOf(english)).toContain('Status: open · 👍 2');
  });

  it('lists the open items', async () => {
    const issues = await sayAndWait(stack, neighbour, '/issues', 'Open items');
    expect(bodyOf(issues)).toContain('#1 [Facility] 3组水渠坏了，水漫到路上 — open, 👍 2');
  });

  it('assigns from the inbox, due today: the cadre hears the task and the reminder fires', async () => {
    const inboxSeq = stack.emulator.lastSeq();
    stack.emulator.sendText(secretary.user, '/inbox');
    const line = await waitForText(stack, secretary.id, inboxSeq, '第 1 号 [设施]');
    expect(buttonsOf(line)).toEqual([
      `tinbox:reply:1@${villageId}`,
      `tinbox:assign:1@${villageId}`,
      `tinbox:decline:1@${villageId}`,
      `tinbox:merge:1@${villageId}`,
    ]);
    const pressed = await press(stack, secretary.user, messageIdOf(line), `tinbox:assign:1@${villageId}`);
    const whom = await waitForText(stack, secretary.id, pressed.sinceSeq, '第 1 号派给谁办？');
    expect(buttonsOf(whom)).toContain(`tacad:1:5@${villageId}`);
    const chosen = await press(stack, secretary.user, messageIdOf(whom), `tacad:1:5@${villageId}`);
    await waitForText(stack, secretary.id, chosen.sinceSeq, '要在什么时候前办完第 1 号？');
    const since = stack.emulator.lastSeq();
    // Due today: typed, since the buttons offer three days, a week or a date.
    await sayAndWait(stack, secretary, '0', '（5 号），期限');
    await waitForText(stack, cadre.id, since, '您有一件新任务：第 1 号');
    await waitForText(stack, cadre.id, since, '⏰ 提醒：第 1 号');
    await waitForText(stack, raiser.id, since, '第 1 号已派给');
    const tasks = await sayAndWait(stack, cadre, '/tasks', '第 1 号：');
    expect(bodyOf(tasks)).toContain('未开始');
  });

  it('records progress, marks done, and asks the raiser to rate', async () => {
    await stack.settled(prisma);
    await sayAndWait(stack, cadre, '/progress 1 已经买好水泥', '第 1 号的进展已记录。');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, cadre, '/done 1', '第 1 号已标为办完');
    const request = await waitForText(stack, raiser.id, since, '您满意吗？请点星星打分');
    // The request to rate carries the stars itself.
    expect(buttonsOf(request)).toEqual(
      [1, 2, 3, 4, 5].map((stars) => talkRateCallback.pack({ number: 1, round: 1, stars }, villageId)),
    );
  });

  it('rates 2 stars, not resolved, with a comment: reopened, secretary told; a double tap is harmless', async () => {
    const ask = await sayAndWait(stack, raiser, '/rate 1', '请打分');
    const stars = talkRateCallback.pack({ number: 1, round: 1, stars: 2 }, villageId);
    expect(buttonsOf(ask)).toContain(stars);
    const starPress = await press(stack, raiser.user, messageIdOf(ask), stars);
    const outcomeAsk = await waitForText(stack, raiser.id, starPress.sinceSeq, '问题解决了吗？');
    const outcome = talkRateCallback.pack(
      { number: 1, round: 1, stars: 2, outcome: 'NOT_RESOLVED' },
      villageId,
    );
    const outcomePress = await press(stack, raiser.user, messageIdOf(outcomeAsk), outcome);
    const commentAsk = await waitForText(stack, raiser.id, outcomePress.sinceSeq, '还想说点什么吗？');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, raiser, '水泥没干就下雨了，还是漏', '第 1 号已重新打开');
    await waitForText(stack, secretary.id, since, '第 1 号的提出人只打了 2 星');
    const skip = talkRateCallback.pack(
      {
        number: 1,
        round: 1,
        stars: 2,
        outcome: 'NOT_RESOLVED',
        skip: true,
      },
      villageId,
    );
    const doubleTap = await press(stack, raiser.user, messageIdOf(commentAsk), skip);
    // The double tap's notice says what is true: rated, not "or not done yet".
    expect(doubleTap.answer).toBe('第 1 号已经评价过了，不用再评。');
    await stack.settled(prisma);
    const item = await prisma.talkItem.findFirstOrThrow({ where: { number: 1 } });
    expect(item.status).toBe('REOPENED');
    expect(item.round).toBe(2);
    expect(await prisma.talkRating.count()).toBe(1);
  });

  it('is assigned again, done again, rated 5 stars resolved: closed', async () => {
    await sayAndWait(stack, secretary, '/assign 1 5 3', '（5 号），期限');
    await stack.settled(prisma);
    await sayAndWait(stack, cadre, '/done 1', '第 1 号已标为办完');
    await stack.settled(prisma);
    const ask = await sayAndWait(stack, raiser, '/rate 1', '请打分');
    const stars = await press(
      stack,
      raiser.user,
      messageIdOf(ask),
      talkRateCallback.pack({ number: 1, round: 2, stars: 5 }, villageId),
    );
    const outcomeAsk = await waitForText(stack, raiser.id, stars.sinceSeq, '问题解决了吗？');
    const outcome = talkRateCallback.pack({ number: 1, round: 2, stars: 5, outcome: 'RESOLVED' }, villageId);
    const outcomePress = await press(stack, raiser.user, messageIdOf(outcomeAsk), outcome);
    const commentAsk = await waitForText(stack, raiser.id, outcomePress.sinceSeq, '还想说点什么吗？');
    const skip = talkRateCallback.pack(
      { number: 1, round: 2, stars: 5, outcome: 'RESOLVED', skip: true },
      villageId,
    );
    const skipped = await press(stack, raiser.user, messageIdOf(commentAsk), skip);
    await waitForText(stack, raiser.id, skipped.sinceSeq, '谢谢您的评价！第 1 号已办结。');
    await stack.settled(prisma);
    const item = await prisma.talkItem.findFirstOrThrow({ where: { number: 1 } });
    expect(item.status).toBe('RATED');
    const timeline = await sayAndWait(stack, raiser, '/issue 1', '办理经过：');
    expect(bodyOf(timeline)).toContain('谢启富 评价：2 星，没有解决，“水泥没干就下雨了，还是漏”');
    expect(bodyOf(timeline)).toContain('谢启富 评价：5 星，已解决');
    expect(bodyOf(timeline)).toContain('王干部 记录进展：已经买好水泥');
  });

  it('never failed an update', async () => {
    await stack.settled(prisma);
    expect(await prisma.inboundUpdate.findMany({ where: { attempts: { gt: 0 } } })).toEqual([]);
  });
});
