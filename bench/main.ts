/**
 * `npm run bench [-- --users 200 --updates 3000 --in-flight 100 --latency-samples 300 --warmup 200
 *   --idle-seconds 20 --notices 250 --paced 100 --paced-rate 20 --raised-notices 1000
 *   --append-batch 1000 --append-rounds 20 --single-appends 1000 --ledger-entries 1000000
 *   --ledger-members 20000 --ledger-samples 300 --vote-ballots 20000
 *   --volunteer-members 1000 --volunteer-paid-members 5000 [--volunteer-rate 29]
 *   --volunteer-joiners 1000 --volunteer-seats 10 --volunteer-join-warmup 100
 *   --only yingshan-me,bare-me,bare-me-undici,outbox,ledger,votes,volunteers,joins,playground]`
 *
 * Against one local Bot API emulator: /me through the Yingshan bot and a bare grammY bot (updates per
 * second, latency, CPU, memory), then notices through the outbox and the Yingshan worker, and the
 * targets of issue 8 as PASS/MISS lines; then the ledger (bench/ledger/: appends, verifying a
 * million-entry chain, /points and /top in a village of 20,000) against issue 10's targets, and the
 * playground, and the votes (bench/votes/: closing a vote of 20,000 ballots; `--only=votes`), and the volunteers
 * (bench/volunteers/: a call's fan-out through the worker, then 1,000 members pressing a shift's join button at
 * once through the bot; `--only=volunteers`, or the joins alone with `--only=joins`). `npm run bench:ledger` is `--only=ledger`. Yingshan runs its production build, compiled at the start
 * of the run (`npm run build`; `--no-build` reuses dist/). A measurement: it exits 0 when a target is
 * missed (and prints MISS), 1 only when the run itself failed.
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEFAULT_OUTBOUND_MESSAGES_PER_SECOND } from '../core/config.ts';
import { dropDatabase, redactUrl } from '../prisma/migrator/database-url.ts';
import { createBotApiEmulator } from '../tools/bot-api-emulator/index.ts';
import { runLedgerBench } from './ledger/run-ledger-bench.ts';
import { benchUser, createBenchDatabase, deleteRedisKeys, seedVillage } from './lib/bench-database.ts';
import { type BenchProcess, commandOf } from './lib/bot-process.ts';
import { idleWindow } from './lib/idle.ts';
import {
  type BenchParams,
  runScenario,
  type ScenarioResult,
  type StartedScenario,
  startScenario,
} from './lib/runner.ts';
import { fixed, formatTable, loadAverage } from './lib/table.ts';
import { COMPARISONS, SCENARIOS } from './scenarios/index.ts';
import { yingshanMe } from './scenarios/me-command.ts';
import {
  type NoticeRow,
  type OutboxResult,
  runOutboxBench,
  type StartedWorker,
  startWorker,
  WORKER_SCRIPT,
  type WorkerEnvironment,
  type WorkerMemory,
} from './scenarios/outbox.ts';
import { runPlaygroundBench } from './scenarios/playground.ts';
import type { BenchEnvironment } from './scenarios/scenario.ts';
import { runJoinLatencyBench } from './volunteers/join-latency.ts';
import { runVolunteersBench } from './volunteers/run-volunteers-bench.ts';
import { runVotesBench } from './votes/run-votes-bench.ts';

const DEFAULT_DATABASE_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** The outbound limit of the second worker (TEST_OUTBOUND_RATE_LIMIT_PER_SECOND): far above what it can do. */
const RAISED_LIMIT_PER_SECOND = 10_000;

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '200' },
    'latency-samples': { type: 'string', default: '300' },
    updates: { type: 'string', default: '3000' },
    'in-flight': { type: 'string', default: '100' },
    'idle-seconds': { type: 'string', default: '20' },
    notices: { type: 'string', default: '250' },
    paced: { type: 'string', default: '100' },
    'paced-rate': { type: 'string', default: '20' },
    'raised-notices': { type: 'string', default: '1000' },
    'database-server': { type: 'string', default: DEFAULT_DATABASE_SERVER },
    'redis-url': { type: 'string', default: DEFAULT_REDIS_URL },
    'ledger-entries': { type: 'string', default: '1000000' },
    'ledger-members': { type: 'string', default: '20000' },
    'ledger-samples': { type: 'string', default: '300' },
    'append-batch': { type: 'string', default: '1000' },
    'append-rounds': { type: 'string', default: '20' },
    'single-appends': { type: 'string', default: '1000' },
    'vote-ballots': { type: 'string', default: '20000' },
    'volunteer-members': { type: 'string', default: '1000' },
    'volunteer-paid-members': { type: 'string', default: '5000' },
    'volunteer-rate': { type: 'string' },
    'volunteer-joiners': { type: 'string', default: '1000' },
    'volunteer-seats': { type: 'string', default: '10' },
    'volunteer-join-warmup': { type: 'string', default: '100' },
    only: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
  },
});

function count(name: string, raw: string, min = 1): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`--${name} must be an integer ≥ ${min} (got ${raw})`);
    process.exit(2);
  }
  return value;
}

const params: BenchParams = {
  users: count('users', values.users),
  warmup: count('warmup', values.warmup),
  latencySamples: count('latency-samples', values['latency-samples']),
  updates: count('updates', values.updates),
  inFlight: count('in-flight', values['in-flight']),
  replyTimeoutMs: 30_000,
};
const idleMs = count('idle-seconds', values['idle-seconds'], 0) * 1000;
const outboxParams = {
  warmup: 25,
  burst: count('notices', values.notices),
  paced: count('paced', values.paced),
  pacedPerSecond: count('paced-rate', values['paced-rate']),
  raisedBurst: count('raised-notices', values['raised-notices'], 0),
  raisedLimitPerSecond: RAISED_LIMIT_PER_SECOND,
  timeoutMs: 120_000,
};
if (params.inFlight > params.users) {
  console.error('--in-flight may not exceed --users: each user has at most one update in flight');
  process.exit(2);
}
const only = values.only?.split(',');
const wanted = (id: string) => !only || only.includes(id);
const scenarios = SCENARIOS.filter((scenario) => wanted(scenario.id));
const runOutbox = wanted('outbox');
const runLedger = wanted('ledger');
/** The /me and notices part: skipped (with its idle window) when only the ledger or the playground is asked for. */
const runMain = scenarios.length > 0 || runOutbox;
const compiled =
  scenarios.some((scenario) => scenario.script.startsWith('dist/')) ||
  runOutbox ||
  runLedger ||
  wanted('volunteers') ||
  wanted('joins');

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const suffix = `${stamp}_${String(process.pid).padStart(7, '0')}`;
const users = Array.from({ length: params.users }, (_, i) => benchUser(i));
const redisUrl = values['redis-url'];
const redisPrefix = `ysbench_${suffix}`;
let databaseUrl: string | undefined;
const results: ScenarioResult[] = [];
let outbox: OutboxResult | undefined;
let failed = false;
let buildNote = 'dist/ as it was (--no-build)';

console.log(
  `Yingshan bench: ${runMain ? '/me and notices through the local Bot API emulator' : (only ?? []).join(', ')}`,
);
console.log(
  `  machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), node ${process.version}, ` +
    `load average ${loadAverage()} at the start (other work on the machine shows here)`,
);
if (compiled && !values['no-build']) {
  const builtAt = performance.now();
  try {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'pipe', timeout: 180_000 });
  } catch (error) {
    const output = (error as { stdout?: Buffer; stderr?: Buffer }).stdout?.toString() ?? '';
    console.error(
      `npm run build failed:\n${output}${(error as { stderr?: Buffer }).stderr?.toString() ?? ''}`,
    );
    process.exit(1);
  }
  buildNote = `npm run build at the start of this run, ${fixed((performance.now() - builtAt) / 1000)} s`;
}
const emulator = await createBotApiEmulator({ port: 0, rateLimits: false });
for (const scenario of scenarios) {
  console.log(
    `  ${scenario.label}: ${commandOf(scenario.script)}` +
      (scenario.script.startsWith('dist/')
        ? ` — the production build (${buildNote})`
        : ' — from TypeScript source through tsx'),
  );
}
if (runOutbox)
  console.log(`  Yingshan worker: ${commandOf(WORKER_SCRIPT)} — the production build (${buildNote})`);
if (runMain)
  console.log(
    `  members N=${params.users}; each bot idle ${idleMs / 1000} s after start (idle RSS), then warm-up ${params.warmup}, ` +
      `latency ${params.latencySamples} sequential samples, throughput K=${params.updates} updates with at most ${params.inFlight} in flight`,
  );
if (runOutbox)
  console.log(
    `  notices: after a warm-up of ${outboxParams.warmup} per path, per path ${outboxParams.paced} paced at ${outboxParams.pacedPerSecond}/s (one transaction each) and a burst of ` +
      `${outboxParams.burst} (one transaction)` +
      (outboxParams.raisedBurst > 0 ? `; bursts of ${outboxParams.raisedBurst} with the limit raised` : ''),
  );
if (runMain)
  console.log(
    "  Telegram's rate limits are OFF in the emulator, so the programs' own cost is measured; the emulator, " +
      'this driver, PostgreSQL, Redis and the programs share the machine.',
  );
console.log(`  Yingshan BOT_CONCURRENCY=${process.env.BOT_CONCURRENCY ?? '8 (default)'}`);

const running: BenchProcess[] = [];
try {
  if (runMain) {
    databaseUrl = await createBenchDatabase(values['database-server'], suffix);
    await seedVillage(databaseUrl, users);
    console.log(`  database ${redactUrl(databaseUrl)} (dropped at the end), Redis prefix ${redisPrefix}`);
    const environment: BenchEnvironment = {
      emulatorUrl: emulator.url,
      databaseUrl,
      redisUrl,
      redisPrefix,
      users,
    };
    // The worker sends notices as the Yingshan bot, to chats the emulator must know.
    for (const user of users) emulator.addChat({ user, bot: yingshanMe.token });
    const workerEnvironment: WorkerEnvironment = {
      emulator,
      token: yingshanMe.token,
      databaseUrl,
      redisUrl,
      redisPrefix,
    };

    // Every program starts first and idles together, so each one's idle RSS is read after the same wait.
    process.stdout.write('  starting …');
    const started: StartedScenario[] = [];
    for (const scenario of scenarios) {
      const one = await startScenario(scenario, emulator, environment);
      running.push(one.bot);
      started.push(one);
    }
    let worker: StartedWorker | undefined;
    if (runOutbox) {
      worker = await startWorker(workerEnvironment);
      running.push(worker.worker);
    }
    process.stdout.write(` ready; idle ${idleMs / 1000} s …`);
    const idle = await idleWindow(
      [...started.map((one) => one.bot), ...(worker ? [worker.worker] : [])],
      idleMs,
    );
    started.forEach((one, i) => {
      one.idle = idle[i];
    });
    if (worker) worker.idle = idle[started.length];
    console.log(' done');

    for (const one of started) {
      process.stdout.write(`  running ${one.scenario.label} …`);
      const result = await runScenario(one, emulator, environment, params);
      const seconds = (ms: number) => `${fixed(ms / 1000)} s`;
      console.log(
        ` ready ${seconds(result.phases.readyMs)}, warm-up ${seconds(result.phases.warmupMs)}, ` +
          `latency ${seconds(result.phases.latencyMs)}, throughput ${seconds(result.throughputMs)}`,
      );
      results.push(result);
    }
    if (worker) {
      process.stdout.write('  running notices through the outbox …');
      const outboxStartedAt = performance.now();
      outbox = await runOutboxBench(worker, workerEnvironment, outboxParams);
      console.log(` ${fixed((performance.now() - outboxStartedAt) / 1000)} s`);
    }
  }
} catch (error) {
  failed = true;
  console.error('\nbench failed:', error instanceof Error ? error.message : error);
} finally {
  await Promise.all(running.map((one) => one.stop().catch(() => null)));
  await emulator.close();
  if (databaseUrl)
    await dropDatabase(databaseUrl).catch((error: unknown) =>
      console.warn(`could not drop: ${String(error)}`),
    );
  await deleteRedisKeys(redisUrl, redisPrefix).catch((error: unknown) =>
    console.warn(`could not delete Redis keys ${redisPrefix}*: ${String(error)}`),
  );
}

const mb = (kb: number) => fixed(kb / 1024);
if (results.length > 0) {
  console.log();
  console.log(
    formatTable<ScenarioResult>(
      [
        { header: '/me', align: 'left', value: (r) => r.scenario.label },
        { header: 'updates/s', value: (r) => fixed(r.rate) },
        { header: 'p50 ms', value: (r) => fixed(r.latency.p50, 2) },
        { header: 'p99 ms', value: (r) => fixed(r.latency.p99, 2) },
        { header: 'max ms', value: (r) => fixed(r.latency.max, 2) },
        { header: 'CPU ms/update', value: (r) => fixed(r.cpuMsPerUpdate, 2) },
        { header: 'RSS MB: ready', value: (r) => mb(r.readyRssKb) },
        { header: 'idle', value: (r) => mb(r.idle.endKb) },
        { header: 'idle min', value: (r) => mb(r.idle.minKb) },
        { header: 'after', value: (r) => mb(r.memory.rssKb) },
        { header: 'peak', value: (r) => mb(r.memory.peakRssKb) },
        { header: 'bad replies', value: (r) => String(r.unexpected + r.strayReplies) },
        { header: 'log lines', value: (r) => String(r.logLines.length) },
      ],
      results,
    ),
  );
  console.log();
  console.log(
    '  updates/s: K / time until the K-th reply; p50/p99/max: inject → sendMessage recorded, one at a time;\n' +
      '  CPU ms/update: bot process user+system CPU in the throughput phase / K.\n' +
      `  RSS MB (VmRSS): ready: when it was ready; idle: after ${idleMs / 1000} s without updates, and idle min, the lowest\n` +
      "  reading in that window (twice a second): V8 hands its young generation's pages back only when its memory\n" +
      '  reducer runs, somewhere 8–45 s into an idle spell; after: at the end of the throughput phase; peak: VmHWM.\n' +
      '  bad replies: not the expected answer, failed sends or unrequested replies; log lines: warn or worse.',
  );
}
if (outbox) printNotices(outbox);
console.log(`  load average at the end: ${loadAverage()}`);
console.log();

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const byId = new Map(results.map((result) => [result.scenario.id, result]));
for (const comparison of COMPARISONS) {
  const subject = byId.get(comparison.scenario);
  const baseline = byId.get(comparison.baseline);
  if (!subject || !baseline) continue;
  const ratio = subject.rate / baseline.rate;
  const { minRatio } = comparison;
  console.log(
    `${minRatio === undefined ? 'INFO' : verdict(ratio >= minRatio)}  rate ratio ${subject.scenario.label} / ${baseline.scenario.label} = ` +
      `${fixed(subject.rate)} / ${fixed(baseline.rate)} = ${ratio.toFixed(2)}` +
      (minRatio === undefined ? ' (no target)' : ` (target ≥ ${minRatio})`),
  );
}
for (const result of results) {
  const { label, p99TargetMs, rssAfterTargetMb, idleRssTargetMb } = result.scenario;
  if (p99TargetMs !== undefined)
    console.log(
      `${verdict(result.latency.p99 < p99TargetMs)}  p99 latency ${label} = ${fixed(result.latency.p99, 2)} ms (target < ${p99TargetMs} ms)`,
    );
  if (rssAfterTargetMb !== undefined)
    console.log(
      `${verdict(result.memory.rssKb / 1024 < rssAfterTargetMb)}  RSS after the throughput phase, ${label} = ` +
        `${mb(result.memory.rssKb)} MB (target < ${rssAfterTargetMb} MB)`,
    );
  if (idleRssTargetMb !== undefined)
    console.log(
      `${verdict(result.idle.endKb / 1024 < idleRssTargetMb)}  idle RSS, ${label} = ${mb(result.idle.endKb)} MB ` +
        `after ${idleMs / 1000} s idle (target < ${idleRssTargetMb} MB; lowest in the window ${mb(result.idle.minKb)} MB, ` +
        `${mb(result.readyRssKb)} MB when ready)`,
    );
}
if (outbox) printNoticeSummary(outbox);
for (const result of results) {
  if (result.unexpected + result.strayReplies > 0)
    console.log(`WARN  ${result.scenario.label}: ${result.unexpected + result.strayReplies} bad replies`);
  printLogLines(result.scenario.label, result.logLines);
}
if (outbox) {
  if (outbox.bad > 0) console.log(`WARN  notices: ${outbox.bad} failed or unowed sendMessage calls`);
  printLogLines('Yingshan worker', outbox.logLines);
}
if (runLedger)
  failed =
    !(await runLedgerBench({
      databaseServer: values['database-server'],
      redisUrl,
      suffix,
      appendBatch: count('append-batch', values['append-batch']),
      appendRounds: count('append-rounds', values['append-rounds']),
      singleAppends: count('single-appends', values['single-appends']),
      chainEntries: count('ledger-entries', values['ledger-entries']),
      villageMembers: count('ledger-members', values['ledger-members']),
      latencySamples: count('ledger-samples', values['ledger-samples']),
    })) || failed;
if (wanted('votes'))
  failed =
    !(await runVotesBench({
      databaseServer: values['database-server'],
      suffix,
      ballots: count('vote-ballots', values['vote-ballots']),
    })) || failed;
if (wanted('volunteers'))
  failed =
    !(await runVolunteersBench({
      databaseServer: values['database-server'],
      redisUrl,
      suffix,
      members: count('volunteer-members', values['volunteer-members'], 2),
      paidMembers: count('volunteer-paid-members', values['volunteer-paid-members'], 2),
      ratePerSecond:
        values['volunteer-rate'] === undefined
          ? undefined
          : count('volunteer-rate', values['volunteer-rate']),
      workerScript: WORKER_SCRIPT,
    })) || failed;
if (wanted('volunteers') || wanted('joins'))
  failed =
    !(await runJoinLatencyBench({
      databaseServer: values['database-server'],
      redisUrl,
      suffix,
      members: count('volunteer-joiners', values['volunteer-joiners'], 2),
      seats: count('volunteer-seats', values['volunteer-seats']),
      warmup: count('volunteer-join-warmup', values['volunteer-join-warmup'], 0),
      botScript: yingshanMe.script,
    })) || failed;
if (wanted('playground')) failed = !(await runPlaygroundBench()) || failed;
process.exit(failed ? 1 : 0);

function printLogLines(label: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  console.log(`WARN  ${label} logged ${lines.length} line(s), the first:`);
  for (const line of lines.slice(0, 3)) console.log(`      ${line.slice(0, 300)}`);
}

function limiterLabel(row: NoticeRow): string {
  return row.limiter === 'designed'
    ? `${DEFAULT_OUTBOUND_MESSAGES_PER_SECOND}/s (designed)`
    : `${RAISED_LIMIT_PER_SECOND}/s (bench only)`;
}

function printNotices(result: OutboxResult): void {
  console.log();
  console.log(
    formatTable<NoticeRow>(
      [
        {
          header: 'notices through the outbox',
          align: 'left',
          value: (r) => (r.path === 'fast' ? 'fast: commit, owed.deliver' : 'relay: lease lapsed, relay'),
        },
        { header: 'load', align: 'left', value: (r) => r.load },
        { header: 'outbound limit', align: 'left', value: limiterLabel },
        { header: 'notices', value: (r) => String(r.notices) },
        { header: 'notices/s', value: (r) => fixed(r.rate) },
        { header: 'p50 ms', value: (r) => fixed(r.latency.p50) },
        { header: 'p99 ms', value: (r) => fixed(r.latency.p99) },
        { header: 'max ms', value: (r) => fixed(r.latency.max) },
        { header: 'worker CPU ms/notice', value: (r) => fixed(r.workerCpuMsPerNotice, 2) },
      ],
      result.rows,
    ),
  );
  console.log();
  const memory = (worker: WorkerMemory) =>
    `ready ${mb(worker.readyRssKb)} MB, ` +
    (worker.idle ? `idle ${mb(worker.idle.endKb)} MB (lowest ${mb(worker.idle.minKb)} MB), ` : '') +
    `after its notices ${mb(worker.after.rssKb)} MB (peak ${mb(worker.after.peakRssKb)} MB)`;
  console.log(
    '  notices/s: notices / (first commit → last sendMessage recorded); p50/p99/max: each notice from its transaction\n' +
      "  returning COMMIT to the emulator recording the worker's sendMessage. Fast path: the writer hands its rows to\n" +
      '  BullMQ right after the commit (owed.deliver, as the bot does); relay path: the writer never does and its lease\n' +
      "  is over, so the worker's relay (a pass a second) finds them in PostgreSQL.\n" +
      `  With the designed limit a burst runs at ${DEFAULT_OUTBOUND_MESSAGES_PER_SECOND}/s: that is the outbound queue's limiter (OUTBOUND_MESSAGES_PER_SECOND,\n` +
      "  under Telegram's ~30 messages/s), the designed ceiling, not the pipeline's (counted per one-second window, so\n" +
      "  a burst of N takes about N/25 − 1 s and reads a little over 25/s); a burst's p50/p99 is its wait in that\n" +
      `  queue. Paced notices (under the ceiling) show the pipeline's own latency. Bench only: a second worker with\n` +
      `  TEST_OUTBOUND_RATE_LIMIT_PER_SECOND=${RAISED_LIMIT_PER_SECOND} shows what the outbox, BullMQ and the notify job could carry.`,
  );
  console.log(`  worker RSS: ${memory(result.worker)}`);
  if (result.raisedWorker) console.log(`  raised-limit worker RSS: ${memory(result.raisedWorker)}`);
}

function printNoticeSummary(result: OutboxResult): void {
  const row = (path: NoticeRow['path'], load: 'paced' | 'burst', limiter: NoticeRow['limiter']) =>
    result.rows.find((r) => r.path === path && r.load.startsWith(load) && r.limiter === limiter);
  const rates = (limiter: NoticeRow['limiter']) =>
    `fast ${fixed(row('fast', 'burst', limiter)?.rate)}/s, relay ${fixed(row('relay', 'burst', limiter)?.rate)}/s`;
  console.log(
    `INFO  notices relayed through the outbox: ${rates('designed')} — the designed ceiling, ` +
      `${DEFAULT_OUTBOUND_MESSAGES_PER_SECOND}/s (OUTBOUND_MESSAGES_PER_SECOND)` +
      (result.raisedWorker ? `; limit raised (bench only): ${rates('raised')}` : ''),
  );
  const paced = (path: NoticeRow['path']) => {
    const r = row(path, 'paced', 'designed');
    return `${path} p50 ${fixed(r?.latency.p50)} ms / p99 ${fixed(r?.latency.p99)} ms`;
  };
  console.log(
    `INFO  commit → notice's sendMessage, paced under the ceiling: ${paced('fast')}; ${paced('relay')}`,
  );
  console.log(
    `INFO  worker RSS: idle ${mb(result.worker.idle?.endKb ?? result.worker.readyRssKb)} MB, ` +
      `after the outbox phase ${mb(result.worker.after.rssKb)} MB`,
  );
}
