import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createVillageAs, type Person, SECRETARY, Stack } from './stack.ts';

/** Whatever people send, they get a clear answer in their language, and nothing is written. */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let villager: Person;
let stranger: Person;
let code: string;

async function snapshot() {
  await stack.settled(prisma);
  const [villages, members, grants, households, audit] = await Promise.all([
    prisma.village.count(),
    prisma.member.findMany({ orderBy: { id: 'asc' } }),
    prisma.roleGrant.count(),
    prisma.household.count(),
    prisma.auditEvent.count(),
  ]);
  return { villages, members, grants, households, audit };
}

beforeAll(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  stack = await Stack.start({ rateLimits: false });
  await stack.startBot();
  secretary = stack.person(SECRETARY);
  villager = stack.person({ id: 71002, first_name: 'Qifu', language_code: 'zh-hans' });
  stranger = stack.person({ id: 71003, first_name: 'Stranger', language_code: 'en' });
  code = await createVillageAs(secretary, '友谊村');
  await villager.say(`/start join_${code}`);
  await villager.say('谢启富');
  await villager.say('谢启富家');
});

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('bad input', () => {
  it('tells a non-member how to join, whatever they try', async () => {
    const before = await snapshot();
    expect(await stranger.say('/me')).toBe(
      'You have not joined a village yet. Open the invite link your village shared, or send /join with the invite code.',
    );
    expect(await stranger.say('/grant 1 cadre')).toContain('You have not joined a village yet.');
    expect(await stranger.say('hello')).toContain('Open the invite link your village shared');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a wrong role', async () => {
    const before = await snapshot();
    expect(await villager.say('/grant 2 书记')).toBe('您没有权限做这件事。发送 /help 查看您可以使用的命令。');
    expect(await villager.say('/revoke 1 书记')).toBe(
      '您没有权限做这件事。发送 /help 查看您可以使用的命令。',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses creating a village to non-admins', async () => {
    const before = await snapshot();
    expect(await villager.say('/newvillage 第二村')).toBe('只有本机器人的管理员可以创建村庄。');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses unknown and malformed invite codes', async () => {
    const before = await snapshot();
    expect(await stranger.say('/join ZZZZZZZZ')).toContain('That invite code is not right.');
    expect(await stranger.say('/start join_nonsense')).toContain('That invite code is not right.');
    expect(await stranger.say('/join')).toBe(
      'Write the invite code after /join, for example: /join ABCD2345',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('explains bad /grant arguments', async () => {
    const before = await snapshot();
    expect(await secretary.say('/grant')).toBe('用法：/grant 村民编号 身份，例如：/grant 12 村干部');
    expect(await secretary.say('/grant two cadre')).toBe(
      '用法：/grant 村民编号 身份，例如：/grant 12 村干部',
    );
    expect(await secretary.say('/grant 2 mayor')).toBe(
      '没有“mayor”这个身份。可用的身份：村民、村干部、书记、监督员、店主。',
    );
    expect(await secretary.say('/grant 99 cadre')).toBe('没有找到 99 号村民。');
    expect(await secretary.say('/revoke 1 书记')).toBe('村里至少要有一位书记，不能撤销最后一位书记。');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses 5,000-character text, naming the limit', async () => {
    const before = await snapshot();
    expect(await villager.say('好'.repeat(5000))).toBe('内容太长了：最多 4,096 个字，您发了 5,000 个字。');
    const newcomer = stack.person({ id: 71004, first_name: 'New', language_code: 'zh-hans' });
    await newcomer.say(`/join ${code}`);
    const afterJoin = await snapshot();
    expect(await newcomer.say('名'.repeat(5000))).toBe('内容太长了：最多 20 个字，您发了 5,000 个字。');
    expect(await newcomer.say('   ')).toBe('请发送您的真实姓名（文字，不要以 / 开头）。');
    expect(await snapshot()).toEqual(afterJoin);
    expect(afterJoin.members).toHaveLength(before.members.length + 1);
    expect(afterJoin.members.at(-1)?.status).toBe('AWAITING_NAME');
  });

  it('answers stickers, photos and unknown commands without writing anything', async () => {
    const before = await snapshot();
    const sticker = stack.emulator.injectMessage({
      user: villager.user,
      content: { sticker: { emoji: '👍' } },
    });
    expect((await villager.nextMessage(sticker.sinceSeq)).params.text).toBe(
      '我现在只能看懂文字和命令。发送 /help 查看可用的命令。',
    );
    const photo = stack.emulator.injectMessage({
      user: stranger.user,
      content: { photo: {}, caption: 'look' },
    });
    expect((await stranger.nextMessage(photo.sinceSeq)).params.text).toContain(
      'I understand text and commands',
    );
    expect(await villager.say('/foo')).toBe('没有这个命令。发送 /help 查看可用的命令。');
    expect(await stranger.say('/whatever@yingshan_bot')).toBe(
      'I do not know that command. Send /help to see what you can do.',
    );
    expect(await snapshot()).toEqual(before);
  });

  it('keeps quiet in groups unless a command is addressed to it', async () => {
    const group = { id: -100777, title: '友谊村群' };
    const chatter = stack.emulator.sendGroupText(group, villager.user, '大家好');
    const addressed = stack.emulator.sendGroupText(group, villager.user, '/nothing@yingshan_bot');
    const reply = await stack.emulator.waitForCall({
      chatId: group.id,
      method: 'sendMessage',
      sinceSeq: chatter.sinceSeq,
    });
    expect(reply.params.text).toBe('没有这个命令。发送 /help 查看可用的命令。');
    expect(reply.seq).toBeGreaterThan(addressed.sinceSeq);
    expect(stack.emulator.calls({ chatId: group.id, method: 'sendMessage' })).toHaveLength(1);
  });

  it('never crashed: every update was handled and none failed', async () => {
    await stack.settled(prisma);
    const failed = await prisma.inboundUpdate.findMany({ where: { attempts: { gt: 0 } } });
    expect(failed).toEqual([]);
    expect(await prisma.inboundUpdate.count({ where: { handledAt: null } })).toBe(0);
  });
});
