import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { reviewAward } from '../../core/points/awards.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { Owed } from '../../worker/owed.ts';
import { setAwardFinalTimer } from '../../worker/points-schedule.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { type AppProcess, startApp } from '../support/app-process.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import {
  databaseUrl,
  deleteRedisPrefix,
  REDIS_URL,
  TEST_BOT_TOKEN,
  TEST_QR_SECRET,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * The real worker process applying a batch of approved awards, killed with SIGKILL halfway and started
 * again: every award reaches the ledger exactly once and the chain holds. Each award is applied in
 * its timer's transaction, so a kill leaves each one either applied with its entry or not at all.
 */
const logger = createLogger('silent', 'test');
const AWARDS = 400;
const SECRETARY = 7_400_001;
const CADRE = 7_400_002;
const VILLAGER = 7_400_003;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let producer: JobProducer;
let app: AppProcess | undefined;
const prefix = uniquePrefix();

function startWorker(): Promise<AppProcess> {
  return startApp(
    'worker/main.ts',
    {
      BOT_TOKEN: TEST_BOT_TOKEN,
      TELEGRAM_API_ROOT: emulator.url,
      DATABASE_URL: databaseUrl(),
      REDIS_URL,
      REDIS_PREFIX: prefix,
      QR_SECRET: TEST_QR_SECRET,
      LOG_LEVEL: 'info',
      DEFAULT_LOCALE: 'zh-CN',
    },
    { readyLog: /worker started/, timeoutMs: 30_000 },
  );
}

async function member(userId: number): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no member ${userId}`);
  return found;
}

beforeAll(async () => {
  emulator = await createBotApiEmulator({ rateLimits: false });
  prisma = testPrisma();
  await resetDatabase(prisma);
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
});

afterAll(async () => {
  await app?.stop('SIGKILL');
  await producer.close();
  await deleteRedisPrefix(prefix);
  await prisma.$disconnect();
  await emulator.close();
});

describe('the worker killed while applying awards', () => {
  it('applies every award exactly once after a restart, and the chain holds', async () => {
    await syncUser(prisma, { id: SECRETARY, first_name: '书记' });
    const { inviteCode } = await createVillage(prisma, {
      name: '友谊村',
      creatorUserId: BigInt(SECRETARY),
      adminIds: [BigInt(SECRETARY)],
      joinApproval: false,
    });
    for (const id of [CADRE, VILLAGER]) {
      await syncUser(prisma, { id, first_name: `u${id}` });
      await joinVillage(prisma, { userId: BigInt(id), inviteCode });
      await answerOnboarding(prisma, { membership: await member(id), text: `名${id}` });
      await answerOnboarding(prisma, { membership: await member(id), text: `家${id}` });
      emulator.addChat({ user: { id, first_name: `u${id}` } });
    }
    const secretary = await member(SECRETARY);
    await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
    const cadre = await member(CADRE);
    const villager = await member(VILLAGER);
    const awards = await prisma.pointAward.createManyAndReturn({
      data: Array.from({ length: AWARDS }, (_, i) => ({
        villageId: villager.villageId,
        memberId: villager.memberId,
        points: 1,
        reason: `志愿服务 ${i + 1}`,
        proposedById: cadre.memberId,
      })),
      select: { id: true },
    });
    const owed = new Owed();
    await prisma.$transaction(
      async (tx: Prisma.TransactionClient) => {
        for (const { id } of awards) {
          const reviewed = await reviewAward(tx, {
            actor: secretary,
            awardId: id,
            approve: true,
            appealWindowMs: 0,
          });
          if (reviewed.finalAt)
            await setAwardFinalTimer(tx, owed, { awardId: id, finalAt: reviewed.finalAt });
        }
      },
      { timeout: 60_000 },
    );
    await owed.deliver({ prisma, jobs: producer, logger });

    app = await startWorker();
    const entries = () => prisma.ledgerEntry.count({ where: { villageId: villager.villageId } });
    await waitFor(async () => (await entries()) >= AWARDS / 8, {
      what: 'some awards applied',
      timeoutMs: 60_000,
    });
    await app.stop('SIGKILL');
    const atKill = await entries();
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(AWARDS);
    // Whatever the kill caught is all or nothing: every applied award has its entry and no other has one.
    expect(await prisma.pointAward.count({ where: { status: 'APPLIED' } })).toBe(atKill);

    app = await startWorker();
    await waitFor(async () => (await entries()) === AWARDS, {
      what: 'every award applied',
      timeoutMs: 120_000,
    });
    expect(await prisma.pointAward.count({ where: { status: 'APPLIED' } })).toBe(AWARDS);
    expect(await verifyLedger(prisma, villager.villageId)).toMatchObject({ ok: true, entries: AWARDS });
    // And nothing more arrives a little later.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await entries()).toBe(AWARDS);
  }, 240_000);
});
