/**
 * The second part of the volunteers section of `npm run bench` (`--only=volunteers`): how long a member
 * waits for a join to be confirmed while everyone presses at once (target: p99 < 500 ms). A village of
 * N members (SQL, its own database), a call with one shift of 10 seats launched through `createCall`
 * (its invites are not sent: this part is about joins), the real compiled bot (`node dist/bot/main.js`)
 * against the emulator with Telegram's limits off; every member has a message carrying the shift's join
 * button (posted by this driver through the Bot API as the bot, as the invite would be) and all N press
 * it at once. Each press's latency runs from the press (the update queued in the emulator) to the
 * emulator recording the bot's answerCallbackQuery for it. A warm-up call (another day, the same shape)
 * is pressed first by W members one at a time, so the bot's JIT and pools are warm, and its figures say
 * what a join costs when nobody else joins. During the burst, pg_stat_activity is sampled to say where
 * the bot's connections were: waiting for a lock (the shift's row), running, or idle in a transaction.
 * Correctness from the database and the answers: exactly `seats` CONFIRMED, the rest WAITLISTED with
 * distinct positions, every press answered once, each with a seat or a waiting place, as the database has it.
 */
import { performance } from 'node:perf_hooks';
import { shiftJoinCallback } from '../../bot/callback-data/volunteers.ts';
import { createPrismaClient, type PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';
import { createCall } from '../../core/volunteers/create-call.ts';
import { dropDatabase, redactUrl } from '../../prisma/migrator/database-url.ts';
import {
  type BotApiEmulator,
  createBotApiEmulator,
  type EmulatorEvent,
  type UserSpec,
} from '../../tools/bot-api-emulator/index.ts';
import { createBenchDatabase, deleteRedisKeys } from '../lib/bench-database.ts';
import { type BenchProcess, startBotProcess } from '../lib/bot-process.ts';
import { percentile } from '../lib/stats.ts';
import { fixed, loadAverage } from '../lib/table.ts';

export interface JoinLatencyParams {
  databaseServer: string;
  redisUrl: string;
  suffix: string;
  /** Members who press the join button at once. */
  members: number;
  /** Seats on the shift. */
  seats: number;
  /** Members who press the warm-up call's button first. */
  warmup: number;
  botScript: string;
}

const TOKEN = '7000000002:JOINS-bench_token';
const FLOOR_TOKEN = '7000000003:JOINS-floor_token';
const FLOOR_SCRIPT = 'bench/bare-bot.ts';
const FIRST_USER_ID = 820_000_000;
const P99_TARGET_MS = 500;
const HOUR = 3_600_000;
/** The answer texts (zh-CN) of a seat and of a waiting place: locales/zh-CN.ftl shift-join-*. */
const CONFIRMED_TEXT = '✅ 报名成功';
const WAITLISTED_TEXT = '这个班次已满';

interface Press {
  userId: number;
  queryId: string;
  pressedAt: number;
  answeredAt?: number;
  answers: number;
  ok?: boolean;
  text?: string;
}

export async function runJoinLatencyBench(params: JoinLatencyParams): Promise<boolean> {
  console.log();
  console.log(
    `Volunteers bench, joins: ${params.members} members press a ${params.seats}-seat shift's join button at once, ` +
      "through the bot process and the emulator with Telegram's limits off",
  );
  console.log(`  load average ${loadAverage()} at the start of the part`);
  const redisPrefix = `ysbench_join_${params.suffix}`;
  let databaseUrl: string | undefined;
  let prisma: PrismaClient | undefined;
  let bot: BenchProcess | undefined;
  const emulator = await createBotApiEmulator({ port: 0, rateLimits: false });
  try {
    databaseUrl = await createBenchDatabase(params.databaseServer, `${params.suffix}_joins`);
    console.log(`  database ${redactUrl(databaseUrl)} (dropped at the end), Redis prefix ${redisPrefix}`);
    prisma = createPrismaClient(databaseUrl, { maxConnections: 4 });
    const village = await seedVillage(prisma, params.members);
    const tomorrow = Date.now() + 24 * HOUR;
    // The warm-up's shift is two days later, so it never overlaps the measured one.
    const warmupCall = await launchCall(
      prisma,
      village.secretary,
      '热身',
      tomorrow + 48 * HOUR,
      params.seats,
    );
    const call = await launchCall(prisma, village.secretary, '抢收稻谷', tomorrow, params.seats);
    const joinData = (number: number) =>
      shiftJoinCallback.pack({ call: number, shift: 1 }, village.villageId);

    const users: UserSpec[] = village.userIds.map((id) => ({
      id,
      first_name: firstNameOf(id),
      language_code: 'zh-hans',
    }));
    const me = (await fetch(`${emulator.url}/bot${TOKEN}/getMe`).then((r) => r.json())) as { ok: boolean };
    if (!me.ok) throw new Error('emulator did not answer getMe');
    const messageIds = await postJoinButtons(emulator, users, [
      { text: '报名 第1班（热身）', data: joinData(warmupCall) },
      { text: '报名 第1班', data: joinData(call) },
    ]);

    bot = await startBotProcess(
      params.botScript,
      {
        BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: emulator.url,
        DATABASE_URL: databaseUrl,
        REDIS_URL: params.redisUrl,
        REDIS_PREFIX: redisPrefix,
        QR_SECRET: 'bench-qr-secret-not-for-production',
        LOG_LEVEL: 'warn',
      },
      emulator,
      TOKEN,
    );
    console.log(
      `  bot: ${bot.command}, BOT_CONCURRENCY=${process.env.BOT_CONCURRENCY ?? '8 (default)'}; no worker ` +
        '(a press is answered by the bot after its commit; the refresh it owes waits in PostgreSQL)',
    );

    // The warm-up, one press at a time: also what a join costs when nobody else is joining.
    const warmCpuBefore = bot.cpuMs();
    const warm = await pressAll(
      emulator,
      TOKEN,
      messageIds,
      users.slice(0, params.warmup),
      joinData(warmupCall),
      true,
    );
    const warmCpuMs = bot.cpuMs() - warmCpuBefore;
    const alone = (q: number) => percentile(latencies(warm.presses), q);
    console.log(
      `INFO  warm-up, one press at a time (${warm.presses.length} on call ${warmupCall}, ${params.seats} seats): ` +
        `press → answer p50 ${fixed(alone(50))} ms, p99 ${fixed(alone(99))} ms; bot CPU ${fixed(warmCpuMs / Math.max(1, warm.presses.length), 2)} ms/join`,
    );

    const activity = sampleActivity(prisma, databaseUrl);
    const cpuBefore = bot.cpuMs();
    const run = await pressAll(emulator, TOKEN, messageIds, users, joinData(call));
    const cpuMs = bot.cpuMs() - cpuBefore;
    const connections = await activity.stop();
    const times = latencies(run.presses);
    const lastAnswer = Math.max(...run.presses.map((press) => press.answeredAt ?? 0));
    const p = (q: number) => percentile(times, q);
    console.log(
      `INFO  joins: ${run.presses.length} presses queued in ${fixed(run.pressedFor)} ms; all answered ${fixed(lastAnswer - run.startedAt)} ms ` +
        `after the first press (${fixed((run.presses.length * 1000) / (lastAnswer - run.startedAt))} joins/s); ` +
        `bot CPU ${fixed(cpuMs / run.presses.length, 2)} ms/join`,
    );
    const tooOld = run.presses.filter((press) => press.ok === false).length;
    console.log(
      `INFO  press → answerCallbackQuery: p50 ${fixed(p(50))} ms, p95 ${fixed(p(95))} ms, p99 ${fixed(p(99))} ms, max ${fixed(p(100))} ms; ` +
        `${tooOld} answers refused by the emulator (Telegram's "query is too old" after 15 s: the toast is lost, the reply still comes)`,
    );
    console.log(
      `${p(99) < P99_TARGET_MS ? 'PASS' : 'MISS'}  p99 join confirmation with ${run.presses.length} joining at once = ` +
        `${fixed(p(99))} ms (target < ${P99_TARGET_MS} ms)`,
    );

    console.log(
      `INFO  the bot's database connections during the burst (${connections.samples} samples of pg_stat_activity): ` +
        `on average ${fixed(connections.lock)} waiting for a lock, ${fixed(connections.active)} running a statement, ` +
        `${fixed(connections.idleInTransaction)} idle in a transaction (the bot working between statements)`,
    );

    const check = await checkOutcome(prisma, call, village.villageId, run.presses, params.seats);
    const lines = bot
      .output()
      .split('\n')
      .filter((line) => line.trim() !== '');
    if (lines.length > 0) {
      console.log(`WARN  the bot logged ${lines.length} line(s), the first:`);
      for (const line of lines.slice(0, 3)) console.log(`      ${line.slice(0, 300)}`);
    }
    await bot.stop();
    bot = undefined;
    const floor = await measureFloor(emulator, users, joinData(call));
    console.log(
      `INFO  floor: a bare grammY bot (${FLOOR_SCRIPT}: polling, a static answerCallbackQuery, no database) answers the same ` +
        `${floor.presses.length} presses at once in p50 ${fixed(floor.p(50))} ms, p99 ${fixed(floor.p(99))} ms, all within ` +
        `${fixed(floor.lastMs)} ms (${fixed((floor.presses.length * 1000) / floor.lastMs)} answers/s); Yingshan's p99 is ` +
        `${fixed(p(99) / floor.p(99), 2)}× the floor's`,
    );
    console.log(`${check.ok ? 'PASS' : 'FAIL'}  correctness: ${check.line}`);

    console.log(`  load average ${loadAverage()} at the end of the part`);
    return check.ok;
  } catch (error) {
    console.error('\njoin latency bench failed:', error instanceof Error ? error.message : error);
    return false;
  } finally {
    await bot?.stop().catch(() => null);
    await prisma?.$disconnect();
    await emulator.close();
    if (databaseUrl) await dropDatabase(databaseUrl).catch(() => {});
    await deleteRedisKeys(params.redisUrl, redisPrefix).catch(() => {});
  }
}

/**
 * The same burst against a bare grammY bot that only answers the press: what this machine, the emulator
 * and grammY's polling cost before Yingshan records anything (its own token and button messages).
 */
async function measureFloor(emulator: BotApiEmulator, users: readonly UserSpec[], data: string) {
  await fetch(`${emulator.url}/bot${FLOOR_TOKEN}/getMe`);
  const messageIds = await postJoinButtons(emulator, users, [{ text: '报名 第1班', data }], FLOOR_TOKEN);
  const bot = await startBotProcess(
    FLOOR_SCRIPT,
    { BOT_TOKEN: FLOOR_TOKEN, TELEGRAM_API_ROOT: emulator.url, LOG_LEVEL: 'warn' },
    emulator,
    FLOOR_TOKEN,
  );
  try {
    const run = await pressAll(emulator, FLOOR_TOKEN, messageIds, users, data);
    const times = latencies(run.presses);
    const lastMs = Math.max(...run.presses.map((press) => press.answeredAt ?? 0)) - run.startedAt;
    return { presses: run.presses, lastMs, p: (q: number) => percentile(times, q) };
  } finally {
    await bot.stop().catch(() => null);
  }
}

/** Presses at once, or (oneAtATime) each after the previous one's answer; resolves when every press is answered. */
async function pressAll(
  emulator: BotApiEmulator,
  token: string,
  messageIds: ReadonlyMap<number, number>,
  pressers: readonly UserSpec[],
  data: string,
  oneAtATime = false,
) {
  const presses = new Map<string, Press>();
  const unsubscribe = emulator.core.events.subscribe((event: EmulatorEvent) => {
    if (event.type !== 'call' || event.call.method !== 'answerCallbackQuery') return;
    const press = presses.get(String(event.call.params.callback_query_id));
    if (!press) return;
    press.answers++;
    if (press.answeredAt !== undefined) return;
    press.answeredAt = performance.now();
    press.ok = event.call.ok;
    press.text = typeof event.call.params.text === 'string' ? event.call.params.text : '';
  });
  try {
    const startedAt = performance.now();
    for (const user of pressers) {
      const pressedAt = performance.now();
      const { callbackQueryId } = emulator.pressButton({
        bot: token,
        user,
        messageId: messageIds.get(user.id) ?? 0,
        data,
      });
      if (!callbackQueryId) throw new Error('the press has no callback query id');
      const press: Press = { userId: user.id, queryId: callbackQueryId, pressedAt, answers: 0 };
      presses.set(callbackQueryId, press);
      while (oneAtATime && press.answeredAt === undefined)
        await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const pressedFor = performance.now() - startedAt;
    const deadline = performance.now() + 120_000;
    const all = [...presses.values()];
    while (all.some((press) => press.answeredAt === undefined)) {
      if (performance.now() > deadline)
        throw new Error(
          `${all.filter((press) => press.answeredAt === undefined).length} of ${all.length} presses unanswered after 120 s`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // A moment for a second answer to the same press, if the bot ever gave one.
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { presses: all, pressedFor, startedAt };
  } finally {
    unsubscribe();
  }
}

/**
 * Where the bot's connections to the bench database are, every 20 ms until stopped: waiting for a lock
 * (the shift's row, a member's lock), running a statement, or idle inside a transaction (the bot busy
 * between two statements of an update). The sampler's own connection is left out; the driver's others are idle.
 */
function sampleActivity(prisma: PrismaClient, databaseUrl: string) {
  const database = new URL(databaseUrl).pathname.slice(1);
  const totals = { samples: 0, lock: 0, active: 0, idleInTransaction: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      const [row] = await prisma.$queryRaw<{ lock: number; active: number; idle_in_transaction: number }[]>`
        SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
               count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock')::int AS active,
               count(*) FILTER (WHERE state = 'idle in transaction')::int AS idle_in_transaction
        FROM pg_stat_activity
        WHERE datname = ${database} AND pid <> pg_backend_pid() AND backend_type = 'client backend'`;
      if (row) {
        totals.samples++;
        totals.lock += row.lock;
        totals.active += row.active;
        totals.idleInTransaction += row.idle_in_transaction;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const n = Math.max(1, totals.samples);
      return {
        samples: totals.samples,
        lock: totals.lock / n,
        active: totals.active / n,
        idleInTransaction: totals.idleInTransaction / n,
      };
    },
  };
}

const latencies = (presses: readonly Press[]) =>
  presses.map((press) => (press.answeredAt ?? Number.NaN) - press.pressedAt);

const firstNameOf = (userId: number) => `村民${userId - FIRST_USER_ID}`;

/** Counts and positions in the database against what each press was answered. */
async function checkOutcome(
  prisma: PrismaClient,
  callNumber: number,
  villageId: number,
  presses: readonly Press[],
  seats: number,
): Promise<{ ok: boolean; line: string }> {
  const shift = await prisma.volunteerShift.findFirstOrThrow({
    where: { position: 1, call: { villageId, number: callNumber } },
    select: { id: true, taken: true },
  });
  const signUps = await prisma.signUp.findMany({
    where: { shiftId: shift.id },
    select: { status: true, waitlistPosition: true, member: { select: { userId: true } } },
  });
  const confirmed = signUps.filter((signUp) => signUp.status === 'CONFIRMED');
  const waiting = signUps.filter((signUp) => signUp.status === 'WAITLISTED');
  const positions = new Set(waiting.map((signUp) => signUp.waitlistPosition));
  const waitingExpected = presses.length - seats;
  const statusOf = new Map(signUps.map((signUp) => [Number(signUp.member.userId), signUp.status]));
  const twice = presses.filter((press) => press.answers > 1).length;
  const unread = presses.filter(
    (press) => !press.text?.startsWith(CONFIRMED_TEXT) && !press.text?.startsWith(WAITLISTED_TEXT),
  ).length;
  // An answer that says a seat where the database says waiting (or the other way round).
  const contradicted = presses.filter((press) => {
    const status = statusOf.get(press.userId);
    return press.text?.startsWith(CONFIRMED_TEXT) ? status !== 'CONFIRMED' : status !== 'WAITLISTED';
  }).length;
  const ok =
    confirmed.length === seats &&
    shift.taken === seats &&
    waiting.length === waitingExpected &&
    positions.size === waiting.length &&
    !positions.has(null) &&
    twice + unread + contradicted === 0;
  return {
    ok,
    line:
      `${confirmed.length} CONFIRMED (expected ${seats}; shift.taken ${shift.taken}), ${waiting.length} WAITLISTED ` +
      `(expected ${waitingExpected}) with ${positions.size} distinct positions; answers: ${twice} answered twice, ` +
      `${unread} not a seat or a waiting place (an error), ${contradicted} contradicting the database`,
  };
}

/** A call of one shift starting at `startsAt` (4 hours), launched by the secretary; its number. */
async function launchCall(
  prisma: PrismaClient,
  secretary: Membership,
  title: string,
  startsAt: number,
  seats: number,
): Promise<number> {
  const launched = await prisma.$transaction(
    (tx) =>
      createCall(tx, {
        actor: secretary,
        draft: {
          title,
          shifts: [
            {
              place: '村东晒谷场',
              startsAt: new Date(startsAt),
              endsAt: new Date(startsAt + 4 * HOUR),
              capacity: seats,
            },
          ],
          pointsPerHour: 5,
          audience: 'MEMBERS',
          urgent: false,
          paidBroadcast: false,
        },
      }),
    { timeout: 60_000 },
  );
  return launched.number;
}

/**
 * One message per member carrying the join buttons, posted through the Bot API as the bot (the
 * invite's place, without the invite: pressButton needs a message with the button). Returns each
 * member's message id.
 */
async function postJoinButtons(
  emulator: BotApiEmulator,
  users: readonly UserSpec[],
  buttons: readonly { text: string; data: string }[],
  token = TOKEN,
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  const reply_markup = { inline_keyboard: buttons.map((b) => [{ text: b.text, callback_data: b.data }]) };
  for (let i = 0; i < users.length; i += 50) {
    await Promise.all(
      users.slice(i, i + 50).map(async (user) => {
        emulator.addChat({ user, bot: token });
        const response = await fetch(`${emulator.url}/bot${token}/sendMessage`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ chat_id: user.id, text: '志愿招募：抢收稻谷', reply_markup }),
        });
        const body = (await response.json()) as { ok: boolean; result?: { message_id: number } };
        if (!body.ok || !body.result) throw new Error(`could not post the join button to ${user.id}`);
        ids.set(user.id, body.result.message_id);
      }),
    );
  }
  return ids;
}

interface SeededVillage {
  villageId: number;
  secretary: Membership;
  /** The members who press (the secretary not among them). */
  userIds: number[];
}

/**
 * A village, its secretary (member 1) and `members` active villagers with the VILLAGER role, written
 * with SQL; User rows as the emulator sends them (so the bot's syncUser writes nothing).
 */
async function seedVillage(prisma: PrismaClient, members: number): Promise<SeededVillage> {
  const [village] = await prisma.$queryRaw<{ id: number }[]>`
    INSERT INTO "Village" (name, "inviteCode", "createdById", "nextMemberNumber")
    VALUES ('报名村', 'JOINBENCH', ${FIRST_USER_ID}::bigint, ${members + 2}::int)
    RETURNING id`;
  const villageId = village?.id;
  if (villageId === undefined) throw new Error('no village');
  await prisma.$executeRaw`
    INSERT INTO "User" (id, "firstName", "languageCode", "currentVillageId", "updatedAt")
    SELECT ${FIRST_USER_ID}::bigint + n, '村民' || n, 'zh-hans', ${villageId}::int, now()
    FROM generate_series(0, ${members}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "Member" ("villageId", "userId", number, "realName", status)
    SELECT ${villageId}::int, ${FIRST_USER_ID}::bigint + n, n + 1, '村民' || n, 'ACTIVE'
    FROM generate_series(0, ${members}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "RoleGrant" ("memberId", role)
    SELECT id, 'VILLAGER' FROM "Member" WHERE "villageId" = ${villageId}::int`;
  const secretary = await prisma.member.findFirstOrThrow({ where: { villageId, number: 1 } });
  await prisma.roleGrant.create({ data: { memberId: secretary.id, role: 'SECRETARY' } });
  return {
    villageId,
    secretary: {
      memberId: secretary.id,
      villageId,
      villageName: '报名村',
      timezone: 'Asia/Shanghai',
      number: 1,
      realName: secretary.realName,
      householdName: null,
      status: 'ACTIVE',
      roles: ['VILLAGER', 'SECRETARY'],
    },
    userIds: Array.from({ length: members }, (_, i) => FIRST_USER_ID + 1 + i),
  };
}
