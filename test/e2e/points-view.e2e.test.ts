import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import type { Person, Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage } from './talk-helpers.ts';

/**
 * What members see of points, through the real bot: /points (balance, rank, stars, household, the
 * latest entries with their short hashes) and /top (this week, all time, the asker's own place), in
 * Chinese and in English; a villager with no points is encouraged, a bad period answered with the
 * usage. The entries are appended to the ledger directly: awards reach it through review elsewhere.
 */
let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let xie: Person; // member 2, zh, 谢启富家
let wang: Person; // member 3, zh, 谢启富家 too
let zhang: Person; // member 4, en, Zhang home
let zhao: Person; // member 5, zh, no entries (the secretary's household is the fourth)
const DAY = 24 * 60 * 60 * 1000;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    people: [xie, wang, zhang, zhao],
  } = await startVillage({
    people: [
      {
        user: { id: 83_002, first_name: '启富', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 83_003, first_name: '秀英', language_code: 'zh-hans' },
        name: '王秀英',
        household: '谢启富家',
      },
      {
        user: { id: 83_004, first_name: 'San', language_code: 'en' },
        name: 'Zhang San',
        household: 'Zhang home',
      },
      {
        user: { id: 83_005, first_name: '赵五', language_code: 'zh-hans' },
        name: '赵五',
        household: '赵五家',
      },
    ],
  }));
  const member = (number: number) =>
    prisma.member.findFirstOrThrow({ where: { villageId, number }, select: { id: true, householdId: true } });
  const [m2, m3, m4] = await Promise.all([member(2), member(3), member(4)]);
  const entry = (m: { id: number; householdId: number | null }, amount: number, reason: string) => ({
    memberId: m.id,
    householdId: m.householdId,
    amount,
    reason,
  });
  // Forty days ago is before this week and this month, wherever the calendar stands.
  const earlier = new Date(Date.now() - 40 * DAY);
  await prisma.$transaction((tx) =>
    appendLedgerEntries(
      tx,
      villageId,
      [entry(m2, 20, '发展建议被采纳'), entry(m4, 8, 'Helped a neighbour')],
      earlier,
    ),
  );
  await prisma.$transaction((tx) =>
    appendLedgerEntries(tx, villageId, [
      entry(m2, 8, '帮助邻居'),
      entry(m3, 8, '帮助邻居'),
      entry(m4, 5, 'Volunteer hour'),
    ]),
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

const hashOf = async (sequence: number) =>
  (await prisma.ledgerEntry.findFirstOrThrow({ where: { villageId, sequence } })).hash.slice(0, 8);

describe('/points', () => {
  it('shows a Chinese villager balance, stars, rank, household and latest entries with short hashes', async () => {
    const text = bodyOf(await sayAndWait(stack, xie, '/points', '积分：'));
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '谢启富（2 号）· 友谊村',
      '积分：28 分  ★★★★★',
      '全村排名：第 1 名（共 5 人）',
      '谢启富家：36 分，全村第 1 户（共 4 户）',
      '最近记录：',
    ]);
    expect(lines[5]).toMatch(new RegExp(`^\\d\\d-\\d\\d \\+8分 帮助邻居（#3 · ${await hashOf(3)}）$`));
    expect(lines[6]).toMatch(new RegExp(`^\\d\\d-\\d\\d \\+20分 发展建议被采纳（#1 · ${await hashOf(1)}）$`));
    expect(lines[7]).toBe('括号里是账本条目号和指纹，可用来核对账本没有被改过。');
  });

  it('shows an English villager the same, in English', async () => {
    const text = bodyOf(await sayAndWait(stack, zhang, '/points', 'Points:'));
    const lines = text.split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Zhang San (No. 4) · 友谊村',
      'Points: 13  ★★★★',
      'Rank in the village: 2 of 5',
      'Zhang home: 13 points, 2 of 4 households',
      'Latest entries:',
    ]);
    expect(lines[5]).toMatch(new RegExp(`^\\d\\d-\\d\\d \\+5 Volunteer hour \\(#5 · ${await hashOf(5)}\\)$`));
    expect(lines[6]).toMatch(
      new RegExp(`^\\d\\d-\\d\\d \\+8 Helped a neighbour \\(#2 · ${await hashOf(2)}\\)$`),
    );
  });

  it('gives a villager with no entries a friendly line instead of a rank', async () => {
    const text = bodyOf(await sayAndWait(stack, zhao, '/points', '积分'));
    expect(text).toBe(
      '赵五（5 号）· 友谊村\n积分：0 分  ★\n' +
        '您还没有积分。按村里的积分规则参加活动就能得分，发送 /rules points 看看怎么得分。\n' +
        '赵五家：0 分，全村第 3 户（共 4 户）',
    );
  });
});

describe('/top', () => {
  it("ranks this week's earners with ties sharing a place, and tells an asker without points so", async () => {
    const text = bodyOf(await sayAndWait(stack, zhao, '/top 本周', '积分榜'));
    expect(text).toBe(
      '友谊村本周积分榜：\n' +
        '1. 谢启富（2 号）8 分\n' +
        '1. 王秀英（3 号）8 分\n' +
        '3. Zhang San（4 号）5 分\n' +
        '您本周还没有积分，加油！',
    );
    expect(bodyOf(await sayAndWait(stack, zhao, '/top week', '积分榜'))).toBe(text);
  });

  it('ranks all time by default and marks the asker, in English', async () => {
    const text = bodyOf(await sayAndWait(stack, zhang, '/top', 'Top points'));
    expect(text).toBe(
      'Top points in 友谊村, all time:\n' +
        '1. 谢启富 (No. 2) 28\n' +
        '2. Zhang San (No. 4) 13 ← you\n' +
        '3. 王秀英 (No. 3) 8',
    );
    const month = bodyOf(await sayAndWait(stack, wang, '/top 月', '积分榜'));
    expect(month).toContain('友谊村本月积分榜：\n1. 谢启富（2 号）8 分\n1. 王秀英（3 号）8 分 ← 您\n');
  });

  it('answers a period it does not know with the usage, in each language', async () => {
    expect(bodyOf(await sayAndWait(stack, zhang, '/top year', 'Usage'))).toBe(
      'Usage: /top for the all-time ranking, /top week for this week, /top month for this month.\n' +
        '(本周, 本月 and 全部 work too)',
    );
    expect(bodyOf(await sayAndWait(stack, xie, '/top 今年', '用法'))).toBe(
      '用法：/top 看累计积分榜，/top 本周 看本周的，/top 本月 看本月的。\n（也可以写 week、month、all）',
    );
  });
});
