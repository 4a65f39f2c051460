import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { villageOfCallbackData } from '../../bot/callback-data/codec.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { RecordedCall, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createVillageAs, type Person, SECRETARY, Stack } from './stack.ts';
import { buttonsOf, messageIdOf, press, sayAndWait, waitForText } from './talk-helpers.ts';

/**
 * Several villages per person (issue 9): a county admin runs three villages, a villager belongs to
 * two, a join given up goes back to where the person was, and a button acts in the village it was
 * shown for whatever village its presser has switched to since.
 */
let stack: Stack;
let prisma: PrismaClient;

beforeEach(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  stack = await Stack.start({ rateLimits: false });
  await stack.startBot();
  await stack.startWorker();
});

afterEach(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

const VILLAGER: UserSpec = { id: 74001, first_name: 'Qifu', language_code: 'zh-hans' };

async function villageId(name: string): Promise<number> {
  return (await prisma.village.findFirstOrThrow({ where: { name } })).id;
}

/** The button on `call` whose data starts with `prefix`. */
function buttonOf(call: RecordedCall, prefix: string): string {
  const found = buttonsOf(call).find((data) => data.startsWith(prefix));
  if (!found) throw new Error(`no button ${prefix}… among ${buttonsOf(call).join(', ')}`);
  return found;
}

/** /village, then the button of `name`: the person acts there from now on. */
async function switchTo(person: Person, name: string): Promise<void> {
  const list = await sayAndWait(stack, person, '/village', '您在这些村庄');
  const id = await villageId(name);
  const data = buttonsOf(list).find((button) => villageOfCallbackData(button) === id);
  if (!data) throw new Error(`no button for ${name} in: ${String(list.params.text)}`);
  const pressed = await press(stack, person.user, messageIdOf(list), data);
  await waitForText(stack, person.id, pressed.sinceSeq, `已切换到${name}`);
}

/** A plain message, its category, submitted: returns the item's number in the current village. */
async function raiseInChat(person: Person, text: string): Promise<number> {
  const asked = await sayAndWait(stack, person, text, '这件事属于哪一类？');
  const picked = await press(stack, person.user, messageIdOf(asked), buttonsOf(asked)[0] ?? '');
  const confirm = await waitForText(stack, person.id, picked.sinceSeq, '确认提交吗？');
  const submitted = await press(stack, person.user, messageIdOf(confirm), buttonOf(confirm, 'tdraft:ok'));
  const done = await waitForText(stack, person.id, submitted.sinceSeq, '已提交，编号第');
  return Number(/第 (\d+) 号/.exec(String(done.params.text))?.[1]);
}

async function join(person: Person, code: string, name: string, household: string): Promise<void> {
  await sayAndWait(stack, person, `/start join_${code}`, '请发送您的真实姓名');
  await sayAndWait(stack, person, name, '户名');
  await sayAndWait(stack, person, household, '好了！您已加入');
}

describe('a county admin with three villages', () => {
  it('creates them, keeps the secretary role in each, switches between them and acts in each', async () => {
    const admin = stack.person(SECRETARY);
    await createVillageAs(admin, '东村');
    await createVillageAs(admin, '西村');
    await createVillageAs(admin, '南村');

    // The newest is current; /village lists all three, each with the secretary role.
    const list = await sayAndWait(stack, admin, '/village', '您在这些村庄');
    const text = String(list.params.text);
    expect(text).toContain('▶ 南村：书记，第 1 号（当前）');
    expect(text).toContain('· 东村：书记，第 1 号');
    expect(text).toContain('· 西村：书记，第 1 号');
    expect(buttonsOf(list).map(villageOfCallbackData).sort()).toEqual(
      [await villageId('东村'), await villageId('西村')].sort(),
    );
    expect(await sayAndWait(stack, admin, '/start', '欢迎回来')).toSatisfy((call: RecordedCall) =>
      String(call.params.text).includes('您在 3 个村庄，发送 /village 切换。'),
    );

    for (const name of ['东村', '西村', '南村']) {
      await switchTo(admin, name);
      await sayAndWait(stack, admin, '/me', `村庄：${name}`);
      expect(await raiseInChat(admin, `${name}的路灯坏了`)).toBe(1);
      const inbox = await sayAndWait(stack, admin, '/inbox', '待回应的说事共 1 件');
      expect(inbox).toBeTruthy();
    }
    await stack.settled(prisma);

    const items = await prisma.talkItem.findMany({ include: { village: true, raiser: true } });
    expect(items.map((item) => [item.village.name, item.number, item.text]).sort()).toEqual([
      ['东村', 1, '东村的路灯坏了'],
      ['南村', 1, '南村的路灯坏了'],
      ['西村', 1, '西村的路灯坏了'],
    ]);
    for (const item of items) expect(item.raiser.villageId).toBe(item.villageId);
    const grants = await prisma.roleGrant.findMany({
      where: { role: 'SECRETARY', member: { userId: BigInt(SECRETARY.id) } },
    });
    expect(grants).toHaveLength(3);
  }, 90_000);
});

describe('in English', () => {
  it('lists the villages and switches', async () => {
    const admin = stack.person(SECRETARY);
    await createVillageAs(admin, '东村');
    await createVillageAs(admin, '西村');
    await sayAndWait(stack, admin, '/lang en', 'English');
    const list = await sayAndWait(stack, admin, '/village', 'Your villages:');
    expect(String(list.params.text)).toContain('▶ 西村: secretary, member 1 (current)');
    const pressed = await press(stack, admin.user, messageIdOf(list), buttonsOf(list)[0] ?? '');
    await waitForText(stack, admin.id, pressed.sinceSeq, 'Switched to 东村. There you are: secretary.');
    await sayAndWait(stack, admin, '/me', '东村');
  }, 60_000);
});

describe('a villager in two villages', () => {
  it('rates in one through an old button after switching, and comments in the other', async () => {
    const admin = stack.person(SECRETARY);
    const east = await createVillageAs(admin, '东村');
    const west = await createVillageAs(admin, '西村');
    const villager = stack.person(VILLAGER);
    await join(villager, east, '谢启富', '谢启富家');
    await join(villager, west, '谢启富', '谢家');

    // An item numbered 1 in each village.
    expect(await raiseInChat(villager, '西村的水渠堵了')).toBe(1);
    await switchTo(villager, '东村');
    expect(await raiseInChat(villager, '东村的路灯坏了')).toBe(1);

    // 东村's #1 is done: the villager is asked to rate it, with stars that name 东村.
    await switchTo(admin, '东村');
    await sayAndWait(stack, admin, '/assign 1 1 3', '第 1 号已派给');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, admin, '/done 1', '第 1 号已标为办完');
    const request = await waitForText(stack, villager.id, since, '您满意吗？请点星星打分');
    const fourStars = buttonOf(request, 'trate:1:1:4');
    expect(villageOfCallbackData(fourStars)).toBe(await villageId('东村'));

    // The villager switches to 西村 (whose #1 is open), then presses the old 东村 button.
    await switchTo(villager, '西村');
    const stars = await press(stack, villager.user, messageIdOf(request), fourStars);
    const outcomeAsk = await waitForText(stack, villager.id, stars.sinceSeq, '问题解决了吗？');
    const resolved = await press(
      stack,
      villager.user,
      messageIdOf(outcomeAsk),
      buttonOf(outcomeAsk, 'trate:1:1:4:0'),
    );
    const commentAsk = await waitForText(stack, villager.id, resolved.sinceSeq, '还想说点什么吗？');
    const skipped = await press(
      stack,
      villager.user,
      messageIdOf(commentAsk),
      buttonOf(commentAsk, 'trate:'),
    );
    await waitForText(stack, villager.id, skipped.sinceSeq, '谢谢您的评价！第 1 号已办结。');

    // And comments on 西村's #1.
    await switchTo(villager, '西村');
    await sayAndWait(stack, villager, '/comment 1 水渠里全是落叶', '评论已发表在第 1 号下');
    await stack.settled(prisma);

    const eastItem = await prisma.talkItem.findFirstOrThrow({
      where: { number: 1, village: { name: '东村' } },
      include: { ratings: { include: { rater: true } }, comments: true },
    });
    const westItem = await prisma.talkItem.findFirstOrThrow({
      where: { number: 1, village: { name: '西村' } },
      include: { ratings: true, comments: { include: { author: true } } },
    });
    expect(eastItem.status).toBe('RATED');
    expect(eastItem.ratings.map((rating) => [rating.stars, rating.rater.villageId])).toEqual([
      [4, eastItem.villageId],
    ]);
    expect(eastItem.comments).toEqual([]);
    expect(westItem.status).toBe('OPEN');
    expect(westItem.ratings).toEqual([]);
    expect(westItem.comments.map((comment) => [comment.text, comment.author.villageId])).toEqual([
      ['水渠里全是落叶', westItem.villageId],
    ]);
  }, 120_000);

  it('gives up a join with /cancel and is back in the first village, able to join again', async () => {
    const admin = stack.person(SECRETARY);
    const east = await createVillageAs(admin, '东村');
    const west = await createVillageAs(admin, '西村');
    const villager = stack.person(VILLAGER);
    await join(villager, east, '谢启富', '谢启富家');

    await sayAndWait(stack, villager, `/start join_${west}`, '欢迎加入西村');
    await sayAndWait(stack, villager, '/cancel', '已取消加入。您回到了东村。');
    await sayAndWait(stack, villager, '/me', '村庄：东村');
    // The next plain message raises an item in 东村, as before the detour.
    expect(await raiseInChat(villager, '东村的桥栏杆松了')).toBe(1);
    expect(await prisma.talkItem.count({ where: { village: { name: '东村' } } })).toBe(1);
    // /village lists only 东村 now, and the link works again.
    await sayAndWait(stack, villager, '/village', '您只在东村一个村庄');
    await sayAndWait(stack, villager, `/start join_${west}`, '欢迎加入西村');
  }, 90_000);

  it('is refused by a button naming a village they are not in (a join given up, forged data)', async () => {
    const admin = stack.person(SECRETARY);
    const east = await createVillageAs(admin, '东村');
    const west = await createVillageAs(admin, '西村');
    expect(await raiseInChat(admin, '西村的水渠堵了')).toBe(1);
    const villager = stack.person(VILLAGER);
    await join(villager, east, '谢启富', '谢启富家');
    await sayAndWait(stack, villager, `/start join_${west}`, '欢迎加入西村');
    await sayAndWait(stack, villager, '/cancel', '已取消加入');

    // Buttons of 西村, as a stale message or a forged callback would carry them.
    const westId = await villageId('西村');
    const shown = await sayAndWait(stack, villager, '/me', '村庄：东村');
    const pressForged = async (data: string) => {
      const result = stack.emulator.pressButton({
        user: villager.user,
        messageId: messageIdOf(shown),
        data,
        allowUnknownData: true,
      });
      const answered = await stack.emulator.waitForCall({
        method: 'answerCallbackQuery',
        sinceSeq: result.sinceSeq,
      });
      return String(answered.params.text ?? '');
    };
    expect(await pressForged(`vsw@${westId}`)).toContain('您不在这个村庄里');
    expect(await pressForged(`tlike:1@${westId}`)).toContain('您还没有加入村庄');
    await stack.settled(prisma);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: BigInt(VILLAGER.id) } });
    expect(user.currentVillageId).toBe(await villageId('东村'));
    expect(await prisma.talkLike.count()).toBe(0);
  }, 60_000);
});
