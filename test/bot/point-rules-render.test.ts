import { describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import { renderRuleTable } from '../../bot/render/point-rules.ts';
import { DEFAULT_POINT_RULES } from '../../core/points/default-rules.ts';

const i18n = createI18n('zh-CN');
const rules = DEFAULT_POINT_RULES.map((rule) => ({ dailyCap: null, yearlyCap: null, ...rule }));
const rule = (code: string) => {
  const found = rules.find((r) => r.code === code);
  if (!found) throw new Error(`no default rule ${code}`);
  return found;
};

describe('renderRuleTable', () => {
  it('shows code, signed points, description in the reader’s language and caps', () => {
    const en = (key: string, params?: Record<string, string | number>) => i18n.t('en', key, params);
    const [text] = renderRuleTable(en, {
      village: 'Youyi',
      rules: [{ ...rule('help-neighbour'), dailyCap: 1, yearlyCap: 20 }, rule('littering')],
      locale: 'en',
    });
    expect(text).toContain(
      '+8  Helping neighbours, with evidence · help-neighbour (at most 1 a day, at most 20 a year)',
    );
    expect(text).toContain('-5  Household waste not put in the bin · littering');
    const zh = (key: string, params?: Record<string, string | number>) => i18n.t('zh-CN', key, params);
    const [chinese] = renderRuleTable(zh, { village: '友谊村', rules, locale: 'zh-CN' });
    expect(chinese).toContain('+100分  家庭成员参军入伍 · military-service');
  });

  it('splits a long table into messages under the limit without cutting a line', () => {
    const t = (key: string, params?: Record<string, string | number>) => i18n.t('en', key, params);
    const many = Array.from({ length: 120 }, (_, i) => ({
      code: `rule-${i}`,
      descriptionZh: '长'.repeat(100),
      descriptionEn: 'x'.repeat(100),
      points: i + 1,
      dailyCap: 3,
      yearlyCap: 30,
    }));
    const messages = renderRuleTable(t, { village: 'Youyi', rules: many, locale: 'en' });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(4096);
    const lines = messages
      .join('\n')
      .split('\n')
      .filter((line) => line.includes(' · rule-'));
    expect(lines).toHaveLength(120);
    expect(messages[1]?.startsWith('(continued)')).toBe(true);
  });
});
