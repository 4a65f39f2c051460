import { describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import { renderCreditLineCsv, renderMemberCredit } from '../../bot/render/credit.ts';
import { creditScore } from '../../core/credit/credit-score.ts';
import type { MemberCredit } from '../../core/credit/load-credit.ts';
import { GUANGHAN_LOAN_TABLE } from '../../core/credit/loan-terms.ts';
import type { DomainErrorCode } from '../../core/errors.ts';

const i18n = createI18n('zh-CN');
const zh = (key: string, params?: Record<string, string | number>) => i18n.t('zh-CN', key, params);
const en = (key: string, params?: Record<string, string | number>) => i18n.t('en', key, params);

const facts = {
  talkItems: 2,
  comments: 3,
  votesCast: 1,
  shiftsAttended: 3,
  shiftsPromised: 4,
  tasksPromised: 0,
  tasksOnTime: 0,
  hasRealName: true,
  hasHousehold: true,
  daysInVillage: 400,
  pointsDeducted: 5,
  noShows: 1,
  reportsUpheld: 0,
  ratingsSum: 9,
  ratingsCount: 2,
  negativePoints: 100,
};

const credit: MemberCredit = {
  memberId: 12,
  number: 7,
  realName: '李文培',
  facts,
  score: creditScore(facts),
  stars: 4,
  rank: 3,
  rankedAmong: 20,
  negatives: [{ id: 4, points: 100, reason: '缠访闹访', createdAt: new Date('2026-11-20T02:00:00Z') }],
  household: {
    householdId: 3,
    number: 3,
    name: '李文培家',
    members: '李文培、王芳',
    total: 583,
    rank: 1,
    isEligible: true,
    discountHundredths: 58,
  },
  householdsRanked: 10,
  table: GUANGHAN_LOAN_TABLE,
};

const NOW = new Date('2026-12-01T04:00:00Z');

describe('renderMemberCredit', () => {
  it('explains the score dimension by dimension, the negative list and the loan terms, in Chinese', () => {
    const text = renderMemberCredit(zh, { credit, village: '友谊村', timezone: 'Asia/Shanghai', now: NOW });
    expect(text.split('\n')).toEqual([
      '李文培（7 号）· 友谊村',
      '信用分：700 分（满分 1000）  ★★★★',
      '在全村 20 人里排第 3 名。信用分由下面五项相加（每项满分 200），再减去负面清单：',
      '· 参与活跃 105 分：近一年提事 2 件、评论 3 条、投票 1 次、参加志愿服务 3 次。',
      '· 说到做到 150 分：近一年答应的志愿服务和任务 4 件，按时做到 3 件。',
      '· 身份信息 200 分：已填真实姓名，已填户，入村 400 天（满一年这部分得满分）。',
      '· 遵规守约 170 分：近一年被扣积分 5 分、报名后缺席 1 次、被举报属实 0 次。',
      '· 大家评价 175 分：收到评分 2 次，平均 4.5 星。',
      '· 负面清单：减 100 分。',
      '第 4 条，减 100 分：缠访闹访（11-20）',
      '李文培家：户积分 583 分，贷款利率可以降低 0.58 个百分点（每 100 分降 0.10 个百分点，最多降 1.00 个百分点）。',
      '您家是全村第 1 户（共 10 户），在前 20% 之内，可以向银行申请信用贷款额度。',
    ]);
  });

  it('says the same in English, and the middle for what has no record yet', () => {
    const fresh = {
      ...facts,
      shiftsPromised: 0,
      shiftsAttended: 0,
      ratingsCount: 0,
      ratingsSum: 0,
      negativePoints: 0,
    };
    const text = renderMemberCredit(en, {
      credit: { ...credit, facts: fresh, score: creditScore(fresh), negatives: [], household: undefined },
      village: 'Youyi',
      timezone: 'Asia/Shanghai',
      now: NOW,
    });
    expect(text).toContain('Credit score: ');
    expect(text).toContain(
      '· Keeping your word 100: you have not promised anything yet, so this is the middle.',
    );
    expect(text).toContain('· What others say 100: nobody has rated you yet, so this is the middle.');
    expect(text).toContain('real name given, household given, 400 days in the village');
    expect(text).not.toContain('Negative list');
    expect(text.split('\n').at(-1)).toBe(
      'You have not given a household yet. Loan discounts go by household points.',
    );
  });
});

describe('renderCreditLineCsv', () => {
  it('lists only eligible households, quoting what needs it, with a header in the asker’s language', () => {
    const line = {
      table: GUANGHAN_LOAN_TABLE,
      households: [
        { ...(credit.household as NonNullable<MemberCredit['household']>) },
        {
          householdId: 5,
          number: 5,
          name: '3组,12号',
          members: '谢启富',
          total: 483,
          rank: 2,
          isEligible: true,
          discountHundredths: 48,
        },
        {
          householdId: 6,
          number: 6,
          name: '赵家',
          members: '赵五',
          total: 10,
          rank: 3,
          isEligible: false,
          discountHundredths: 1,
        },
      ],
    };
    expect(renderCreditLineCsv(zh, line)).toBe(
      '\uFEFF排名,户号,户名,户积分,利率降低（百分点）,家庭成员\r\n' +
        '1,3,李文培家,583,0.58,李文培、王芳\r\n' +
        '2,5,"3组,12号",483,0.48,谢启富\r\n',
    );
    expect(renderCreditLineCsv(en, line).split('\r\n')[0]).toBe(
      '\uFEFFRank,Household number,Household,Household points,Rate discount (percentage points),Members',
    );
  });
});

describe('credit refusals and notices', () => {
  const KEYS: Partial<Record<DomainErrorCode, Record<string, string | number>>> = {
    'credit-negative-invalid': { max: 200, points: 1000 },
    'credit-negative-not-found': { id: 4 },
    'credit-loan-invalid': {},
  };
  for (const locale of ['zh-CN', 'en'] as const) {
    it(`renders every refusal and notice in ${locale}`, () => {
      for (const [code, params] of Object.entries(KEYS)) {
        const text = i18n.t(locale, `error-${code}`, params);
        expect(text).not.toMatch(/error-|\{|undefined/);
      }
      for (const key of [
        'credit-notice-negative-added',
        'credit-notice-negative-removed',
        'command-credit',
      ]) {
        expect(i18n.t(locale, key, { id: 4, points: 100, reason: '违约' })).not.toMatch(
          /^credit-|^command-|\{/,
        );
      }
    });
  }
});
