import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { addPointRule } from '../../core/points/add-point-rule.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import {
  handlePointsRuleAnnounce,
  type RuleAnnounceDeps,
  type RuleAnnounceJob,
  ruleAnnounceKey,
} from '../../worker/jobs/points-rule-announce.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { directJobDeps, TEST_BOT_TOKEN } from './support.ts';

/** The announcement job called directly against the emulator: run twice (or twice at once), posted once. */
const GROUP = { id: -1_008_100_000, title: '友谊村村民群', type: 'supergroup' as const };
let emulator: BotApiEmulator;
let prisma: PrismaClient;
let deps: RuleAnnounceDeps;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  emulator.addChat({ group: GROUP });
  prisma = testPrisma();
  await resetDatabase(prisma);
  const { defaultLocale: _, ...common } = directJobDeps(prisma, emulator.url);
  deps = {
    ...common,
    groupLocale: 'zh-CN',
  };
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

function fakeJob(ruleId: number, version: number): RuleAnnounceJob {
  const job = {
    id: `direct-${ruleId}-${version}`,
    name: 'points-rule-announce',
    data: { dedupeKey: `point-rule-${ruleId}-v${version}`, ruleId, version } as unknown,
    moveToDelayed: async () => {},
    updateData: async (data: unknown) => {
      job.data = data;
    },
  };
  return job;
}

describe('points-rule-announce', () => {
  it('skips a village without a group, then posts once however often it runs', async () => {
    const { member } = await createTestVillage(prisma, []);
    const secretary = await member(1);
    const rule = await addPointRule(prisma, {
      actor: secretary,
      code: 'river-clean',
      points: 10,
      caps: { yearly: 4 },
      description: { zh: '清理河道', en: 'Cleaning the river' },
    });
    expect(await handlePointsRuleAnnounce(fakeJob(rule.ruleId, 1), deps, undefined)).toEqual({
      outcome: 'skipped',
      reason: 'no-group',
    });

    await prisma.village.update({
      where: { id: secretary.villageId },
      data: { groupChatId: BigInt(GROUP.id) },
    });
    const runs = await Promise.all([
      handlePointsRuleAnnounce(fakeJob(rule.ruleId, 1), deps, undefined),
      handlePointsRuleAnnounce(fakeJob(rule.ruleId, 1), deps, undefined),
    ]);
    const again = await handlePointsRuleAnnounce(fakeJob(rule.ruleId, 1), deps, undefined);
    expect([...runs, again].map((run) => run.outcome).sort()).toEqual([
      'already-posted',
      'already-posted',
      'posted',
    ]);
    const posts = emulator.calls({ chatId: GROUP.id, method: 'sendMessage', ok: true });
    expect(posts.map((call) => call.params.text)).toEqual([
      '📋 新增积分规则（river-clean）：\n+10分  清理河道 · river-clean（每年最多 4 次）',
    ]);
    expect(
      await prisma.outboundMessage.findUnique({ where: { key: ruleAnnounceKey(rule.ruleId, 1) } }),
    ).toMatchObject({
      status: 'SENT',
    });
    expect(await handlePointsRuleAnnounce(fakeJob(rule.ruleId, 9), deps, undefined)).toEqual({
      outcome: 'skipped',
      reason: 'version-missing',
    });
  });
});
