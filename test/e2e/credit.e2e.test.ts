import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { BOT_TOKEN, type Person, type Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage, waitForText } from './talk-helpers.ts';

/**
 * Credit through the real bot and worker, in Chinese and in English: /credit explains a member's
 * score and their household's loan terms (583 household points → 0.58 percentage points off, the
 * top 20% eligible, a tie at the top shared); the secretary's negative-list entry lowers a score, the
 * member is told and sees the reason in /credit, and its removal gives the points back; a
 * villager cannot keep the list; /credit export sends the eligible households as a CSV file.
 */
let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let secretary: Person;
let xie: Person; // member 2, zh, 谢启富家 483
let li: Person; // member 3, zh, 李文培家 583
let zhang: Person; // member 4, en, Zhang home 583
let zhao: Person; // member 5, zh, 赵五家, no points

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [xie, li, zhang, zhao],
  } = await startVillage({
    people: [
      {
        user: { id: 85_002, first_name: '启富', language_code: 'zh-hans' },
        name: '谢启富',
        household: '谢启富家',
      },
      {
        user: { id: 85_003, first_name: '文培', language_code: 'zh-hans' },
        name: '李文培',
        household: '李文培家',
      },
      {
        user: { id: 85_004, first_name: 'San', language_code: 'en' },
        name: 'Zhang San',
        household: 'Zhang home',
      },
      {
        user: { id: 85_005, first_name: '赵五', language_code: 'zh-hans' },
        name: '赵五',
        household: '赵五家',
      },
    ],
  }));
  const members = await prisma.member.findMany({
    where: { villageId, number: { in: [2, 3, 4] } },
    select: { id: true, number: true, householdId: true },
  });
  const points: Record<number, number> = { 2: 483, 3: 583, 4: 583 };
  await prisma.$transaction((tx) =>
    appendLedgerEntries(
      tx,
      villageId,
      members.map((member) => ({
        memberId: member.id,
        householdId: member.householdId,
        amount: points[member.number] ?? 0,
        reason: '村务积分',
      })),
    ),
  );
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

async function downloadDocument(call: RecordedCall): Promise<string> {
  const fileId = (call.result as { document: { file_id: string } }).document.file_id;
  const got = await fetch(
    `${stack.emulator.url}/bot${BOT_TOKEN}/getFile?file_id=${encodeURIComponent(fileId)}`,
  );
  const { result } = (await got.json()) as { result: { file_path: string } };
  const download = await fetch(`${stack.emulator.url}/file/bot${BOT_TOKEN}/${result.file_path}`);
  return Buffer.from(await download.arrayBuffer()).toString('utf8');
}

describe('/credit', () => {
  it('explains a Chinese villager’s score and their household’s 0.58 discount and eligibility', async () => {
    const lines = bodyOf(await sayAndWait(stack, li, '/credit', '信用分')).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '李文培（3 号）· 友谊村',
      expect.stringMatching(/^信用分：520 分（满分 1000） {2}★+$/),
    ]);
    expect(lines).toContain('· 身份信息 120 分：已填真实姓名，已填户，入村 0 天（满一年这部分得满分）。');
    expect(lines).toContain('· 说到做到 100 分：还没有答应过要做的事，先按中间分算。');
    expect(lines.at(-2)).toBe(
      '李文培家：户积分 583 分，贷款利率可以降低 0.58 个百分点（每 100 分降 0.10 个百分点，最多降 1.00 个百分点）。',
    );
    expect(lines.at(-1)).toMatch(
      /^您家是全村第 1 户（共 5 户），在前 20% 之内，可以向银行申请信用贷款额度。$/,
    );
    const xieLines = bodyOf(await sayAndWait(stack, xie, '/credit', '信用分')).split('\n');
    expect(xieLines.at(-2)).toContain('户积分 483 分，贷款利率可以降低 0.48 个百分点');
    expect(xieLines.at(-1)).toBe('您家是全村第 3 户（共 5 户），进入前 20% 就可以申请信用贷款额度。');
  });

  it('says the same to an English member, whose household shares the top place', async () => {
    const lines = bodyOf(await sayAndWait(stack, zhang, '/credit', 'Credit score')).split('\n');
    expect(lines[0]).toBe('Zhang San (No. 4) · 友谊村');
    expect(lines[1]).toMatch(/^Credit score: 520 of 1000 {2}★+$/);
    expect(lines).toContain(
      '· Who you are 120: real name given, household given, 0 days in the village (full marks after a year).',
    );
    expect(lines.at(-2)).toBe(
      'Zhang home: 583 household points, so the loan rate is 0.58 percentage points lower (every 100 points 0.10 lower, at most 1.00).',
    );
    expect(lines.at(-1)).toBe(
      'Your household is 1 of 5, within the top 20%: it may ask the bank for a credit line.',
    );
  });

  it("lets only the secretary read another member's credit", async () => {
    expect(bodyOf(await sayAndWait(stack, zhao, '/credit 2', '权限'))).toContain('您没有权限');
    expect(bodyOf(await sayAndWait(stack, secretary, '/credit 5', '信用分'))).toContain('赵五（5 号）');
  });
});

describe('the negative list', () => {
  it('lowers a Chinese member’s score; they are told, and see the reason in /credit', async () => {
    expect(bodyOf(await sayAndWait(stack, xie, '/negative add 5 100 看他不顺眼', '权限'))).toContain(
      '您没有权限',
    );
    const since = stack.emulator.lastSeq();
    const added = bodyOf(
      await sayAndWait(stack, secretary, '/negative add 2 150 缠访闹访，经村民代表会议认定', '负面清单'),
    );
    const entry = await prisma.negativeListEntry.findFirstOrThrow({
      where: { villageId },
      orderBy: { id: 'desc' },
    });
    expect(added).toBe(`已把 2 号列入负面清单（第 ${entry.id} 条），信用分减 150 分，已告诉本人。`);
    const notice = await waitForText(stack, xie.id, since, '负面清单');
    expect(bodyOf(notice)).toBe(
      `您被列入村里的负面清单（第 ${entry.id} 条），信用分减 150 分。发送 /credit 可以看到原因和您的信用分。`,
    );
    const lines = bodyOf(await sayAndWait(stack, xie, '/credit', '信用分')).split('\n');
    expect(lines[1]).toMatch(/^信用分：370 分（满分 1000） {2}★★$/);
    expect(lines).toContain('· 负面清单：减 150 分。');
    expect(
      lines.some((line) => line.startsWith(`第 ${entry.id} 条，减 150 分：缠访闹访，经村民代表会议认定（`)),
    ).toBe(true);
  });

  it('tells an English member in English, and a removal gives the points back', async () => {
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/negative add 4 50 Broke a loan agreement', '负面清单');
    const entry = await prisma.negativeListEntry.findFirstOrThrow({
      where: { villageId },
      orderBy: { id: 'desc' },
    });
    const notice = await waitForText(stack, zhang.id, since, 'negative list');
    expect(bodyOf(notice)).toContain(
      'your credit score is 50 lower. Send /credit to see the reason and your score.',
    );
    const listed = bodyOf(await sayAndWait(stack, zhang, '/credit', 'Credit score'));
    expect(listed).toContain('Credit score: 470 of 1000');
    expect(listed).toContain('· Negative list: minus 50.');
    expect(listed).toContain(`Entry ${entry.id}, minus 50: Broke a loan agreement (`);

    const removedSince = stack.emulator.lastSeq();
    expect(bodyOf(await sayAndWait(stack, secretary, `/negative remove ${entry.id}`, '撤销'))).toBe(
      `已撤销负面清单第 ${entry.id} 条（4 号），已告诉本人。`,
    );
    const removed = await waitForText(stack, zhang.id, removedSince, 'removed');
    expect(bodyOf(removed)).toBe(
      `Entry ${entry.id} of the negative list about you has been removed: your credit score is 50 higher again.`,
    );
    const after = bodyOf(await sayAndWait(stack, zhang, '/credit', 'Credit score'));
    expect(after).toContain('Credit score: 520 of 1000');
    expect(after).not.toContain('Negative list');
    expect(bodyOf(await sayAndWait(stack, secretary, `/negative remove ${entry.id}`, '负面清单'))).toContain(
      '没有第',
    );
  });
});

describe('/credit export', () => {
  it('sends the secretary the eligible households as CSV, tied households both in', async () => {
    const since = stack.emulator.lastSeq();
    expect(bodyOf(await sayAndWait(stack, secretary, '/credit export', '名单'))).toContain('表格文件');
    const call = await stack.emulator.waitForCall(
      { method: 'sendDocument', chatId: secretary.id, sinceSeq: since },
      15_000,
    );
    expect(String(call.params.caption)).toBe('友谊村可申请信用贷款额度的户（前 20%）：共 2 户。');
    const households = await prisma.household.findMany({ where: { villageId }, orderBy: { number: 'asc' } });
    const number = (name: string) => households.find((household) => household.name === name)?.number;
    expect(await downloadDocument(call)).toBe(
      '\uFEFF排名,户号,户名,户积分,利率降低（百分点）,家庭成员\r\n' +
        `1,${number('李文培家')},李文培家,583,0.58,李文培\r\n` +
        `1,${number('Zhang home')},Zhang home,583,0.58,Zhang San\r\n`,
    );
    expect(bodyOf(await sayAndWait(stack, zhao, '/credit export', '权限'))).toContain('您没有权限');
  });

  it('follows the loan table the secretary sets, and speaks English to an English secretary', async () => {
    expect(bodyOf(await sayAndWait(stack, secretary, '/settings 贷款 最多=0.5 前=60', '贷款表'))).toBe(
      '贷款表已更新：户积分每 100 分，利率降 0.10 个百分点，最多降 0.50 个百分点；前 60% 的户可以申请信用贷款额度。',
    );
    await sayAndWait(stack, secretary, '/lang en', 'English');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, '/credit export', 'spreadsheet');
    const call = await stack.emulator.waitForCall(
      { method: 'sendDocument', chatId: secretary.id, sinceSeq: since },
      15_000,
    );
    expect(String(call.params.caption)).toBe('Households of 友谊村 eligible for a credit line (top 60%): 3.');
    const rows = (await downloadDocument(call)).split('\r\n');
    expect(rows[0]).toBe(
      '\uFEFFRank,Household number,Household,Household points,Rate discount (percentage points),Members',
    );
    expect(rows.slice(1).map((row) => row.split(',').slice(2, 5).join(','))).toEqual([
      '李文培家,583,0.50',
      'Zhang home,583,0.50',
      '谢启富家,483,0.48',
      '',
    ]);
  });
});
