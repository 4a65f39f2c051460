import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Person, Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage, waitForText } from './talk-helpers.ts';

/**
 * The points rule table through the real bot and worker: a new village's seeded rules shown in each
 * reader's language, the secretary's changes announced in the village group (in the village's
 * Chinese) once each, a villager refused, bad input answered.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person; // member 1, Chinese
let villager: Person; // member 2, English
const GROUP = { id: -100_810, title: '友谊村村民群' };

beforeAll(async () => {
  ({
    stack,
    prisma,
    secretary,
    people: [villager],
  } = await startVillage({
    people: [
      {
        user: { id: 81_002, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: 'Wang household',
      },
    ],
    group: GROUP,
  }));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

function groupTexts(needle: string): string[] {
  return stack.emulator
    .calls({ chatId: GROUP.id, method: 'sendMessage', ok: true })
    .map(bodyOf)
    .filter((text) => text.includes(needle));
}

describe('/rules points', () => {
  it('shows a new village its seeded rules, in Chinese and in English', async () => {
    const zh = bodyOf(await sayAndWait(stack, secretary, '/rules points', '积分规则'));
    expect(zh).toContain('友谊村积分规则：');
    expect(zh).toContain('+100分  家庭成员参军入伍 · military-service');
    expect(zh).toContain('+8分  团结邻里、互帮互助（有证明材料） · help-neighbour');
    expect(zh).toContain('-50分  打架斗殴 · fighting');
    expect(zh).toContain('+5分  志愿服务每小时 · volunteer-hour');

    const en = bodyOf(await sayAndWait(stack, villager, '/rules points', 'Points rules'));
    expect(en).toContain('+20  A suggestion for the village’s development adopted · suggestion-adopted');
    expect(en).toContain('-5  Household waste not put in the bin · littering');
    expect(en).toContain('+50  Admitted to a key university · key-university');
  });
});

describe('/pointrule', () => {
  it('adds, edits and retires; the village group hears of each change once', async () => {
    const added = await sayAndWait(
      stack,
      secretary,
      '/pointrule add road-repair +6 daily=1 zh:义务修路 en:Repairing the road, unpaid',
      'road-repair',
    );
    expect(bodyOf(added)).toBe(
      '已添加规则 road-repair（第 1 版）：+6分  义务修路 · road-repair（每日最多 1 次）',
    );
    const edited = await sayAndWait(stack, secretary, '/pointrule edit road-repair 7 yearly=12', '第 2 版');
    expect(bodyOf(edited)).toBe(
      '规则 road-repair 已更新为第 2 版：+7分  义务修路 · road-repair（每日最多 1 次、每年最多 12 次）',
    );
    const shown = bodyOf(await sayAndWait(stack, villager, '/rules points', 'Points rules'));
    expect(shown).toContain(
      '+7  Repairing the road, unpaid · road-repair (at most 1 a day, at most 12 a year)',
    );

    await sayAndWait(stack, secretary, '/pointrule retire road-repair', '已停用');
    await stack.settled(prisma);
    await waitForText(stack, GROUP.id, 0, '积分规则 road-repair 已停用');

    expect(groupTexts('新增积分规则（road-repair）')).toEqual([
      '📋 新增积分规则（road-repair）：\n+6分  义务修路 · road-repair（每日最多 1 次）',
    ]);
    expect(groupTexts('积分规则 road-repair 已修改')).toEqual([
      '📋 积分规则 road-repair 已修改（第 2 版）：\n' +
        '现在：+7分  义务修路 · road-repair（每日最多 1 次、每年最多 12 次）\n' +
        '原来：+6分  义务修路 · road-repair（每日最多 1 次）',
    ]);
    expect(groupTexts('积分规则 road-repair 已停用')).toHaveLength(1);

    const after = bodyOf(await sayAndWait(stack, villager, '/rules points', 'Points rules'));
    expect(after).not.toContain('road-repair');
    const rule = await prisma.pointRule.findFirstOrThrow({ where: { code: 'road-repair' } });
    expect(rule.version).toBe(3);
    expect(rule.retiredAt).not.toBeNull();
    expect(await prisma.pointRuleVersion.count({ where: { ruleId: rule.id } })).toBe(3);
  });

  it('refuses a villager, and answers bad input with what is wrong', async () => {
    expect(bodyOf(await sayAndWait(stack, villager, '/pointrule add mine +100 Me', 'not allowed'))).toBe(
      'You are not allowed to do that. Send /help to see the commands you can use.',
    );
    await sayAndWait(stack, secretary, '/lang en', 'English');
    const answers: [string, string][] = [
      ['/pointrule', 'Usage:'],
      ['/pointrule add fighting -50 Fighting', 'There is already a rule fighting.'],
      ['/pointrule add road-repair 5 Again', 'The code road-repair belonged to a retired rule'],
      ['/pointrule edit no-such 5', 'There is no rule no-such.'],
      ['/pointrule add tidy 0 Tidy yard', '"0" is not valid points'],
      ['/pointrule add tidy 1.5 Tidy yard', '"1.5" is not valid points'],
      ['/pointrule add tidy 3 daily=0 Tidy yard', '"daily=0" is not a valid cap'],
      ['/pointrule add Tidy_Yard 3 Tidy yard', '"Tidy_Yard" cannot be a rule code'],
      [
        `/pointrule add tidy 3 ${'x'.repeat(101)}`,
        'That is too long: at most 100 characters, and yours has 101.',
      ],
      ['/pointrule add tidy 3', "Please write the rule's description"],
      ['/pointrule edit fighting -50', 'That is what the rule fighting already says'],
    ];
    for (const [text, needle] of answers) {
      expect(bodyOf(await sayAndWait(stack, secretary, text, needle))).toContain(needle);
    }
    await stack.settled(prisma);
    expect(await prisma.pointRule.count({ where: { code: 'tidy' } })).toBe(0);
    expect(groupTexts('fighting')).toEqual([]);
  });
});
