/**
 * The volunteers section of `npm run bench` (`--only=volunteers`): a volunteer call's fan-out through the
 * real worker process (the production build) to the Bot API emulator with Telegram's limits on (the
 * emulator's defaults: 30 messages/s bot-wide, burst 30; 1 a second per chat; paid broadcasts 1,000/s).
 *  - free: a call to N members at the configured outbound rate (OUTBOUND_MESSAGES_PER_SECOND): the rate
 *    achieved as a fraction of Telegram's 30/s (target ≥ 0.95), the time to reach everyone, 429s met;
 *  - paid: an urgent paid call to M members of another village: the rate against Telegram's 1,000/s.
 * The rate is counted from the first invite the emulator recorded to the last (N − 1 intervals). Its
 * own database and Redis prefix; prints its figures; resolves false when the run itself failed.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_OUTBOUND_MESSAGES_PER_SECOND } from '../../core/config.ts';
import { createPrismaClient, type PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import type { Membership } from '../../core/members/membership.ts';
import { createCall } from '../../core/volunteers/create-call.ts';
import { dropDatabase, redactUrl } from '../../prisma/migrator/database-url.ts';
import { createBotApiEmulator, type EmulatorEvent } from '../../tools/bot-api-emulator/index.ts';
import { Owed } from '../../worker/owed.ts';
import { createJobProducer, rateLimiterFor } from '../../worker/queues.ts';
import { oweCallLaunch } from '../../worker/volunteers-schedule.ts';
import { createBenchDatabase, deleteRedisKeys } from '../lib/bench-database.ts';
import { type BenchProcess, startWorkerProcess } from '../lib/bot-process.ts';
import { fixed, loadAverage } from '../lib/table.ts';

export interface VolunteersBenchParams {
  databaseServer: string;
  redisUrl: string;
  suffix: string;
  /** Members a free call goes to. */
  members: number;
  /** Members a paid call goes to. */
  paidMembers: number;
  /** OUTBOUND_MESSAGES_PER_SECOND for the worker; undefined: its default. */
  ratePerSecond?: number | undefined;
  workerScript: string;
}

const TOKEN = '7000000001:VOLUNTEERS-bench_token';
const TELEGRAM_FREE_PER_SECOND = 30;
const TELEGRAM_PAID_PER_SECOND = 1_000;
const HOUR = 3_600_000;

interface Phase {
  label: string;
  invites: number;
  firstAt: number;
  lastAt: number;
  launchedAt: number;
  refused429: number;
  inPenaltyWindow: number;
  paidFlagged: number;
}

export async function runVolunteersBench(params: VolunteersBenchParams): Promise<boolean> {
  console.log();
  console.log(
    `Volunteers bench: a call's fan-out to ${params.members} members (free) and ${params.paidMembers} (paid), ` +
      "through the worker process and the emulator with Telegram's limits",
  );
  console.log(`  load average ${loadAverage()} at the start of the section`);
  const redisPrefix = `ysbench_vol_${params.suffix}`;
  let databaseUrl: string | undefined;
  let prisma: PrismaClient | undefined;
  let worker: BenchProcess | undefined;
  const emulator = await createBotApiEmulator({ port: 0 });
  const logger = createLogger('warn', 'bench-volunteers');
  const jobs = createJobProducer({ redisUrl: params.redisUrl, prefix: redisPrefix, logger });
  try {
    databaseUrl = await createBenchDatabase(params.databaseServer, `${params.suffix}_volunteers`);
    console.log(`  database ${redactUrl(databaseUrl)} (dropped at the end), Redis prefix ${redisPrefix}`);
    prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
    const free = await seedVillage(prisma, 'FREE', 800_000_000, params.members, false);
    const paid = await seedVillage(prisma, 'PAID', 810_000_000, params.paidMembers, true);
    const bot = await fetch(`${emulator.url}/bot${TOKEN}/getMe`).then((r) => r.json());
    if (!(bot as { ok: boolean }).ok) throw new Error('emulator did not answer getMe');
    for (const village of [free, paid])
      for (const userId of [village.secretaryUserId, ...village.userIds])
        emulator.addChat({ user: { id: userId, first_name: `村民${userId}` }, bot: TOKEN });

    const rate = params.ratePerSecond ?? DEFAULT_OUTBOUND_MESSAGES_PER_SECOND;
    const window = rateLimiterFor(rate);
    worker = await startWorkerProcess(params.workerScript, {
      BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emulator.url,
      DATABASE_URL: databaseUrl,
      REDIS_URL: params.redisUrl,
      REDIS_PREFIX: redisPrefix,
      QR_SECRET: 'bench-qr-secret-not-for-production',
      LOG_LEVEL: 'warn',
      OUTBOUND_MESSAGES_PER_SECOND: String(rate),
    });
    console.log(
      `  worker: ${worker.command}, OUTBOUND_MESSAGES_PER_SECOND=${rate} (limiter: ${window.max} per ${window.duration} ms)`,
    );

    const phases: Phase[] = [];
    for (const village of [free, paid]) {
      const userIds = new Set(village.userIds);
      const phase: Phase = {
        label: village.paid ? 'paid' : 'free',
        invites: 0,
        firstAt: 0,
        lastAt: 0,
        launchedAt: 0,
        refused429: 0,
        inPenaltyWindow: 0,
        paidFlagged: 0,
      };
      const unsubscribe = emulator.core.events.subscribe((event: EmulatorEvent) => {
        if (event.type !== 'call' || event.call.method !== 'sendMessage') return;
        const { call } = event;
        if (!call.ok) {
          if (call.errorCode === 429) phase.refused429++;
          if (call.inPenaltyWindow) phase.inPenaltyWindow++;
          return;
        }
        if (!userIds.has(call.chatId ?? 0)) return;
        const at = performance.now();
        if (phase.invites === 0) phase.firstAt = at;
        phase.lastAt = at;
        phase.invites++;
        if (call.params.allow_paid_broadcast === true) phase.paidFlagged++;
      });
      try {
        // Let the limiter's window and the emulator's buckets settle after the previous phase.
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const owed = new Owed();
        const launchedAt = performance.now();
        await prisma.$transaction(
          async (tx) => {
            const call = await createCall(tx, {
              actor: village.secretary,
              draft: {
                title: village.paid ? '堤坝渗水，马上要人' : '防汛巡堤',
                shifts: [
                  {
                    place: '东堤',
                    startsAt: new Date(Date.now() + 24 * HOUR),
                    endsAt: new Date(Date.now() + 28 * HOUR),
                    capacity: 50,
                  },
                ],
                pointsPerHour: 5,
                audience: 'MEMBERS',
                urgent: village.paid,
                paidBroadcast: village.paid,
              },
            });
            await oweCallLaunch(tx, owed, call, { groupChatId: null, shiftReminderMinutes: 60 });
          },
          { timeout: 60_000 },
        );
        await owed.deliver({ prisma, jobs, logger });
        phase.launchedAt = launchedAt;
        const deadline = performance.now() + (village.userIds.length / (village.paid ? 200 : 20) + 60) * 1000;
        while (phase.invites < village.userIds.length) {
          if (performance.now() > deadline)
            throw new Error(
              `${phase.label}: ${phase.invites} of ${village.userIds.length} invites sent in time`,
            );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        unsubscribe();
      }
      phases.push(phase);
    }

    const [freePhase, paidPhase] = phases as [Phase, Phase];
    const rateOf = (phase: Phase) => ((phase.invites - 1) * 1000) / (phase.lastAt - phase.firstAt);
    const freeRate = rateOf(freePhase);
    const paidRate = rateOf(paidPhase);
    const freeRatio = freeRate / TELEGRAM_FREE_PER_SECOND;
    const paidRatio = paidRate / TELEGRAM_PAID_PER_SECOND;
    const stars = emulator.paidBroadcasts();
    console.log(
      `INFO  free call: ${freePhase.invites} invites in ${fixed((freePhase.lastAt - freePhase.launchedAt) / 1000)} s ` +
        `from the launch's commit to the last invite (first after ${fixed(freePhase.firstAt - freePhase.launchedAt)} ms); ` +
        `${fixed(freeRate)} invites/s from first to last; 429s ${freePhase.refused429}, in a penalty window ${freePhase.inPenaltyWindow}`,
    );
    console.log(
      `INFO  paid call: ${paidPhase.invites} invites in ${fixed((paidPhase.lastAt - paidPhase.launchedAt) / 1000)} s ` +
        `(first after ${fixed(paidPhase.firstAt - paidPhase.launchedAt)} ms); ${fixed(paidRate)} invites/s; ` +
        `with allow_paid_broadcast ${paidPhase.paidFlagged}; 429s ${paidPhase.refused429}, in a penalty window ${paidPhase.inPenaltyWindow}; ` +
        `Stars spent ${stars.starsSpent} (${stars.messages} paid messages)`,
    );
    const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
    console.log(
      `${verdict(freeRatio >= 0.95 && freePhase.refused429 === 0)}  free fan-out rate / Telegram's 30/s = ` +
        `${fixed(freeRate)} / ${TELEGRAM_FREE_PER_SECOND} = ${freeRatio.toFixed(3)} (target ≥ 0.95, with no 429)`,
    );
    console.log(
      `INFO  paid fan-out rate / Telegram's 1,000/s = ${fixed(paidRate)} / ${TELEGRAM_PAID_PER_SECOND} = ${paidRatio.toFixed(3)} ` +
        `(paid / free = ${(paidRate / freeRate).toFixed(1)}×)`,
    );
    const lines = worker
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    if (lines.length > 0) {
      console.log(`WARN  the worker logged ${lines.length} line(s), the first:`);
      for (const line of lines.slice(0, 3)) console.log(`      ${line.slice(0, 300)}`);
    }
    console.log(`  load average ${loadAverage()} at the end of the section`);
    return true;
  } catch (error) {
    console.error('\nvolunteers bench failed:', error instanceof Error ? error.message : error);
    return false;
  } finally {
    await worker?.stop().catch(() => null);
    await jobs.close();
    await prisma?.$disconnect();
    await emulator.close();
    if (databaseUrl) await dropDatabase(databaseUrl).catch(() => {});
    await deleteRedisKeys(params.redisUrl, redisPrefix).catch(() => {});
  }
}

interface SeededVillage {
  secretary: Membership;
  secretaryUserId: number;
  userIds: number[];
  paid: boolean;
}

/** A village, its secretary (member 1) and `members` active villagers, written with SQL. */
async function seedVillage(
  prisma: PrismaClient,
  code: string,
  firstUserId: number,
  members: number,
  paid: boolean,
): Promise<SeededVillage> {
  const secretaryUserId = firstUserId;
  const [village] = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO "Village" (name, "inviteCode", "createdById", "nextMemberNumber", "paidBroadcastEnabled", "paidBroadcastBudgetStars")
    VALUES (${`招募村${code}`}, ${`VOLBENCH${code}`}, ${secretaryUserId}::bigint, ${members + 2}::int, ${paid}, ${paid ? 1_000_000 : 0}::int)
    RETURNING id`;
  const villageId = village?.id;
  if (villageId === undefined) throw new Error('no village');
  await prisma.$executeRaw`
    INSERT INTO "User" (id, "firstName", "languageCode", "updatedAt")
    SELECT ${firstUserId}::bigint + n, '村民' || n, 'zh-hans', now() FROM generate_series(0, ${members}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "Member" ("villageId", "userId", number, "realName", status)
    SELECT ${villageId}::int, ${firstUserId}::bigint + n, n + 1, '村民' || n, 'ACTIVE' FROM generate_series(0, ${members}::int) n`;
  const secretary = await prisma.member.findFirstOrThrow({ where: { villageId, number: 1 } });
  await prisma.roleGrant.create({ data: { memberId: secretary.id, role: 'SECRETARY' } });
  return {
    secretary: {
      memberId: secretary.id,
      villageId,
      villageName: `招募村${code}`,
      timezone: 'Asia/Shanghai',
      number: 1,
      realName: secretary.realName,
      householdName: null,
      status: 'ACTIVE',
      roles: ['SECRETARY'],
    },
    secretaryUserId,
    userIds: Array.from({ length: members }, (_, i) => firstUserId + 1 + i),
    paid,
  };
}
