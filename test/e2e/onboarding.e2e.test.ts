import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { inviteCodeIn, type Person, SECRETARY, Stack, textOf } from './stack.ts';
import { confirmHouseholdAs } from './talk-helpers.ts';

/**
 * The whole onboarding walk through the real bot and worker processes and the Bot API protocol,
 * with Telegram's rate limits on: a Chinese-speaking secretary, a Chinese-speaking villager and
 * an English-speaking one.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let code: string;

beforeAll(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  stack = await Stack.start();
  await stack.startBot();
  await stack.startWorker();
  secretary = stack.person(SECRETARY);
});

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('onboarding, in both languages', () => {
  it('lets an admin create a village and become its secretary', async () => {
    const reply = await secretary.say('/newvillage 友谊村');
    expect(reply).toContain('村庄“友谊村”已创建，您是书记。');
    expect(reply).toMatch(/https:\/\/t\.me\/yingshan_bot\?start=join_[A-Z2-9]{8}/);
    expect(reply).toContain('村民会在事项和记录里看到您的名字。请发送您的真实姓名：');
    code = inviteCodeIn(reply);
    // The secretary gives their real name, then the household, as a joining villager does; until then
    // /cancel does not walk them out of their own village.
    expect(await secretary.say('/cancel')).toContain('请发送您的真实姓名');
    expect(await secretary.say('李建国')).toContain('请发送您家的户名或门牌');
    expect(await secretary.say('李书记家')).toContain('好了！您已加入友谊村。');
    expect(await secretary.say('/me')).toContain('姓名：李建国');
    // This walk is about the questions; approval has its own file (join-approval.e2e.test.ts).
    expect(await secretary.say('/settings approval off')).toContain('已关闭审核');
  });

  it('walks a Chinese-speaking villager from the invite link to /me', async () => {
    const villager = stack.person({ id: 70002, first_name: 'Qifu', language_code: 'zh-hans' });
    const welcome = await villager.say(`/start join_${code}`);
    expect(welcome).toContain('欢迎加入友谊村！您的村民编号是 2 号。');
    expect(welcome).toContain('请发送您的真实姓名');
    expect(await villager.say('谢启富')).toContain('请发送您家的户名或门牌');
    expect(await villager.say('谢启富家')).toContain('好了！您已加入友谊村。');
    const me = await villager.say('/me');
    expect(me).toContain('姓名：谢启富');
    expect(me).toContain('编号：2 号');
    expect(me).toContain('户：谢启富家');
    expect(me).toContain('身份：村民');
  });

  it('walks an English-speaking villager with /join and the same household', async () => {
    const villager = stack.person({ id: 70003, first_name: 'Xiuying', language_code: 'en' });
    const welcome = await villager.say(`/join ${code.toLowerCase()}`);
    expect(welcome).toContain('Welcome to 友谊村! Your member number is 3.');
    expect(welcome).toContain('Please send your real name');
    expect(await villager.say('Wang Xiuying')).toContain("household's name");
    // The household has a member already, who confirms the newcomer before they join it.
    const since = stack.emulator.lastSeq();
    expect(await villager.say('谢启富家')).toContain('The household "谢启富家" has members already');
    const qifu = stack.person({ id: 70002, first_name: 'Qifu', language_code: 'zh-hans' });
    const confirmed = await confirmHouseholdAs(stack, qifu, since, villager);
    expect(confirmed.answer).toBe('已确认 3 号 Wang Xiuying 是这一户的人。');
    expect(textOf(await villager.nextMessage(confirmed.sinceSeq))).toContain('Done! You have joined 友谊村.');
    const me = await villager.say('/me');
    expect(me).toContain('Name: Wang Xiuying');
    expect(me).toContain('Household: 谢启富家');
    expect(me).toContain('Roles: villager');
    await stack.settled(prisma);
    // The secretary's household and the one both villagers share.
    expect(await prisma.household.count()).toBe(2);
  });

  it('lets the secretary grant roles; the members hear it in their language through the worker', async () => {
    const zhVillager = stack.person({ id: 70002, first_name: 'Qifu', language_code: 'zh-hans' });
    const enVillager = stack.person({ id: 70003, first_name: 'Xiuying', language_code: 'en' });

    const since = stack.emulator.lastSeq();
    expect(await secretary.say('/grant 2 村干部')).toBe('已授予 2 号 谢启富 “村干部”身份。');
    expect(await secretary.say('/grant 3 supervisor')).toContain('已授予 3 号 Wang Xiuying “监督员”身份。');

    expect((await zhVillager.nextMessage(since)).params.text).toBe(
      '您在友谊村获得了新的身份：村干部。发送 /help 查看新的命令。',
    );
    expect((await enVillager.nextMessage(since)).params.text).toBe(
      'You have a new role in 友谊村: supervisor. Send /help to see your new commands.',
    );
    expect(await zhVillager.say('/me')).toContain('身份：村干部、村民');
  });

  it('shows in /help only the commands each member may use', async () => {
    const zhVillager = stack.person({ id: 70002, first_name: 'Qifu', language_code: 'zh-hans' });
    const enVillager = stack.person({ id: 70003, first_name: 'Xiuying', language_code: 'en' });

    const secretaryHelp = await secretary.say('/help');
    expect(secretaryHelp).toContain('您在友谊村可以使用这些命令');
    expect(secretaryHelp).toContain('/grant — 授予身份（书记）');
    expect(secretaryHelp).toContain('/revoke');

    const cadreHelp = await zhVillager.say('/help');
    expect(cadreHelp).toContain('/me — 我的信息');
    expect(cadreHelp).not.toContain('/grant');

    const englishHelp = await enVillager.say('/help');
    expect(englishHelp).toContain('In 友谊村 you can use these commands');
    expect(englishHelp).toContain('/me — My profile');
    expect(englishHelp).not.toContain('/grant');
  });

  it('switches and remembers the language with /lang', async () => {
    expect(await secretary.say('/lang en')).toBe('OK, I will speak English with you from now on.');
    expect(await secretary.say('/me')).toContain('Roles: secretary, villager');
    const chooser = stack.emulator.sendText(SECRETARY, '/lang');
    const menu = await secretary.nextMessage(chooser.sinceSeq);
    const messageId = (menu.result as { message_id: number }).message_id;
    const press = stack.emulator.pressButton({ user: SECRETARY, messageId, data: 'lang:zh-CN' });
    expect((await secretary.nextMessage(press.sinceSeq)).params.text).toBe('好的，以后用中文和您交流。');
    expect(await secretary.say('/me')).toContain('身份：书记、村民');
  });

  it('set the command menu in both languages', () => {
    const menus = stack.emulator.calls({ method: 'setMyCommands' });
    const byLanguage = new Map(
      menus.map((call) => [call.params.language_code ?? 'default', call.params.commands]),
    );
    expect(JSON.stringify(byLanguage.get('zh'))).toContain('我的信息');
    expect(JSON.stringify(byLanguage.get('en'))).toContain('My profile');
    expect(JSON.stringify(byLanguage.get('default'))).toContain('我的信息');
    // Staff commands stay out of everyone's menu; /help lists them for those who may use them.
    expect(JSON.stringify(byLanguage.get('zh'))).not.toContain('"grant"');
    expect(JSON.stringify(byLanguage.get('zh'))).toContain('"talk"');
  });

  it('respected Telegram rate limits: no request was made inside a penalty window', () => {
    const all = stack.emulator.calls();
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((call) => call.inPenaltyWindow)).toEqual([]);
  });
});
