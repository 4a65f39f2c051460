import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Person, Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage } from './talk-helpers.ts';

/**
 * What /start and /help tell a member, through the real bot and the emulator, in both languages:
 * /start names the roles the member actually holds (a secretary was greeted as 村民), and /help and
 * the welcome after joining say that any message, photo, voice message or location raises an issue.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person;
let zhCadre: Person;
let enSupervisor: Person;
let enVillager: Person;
let joinDone: { zh: string; en: string };

const TALK_HINT = {
  zh: '有事要反映？直接发文字、照片、语音或位置给我，就会提交给村里（村民说事）。',
  en: 'Something to raise? Send me any message, photo, voice message or location and it goes to the village (Villagers Talk).',
};

beforeAll(async () => {
  const village = await startVillage({
    people: [
      {
        user: { id: 71002, first_name: '谢启富', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢家',
      },
      {
        user: { id: 71003, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: '王家',
      },
      { user: { id: 71004, first_name: 'Hao', language_code: 'en' }, name: 'Zhang Hao', household: '张家' },
    ],
    cadres: [2],
  });
  ({ stack, prisma, secretary } = village);
  [zhCadre, enSupervisor, enVillager] = village.people;
  await sayAndWait(stack, secretary, '/grant 3 监督员', '已授予');
  // The last line each joiner got was the welcome after the household question.
  const welcomeOf = (person: Person) =>
    person.received().find((text) => /您已加入|You have joined/.test(text)) ?? '';
  joinDone = { zh: welcomeOf(zhCadre), en: welcomeOf(enVillager) };
  await stack.settled(prisma);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('/start names the roles a member holds', () => {
  it('greets the secretary as 书记 and a cadre as 村干部 (Chinese)', async () => {
    const toSecretary = await secretary.say('/start');
    expect(toSecretary).toContain('欢迎回来！您是友谊村的书记。');
    expect(toSecretary).not.toContain('村民。');
    expect(toSecretary).toContain(TALK_HINT.zh);
    expect(await zhCadre.say('/start')).toContain('欢迎回来！您是友谊村的村干部。');
  });

  it('greets a supervisor and a plain villager by their roles (English)', async () => {
    expect(await enSupervisor.say('/start')).toContain('Welcome back! In 友谊村 you are: supervisor.');
    const toVillager = await enVillager.say('/start');
    expect(toVillager).toContain('Welcome back! In 友谊村 you are: villager.');
    expect(toVillager).toContain(TALK_HINT.en);
  });

  it('names every role besides 村民 when a member holds several', async () => {
    await sayAndWait(stack, secretary, '/grant 2 店主', '已授予');
    // The notice of the new role may come first: the greeting is waited for by what it says.
    expect(bodyOf(await sayAndWait(stack, zhCadre, '/start', '欢迎回来'))).toContain(
      '您是友谊村的村干部、店主。',
    );
  });
});

describe('/help and the welcome say how to raise an issue', () => {
  it('says it in /help, in Chinese and in English, above the commands', async () => {
    // Waited for by what it says: a notice of the role granted just before may still be on its way.
    const zhHelp = bodyOf(await sayAndWait(stack, zhCadre, '/help', '可以使用这些命令'));
    expect(zhHelp.startsWith(TALK_HINT.zh)).toBe(true);
    expect(zhHelp).toContain('您在友谊村可以使用这些命令');
    const enHelp = bodyOf(await sayAndWait(stack, enVillager, '/help', 'you can use these commands'));
    expect(enHelp.startsWith(TALK_HINT.en)).toBe(true);
    expect(enHelp).toContain('In 友谊村 you can use these commands');
  });

  it('says it in the welcome after joining, in both languages', () => {
    expect(joinDone.zh).toContain('好了！您已加入友谊村。');
    expect(joinDone.zh).toContain(TALK_HINT.zh);
    expect(joinDone.en).toContain('Done! You have joined 友谊村.');
    expect(joinDone.en).toContain(TALK_HINT.en);
  });
});
