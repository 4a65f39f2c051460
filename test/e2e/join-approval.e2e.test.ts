import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { villageOfCallbackData } from '../../bot/callback-data/codec.ts';
import { talkCategoryCallback, talkDraftCallback } from '../../bot/callback-data/talk.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createVillageAs, inviteCodeIn, type Person, SECRETARY, Stack, textOf } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  messageIdOf,
  press,
  sayAndWait,
  waitForCallWithButton,
  waitForText,
} from './talk-helpers.ts';

/**
 * Joining, as a village that approves its newcomers does it, through the real bot and worker:
 * approval by a cadre's button, a rejection, two approvers at once, a withdrawal, /settings,
 * /invite new, and a household's confirmation. Chinese and English newcomers.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let cadre: Person;
let code: string;

const zh = (id: number, first_name: string) => ({ id, first_name, language_code: 'zh-hans' });
const en = (id: number, first_name: string) => ({ id, first_name, language_code: 'en' });

/** Opens the link and answers both questions; returns the bot's answer to the household. */
async function join(person: Person, name: string, household: string, link = code): Promise<string> {
  await person.say(`/start join_${link}`);
  await person.say(name);
  return person.say(household);
}

/** The notice with `prefix` buttons that reached `person` after `since`, and the data of its first or second button. */
async function noticeTo(person: Person, since: number, prefix: string) {
  const notice = await waitForCallWithButton(stack, person.id, since, prefix);
  const [yes = '', no = ''] = buttonsOf(notice).filter((data) => data.startsWith(prefix));
  return { notice, text: bodyOf(notice), yes, no };
}

async function talkItems() {
  return prisma.talkItem.count();
}

beforeAll(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  stack = await Stack.start({ rateLimits: false });
  await stack.startBot();
  await stack.startWorker();
  secretary = stack.person(SECRETARY);
  code = await createVillageAs(secretary, '友谊村', { joinApproval: true });
  // The first newcomer is approved by the secretary, then made a cadre.
  cadre = stack.person(zh(76002, 'Qifu'));
  const since = stack.emulator.lastSeq();
  expect(await join(cadre, '谢启富', '谢启富家')).toContain('您加入友谊村的申请已提交');
  const { notice, yes } = await noticeTo(secretary, since, 'mjoin:');
  await press(stack, secretary.user, messageIdOf(notice), yes);
  await sayAndWait(stack, secretary, '/grant 2 村干部', '已授予');
  await stack.settled(prisma);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('join approval, on by default', () => {
  it('holds a Chinese newcomer until a cadre approves; then they raise an item', async () => {
    const newcomer = stack.person(zh(76003, 'Xiaohong'));
    const since = stack.emulator.lastSeq();
    const answer = await join(newcomer, '谢小红', '小红家');
    expect(answer).toContain('谢谢！您加入友谊村的申请已提交，书记或村干部审核后会通知您。');
    expect(answer).toContain('编号：3 号');

    // Waiting, a plain message is no talk item, and /me says what they wait for.
    const before = await talkItems();
    expect(await newcomer.say('村口的路灯坏了')).toBe(
      '您加入友谊村的申请正在等待书记或村干部审核，审核后会通知您。发送 /cancel 可以撤回申请。',
    );
    expect(await newcomer.say('/me')).toContain('您的加入申请正在等待书记或村干部审核');
    expect(await talkItems()).toBe(before);

    // Both deciders hear of it, with the newcomer's name, number and household.
    const toCadre = await noticeTo(cadre, since, 'mjoin:');
    const toSecretary = await noticeTo(secretary, since, 'mjoin:');
    for (const { text } of [toCadre, toSecretary]) {
      expect(text).toContain('新村民申请加入友谊村');
      expect(text).toContain('姓名：谢小红');
      expect(text).toContain('编号：3 号');
      expect(text).toContain('户：小红家');
    }
    expect(toCadre.yes).toMatch(/^mjoin:\d+:y@\d+$/);

    const pressed = await press(stack, cadre.user, messageIdOf(toCadre.notice), toCadre.yes);
    expect(pressed.answer).toBe('已批准 3 号 谢小红 加入。');
    const told = await waitForText(stack, newcomer.id, pressed.sinceSeq, '好了！您已加入友谊村。');
    expect(textOf(told)).toContain('户：小红家');

    // The next step: a plain message now raises an item.
    const asked = await sayAndWait(stack, newcomer, '村口的路灯坏了', '这件事属于哪一类？');
    const picked = await press(
      stack,
      newcomer.user,
      messageIdOf(asked),
      talkCategoryCallback.pack({ category: 'FACILITY' }, villageOfCallbackData(buttonsOf(asked)[0]) ?? 0),
    );
    const confirm = await waitForText(stack, newcomer.id, picked.sinceSeq, '确认提交吗？');
    const submitted = await press(
      stack,
      newcomer.user,
      messageIdOf(confirm),
      talkDraftCallback.pack({ submit: true }, villageOfCallbackData(buttonsOf(confirm)[0]) ?? 0),
    );
    await waitForText(stack, newcomer.id, submitted.sinceSeq, '已提交，编号第 1 号');
    expect(await talkItems()).toBe(before + 1);

    // The secretary's copy of the notice is now an old button: it says who decided.
    const late = await press(stack, secretary.user, messageIdOf(toSecretary.notice), toSecretary.no);
    expect(late.answer).toBe('这个申请已经由谢启富批准了。');
    expect(await prisma.member.count({ where: { userId: 76003n, status: 'ACTIVE' } })).toBe(1);
  });

  it('tells an English newcomer of a rejection; they can open the link again', async () => {
    const newcomer = stack.person(en(76004, 'Sam'));
    const since = stack.emulator.lastSeq();
    expect(await join(newcomer, 'Sam Wu', 'Wu home')).toContain(
      'Thank you! Your request to join 友谊村 is sent; a secretary or cadre will approve it',
    );
    const { notice, no } = await noticeTo(secretary, since, 'mjoin:');
    const pressed = await press(stack, secretary.user, messageIdOf(notice), no);
    expect(pressed.answer).toBe('已拒绝 4 号 Sam Wu 的加入申请。');
    const told = await waitForText(stack, newcomer.id, pressed.sinceSeq, 'was not approved');
    expect(textOf(told)).toBe(
      'Sorry, your request to join 友谊村 was not approved. Ask the village secretary if you think this is a mistake.',
    );
    // The next step: not a member, and the link starts over.
    expect(await newcomer.say('/me')).toContain('You have not joined a village yet.');
    expect(await newcomer.say(`/start join_${code}`)).toContain('Please send your real name');
    expect(await newcomer.say('/cancel')).toContain('Joining is cancelled.');
  });

  it('lets two approvers pressing at once have one effect', async () => {
    const newcomer = stack.person(zh(76005, 'Gang'));
    const since = stack.emulator.lastSeq();
    await join(newcomer, '王刚', '王家');
    const toCadre = await noticeTo(cadre, since, 'mjoin:');
    const toSecretary = await noticeTo(secretary, since, 'mjoin:');
    const [a, b] = await Promise.all([
      press(stack, cadre.user, messageIdOf(toCadre.notice), toCadre.yes),
      press(stack, secretary.user, messageIdOf(toSecretary.notice), toSecretary.no),
    ]);
    const answers = [a.answer, b.answer];
    const approved = answers.includes('已批准 5 号 王刚 加入。');
    expect(answers).toContain(approved ? '这个申请已经由谢启富批准了。' : '这个申请已经由李书记拒绝了。');
    await stack.settled(prisma);
    const outcomes = newcomer
      .received()
      .filter((text) => text.includes('好了！您已加入友谊村。') || text.includes('没有通过'));
    expect(outcomes).toHaveLength(1);
    const member = await prisma.member.findFirstOrThrow({ where: { userId: 76005n } });
    expect(member.status).toBe(approved ? 'ACTIVE' : 'LEFT');
    expect(
      await prisma.auditEvent.count({
        where: { subject: `member:${member.id}`, action: { in: ['member.approve', 'member.reject'] } },
      }),
    ).toBe(1);
  });

  it('lets a waiting newcomer withdraw with /cancel; the old button says so', async () => {
    const newcomer = stack.person(zh(76006, 'Mei'));
    const since = stack.emulator.lastSeq();
    await join(newcomer, '陈小梅', '陈家');
    const { notice, yes } = await noticeTo(secretary, since, 'mjoin:');
    // A villager pressing the button (forwarded, or an old one from when they were a cadre) is refused by core.
    const villager = stack.person(zh(76003, 'Xiaohong'));
    const refused = await press(stack, villager.user, messageIdOf(notice), yes, secretary.id);
    expect(refused.answer).toBe('您没有权限做这件事。发送 /help 查看您可以使用的命令。');
    expect(await prisma.member.findFirstOrThrow({ where: { userId: 76006n } })).toMatchObject({
      status: 'AWAITING_APPROVAL',
    });
    expect(await newcomer.say('/cancel')).toBe('已取消加入。以后可以再次打开邀请链接加入。');
    const pressed = await press(stack, secretary.user, messageIdOf(notice), yes);
    expect(pressed.answer).toBe('申请人已经撤回了这个申请。');
    expect(await newcomer.say('/me')).toContain('您还没有加入村庄');
  });
});

describe('/settings and /invite', () => {
  it('refuses a villager; the secretary turns approval off and the next newcomer is active at once', async () => {
    const villager = stack.person(zh(76003, 'Xiaohong'));
    expect(await villager.say('/settings approval off')).toBe(
      '您没有权限做这件事。发送 /help 查看您可以使用的命令。',
    );
    expect(await villager.say('/settings')).toBe('您没有权限做这件事。发送 /help 查看您可以使用的命令。');
    expect(await prisma.village.findFirstOrThrow()).toMatchObject({ joinApproval: true });

    const shown = await secretary.say('/settings');
    expect(shown).toContain('友谊村的设置：');
    expect(shown).toContain('新村民加入需要审核：开');
    expect(await secretary.say('/settings approval maybe')).toContain('用法：/settings approval on');
    expect(await secretary.say('/settings approval off')).toBe(
      '已关闭审核：新村民回答完问题就直接加入。已在等待审核的申请仍需批准。',
    );
    expect(await secretary.say('/settings approval off')).toBe('审核本来就是关闭的。');
    expect(await secretary.say('/settings')).toContain('新村民加入需要审核：关');

    const newcomer = stack.person(en(76007, 'Lily'));
    expect(await join(newcomer, 'Lily Zhao', 'Zhao home')).toContain('Done! You have joined 友谊村.');
    expect(await newcomer.say('/me')).toContain('Household: Zhao home');
    const english = stack.person(en(76008, 'Tom'));
    await english.say(`/start join_${code}`);
    expect(await english.say('/settings')).toContain('Please finish joining first');
    expect(await english.say('/cancel')).toContain('Joining is cancelled.');
  });

  it('rotates the invite code: the old link is refused, the new one works', async () => {
    const villager = stack.person(zh(76003, 'Xiaohong'));
    expect(await villager.say('/invite new')).toBe('您没有权限做这件事。发送 /help 查看您可以使用的命令。');
    expect(await villager.say('/invite')).toBe('您没有权限做这件事。发送 /help 查看您可以使用的命令。');
    expect(await cadre.say('/invite')).toContain(`邀请链接：https://t.me/yingshan_bot?start=join_${code}`);
    expect(await cadre.say('/invite new')).toBe('您没有权限做这件事。发送 /help 查看您可以使用的命令。');

    const rotated = await secretary.say('/invite new');
    expect(rotated).toContain('已换新的邀请码，旧的邀请链接不能再用了。');
    const fresh = inviteCodeIn(rotated);
    expect(fresh).not.toBe(code);
    expect(await secretary.say('/invite')).toContain(fresh);

    const newcomer = stack.person(en(76009, 'Ivy'));
    expect(await newcomer.say(`/start join_${code}`)).toContain('That invite code is not right.');
    expect(await newcomer.say(`/join ${code}`)).toContain('That invite code is not right.');
    expect(await newcomer.say(`/start join_${fresh}`)).toContain('Welcome to 友谊村!');
    expect(await newcomer.say('Ivy Sun')).toContain("household's name");
    expect(await newcomer.say('Sun home')).toContain('Done! You have joined 友谊村.');
    code = fresh;
  });
});

describe('joining an existing household', () => {
  it("asks the household's member to confirm; confirmed, the newcomer is active", async () => {
    const newcomer = stack.person(en(76010, 'Fang'));
    const since = stack.emulator.lastSeq();
    expect(await join(newcomer, 'Xie Fang', '谢启富家')).toContain(
      'The household "谢启富家" has members already: we asked them (or a secretary) to confirm',
    );
    // Waiting on the household, a plain message is no talk item either.
    const before = await talkItems();
    expect(await newcomer.say('The well pump is broken')).toBe(
      "Your request to join 友谊村 is waiting for the household's members to confirm you; you will hear when they do. Send /cancel to withdraw it.",
    );
    expect(await talkItems()).toBe(before);

    const toMember = await noticeTo(cadre, since, 'mhh:');
    const number = await numberOf(76010);
    expect(toMember.text).toBe(
      `Xie Fang（${number} 号）申请加入友谊村，说自己是“谢启富家”这一户的人。是您家的人吗？`,
    );
    // The secretary is asked too; a villager of another household is not.
    await noticeTo(secretary, since, 'mhh:');
    expect(
      stack.emulator
        .calls({ chatId: 76003, method: 'sendMessage', sinceSeq: since })
        .filter(hasHouseholdButtons),
    ).toEqual([]);

    // Someone of another household pressing a forwarded button is refused by core.
    const outsider = stack.person(zh(76003, 'Xiaohong'));
    const refused = await press(stack, outsider.user, messageIdOf(toMember.notice), toMember.yes, cadre.id);
    expect(refused.answer).toBe('只有这一户的成员或书记可以确认。');

    const pressed = await press(stack, cadre.user, messageIdOf(toMember.notice), toMember.yes);
    expect(pressed.answer).toMatch(/^已确认 \d+ 号 Xie Fang 是这一户的人。$/);
    const told = await waitForText(stack, newcomer.id, pressed.sinceSeq, 'Done! You have joined 友谊村.');
    expect(textOf(told)).toContain('Household: 谢启富家');
    expect(await newcomer.say('/me')).toContain('Household: 谢启富家');
  });

  it('refused, the newcomer is asked for the household again and joins under a new name', async () => {
    const newcomer = stack.person(zh(76011, 'Jun'));
    const since = stack.emulator.lastSeq();
    expect(await join(newcomer, '谢大军', '谢启富家')).toContain('“谢启富家”这一户已经有人了');
    const { notice, no } = await noticeTo(cadre, since, 'mhh:');
    const pressed = await press(stack, cadre.user, messageIdOf(notice), no);
    expect(pressed.answer).toMatch(/^已告诉 \d+ 号 谢大军：不是这一户的人。$/);
    const told = await waitForText(
      stack,
      newcomer.id,
      pressed.sinceSeq,
      '这一户的成员没有确认您是他们家的人。',
    );
    expect(textOf(told)).toContain('请发送您家的户名或门牌');
    // The next step: another household name, new to the village, joins at once (approval is off now).
    expect(await newcomer.say('大军家')).toContain('好了！您已加入友谊村。');
    expect(await newcomer.say('/me')).toContain('户：大军家');
    const late = await press(
      stack,
      secretary.user,
      messageIdOf(await waitForCallWithButton(stack, secretary.id, since, 'mhh:')),
      no,
    );
    expect(late.answer).toBe('这个申请已经由谢启富拒绝了。');
  });
});

async function numberOf(userId: number): Promise<number> {
  return (await prisma.member.findFirstOrThrow({ where: { userId: BigInt(userId) } })).number;
}

function hasHouseholdButtons(call: RecordedCall): boolean {
  return buttonsOf(call).some((data) => data.startsWith('mhh:'));
}
