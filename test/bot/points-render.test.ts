import { describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import { renderTopList } from '../../bot/render/points.ts';
import { cutTopList, type RankedMember } from '../../core/points/top-list.ts';

const i18n = createI18n('zh-CN');
const zh = (key: string, params?: Record<string, string | number>) => i18n.t('zh-CN', key, params);
const en = (key: string, params?: Record<string, string | number>) => i18n.t('en', key, params);

const row = (number: number, points: number, rank: number): RankedMember => ({
  memberId: 100 + number,
  number,
  realName: `村民${number}`,
  points,
  rank,
});

describe('renderTopList', () => {
  it("ends with the asker's own place when they are ranked below the top", () => {
    const ranking = [...Array.from({ length: 10 }, (_, i) => row(i + 1, 100 - i, i + 1)), row(23, 4, 17)];
    const list = cutTopList(ranking, 123);
    const text = renderTopList(zh, { village: '友谊村', memberId: 123, period: 'month', list });
    expect(text.split('\n')).toEqual([
      '友谊村本月积分榜：',
      ...Array.from({ length: 10 }, (_, i) => `${i + 1}. 村民${i + 1}（${i + 1} 号）${100 - i} 分`),
      '您：第 17 名，4 分',
    ]);
    expect(renderTopList(en, { village: 'Youyi', memberId: 123, period: 'month', list })).toMatch(
      /\nYou: 17, with 4 points$/,
    );
  });

  it('counts the tied members a very long tie leaves off', () => {
    const list = cutTopList(
      Array.from({ length: 45 }, (_, i) => row(i + 1, 5, 1)),
      999,
    );
    const lines = renderTopList(en, { village: 'Youyi', memberId: 999, period: 'week', list }).split('\n');
    expect(lines).toHaveLength(1 + 30 + 2);
    expect(lines.slice(-2)).toEqual([
      '…and 15 more with the same points',
      'You have no points this week yet. Keep going!',
    ]);
  });

  it('says so when nobody has points in the period, pointing to the all-time ranking', () => {
    const list = cutTopList([], 1);
    expect(renderTopList(zh, { village: '友谊村', memberId: 1, period: 'week', list })).toBe(
      '本周还没有人得到积分。发送 /top 全部 看累计积分榜。',
    );
  });
});
