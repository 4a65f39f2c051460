import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { appendLedgerEntries } from '../../core/points/ledger.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { type CreditLineFileDeps, handleCreditLineFile } from '../../worker/jobs/credit-line-file.ts';
import type { RuleAnnounceJob } from '../../worker/jobs/points-rule-announce.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { directJobDeps, TEST_BOT_TOKEN } from './support.ts';

/** /credit export's job called directly against the emulator: run twice, sent once; only to a secretary. */
let emulator: BotApiEmulator;
let prisma: PrismaClient;
let deps: CreditLineFileDeps;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  emulator.addChat({ user: { id: 1, first_name: '李书记' } });
  emulator.addChat({ user: { id: 2, first_name: '谢启富' } });
  prisma = testPrisma();
  await resetDatabase(prisma);
  deps = {
    ...directJobDeps(prisma, emulator.url),
  };
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

function fakeJob(villageId: number, memberId: number, key: string): RuleAnnounceJob {
  const job = {
    id: `direct-${key}`,
    name: 'credit-line-file',
    data: { dedupeKey: key, villageId, memberId } as unknown,
    moveToDelayed: async () => {},
    updateData: async (data: unknown) => {
      job.data = data;
    },
  };
  return job;
}

describe('credit-line-file', () => {
  it('sends the secretary the eligible households once, however often it runs, and nobody else', async () => {
    const { member } = await createTestVillage(prisma, [
      [2, '谢启富'],
      [3, '李文培'],
    ]);
    const [secretary, xie, li] = await Promise.all([member(1), member(2), member(3)]);
    const households = await prisma.member.findMany({
      where: { id: { in: [xie.memberId, li.memberId] } },
      select: { id: true, householdId: true },
    });
    await prisma.$transaction((tx) =>
      appendLedgerEntries(
        tx,
        secretary.villageId,
        households.map((row) => ({
          memberId: row.id,
          householdId: row.householdId,
          amount: row.id === li.memberId ? 583 : 483,
          reason: '村务积分',
        })),
      ),
    );
    const job = fakeJob(secretary.villageId, secretary.memberId, 'credit-line-1');
    const first = await handleCreditLineFile(job, deps, TEST_BOT_TOKEN);
    const second = await handleCreditLineFile(job, deps, TEST_BOT_TOKEN);
    expect(first).toMatchObject({ outcome: 'sent', households: 1 });
    expect(second).toMatchObject({ outcome: 'already-sent' });
    const sent = emulator.calls({ method: 'sendDocument', ok: true });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.chatId).toBe(1);
    expect(String(sent[0]?.params.caption)).toBe('友谊村可申请信用贷款额度的户（前 20%）：共 1 户。');

    const villager = await handleCreditLineFile(
      fakeJob(secretary.villageId, xie.memberId, 'credit-line-2'),
      deps,
      TEST_BOT_TOKEN,
    );
    expect(villager).toEqual({ outcome: 'skipped', reason: 'not-secretary' });
    expect(emulator.calls({ method: 'sendDocument' })).toHaveLength(1);
  });
});
