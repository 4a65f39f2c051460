/**
 * `npm run bench [-- --users 200 --updates 3000 --in-flight 100 --latency-samples 300 --warmup 200]`
 *
 * Updates per second and /me latency of each scenario's bot process against one local Bot API
 * emulator, plus the ratios and targets in scenarios/index.ts. A measurement: it exits 0 when a
 * target is missed (and prints MISS), 1 only when the run itself failed.
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { dropDatabase, redactUrl } from '../prisma/migrator/database-url.ts';
import { createBotApiEmulator } from '../tools/bot-api-emulator/index.ts';
import { benchUser, createBenchDatabase, deleteRedisKeys, seedVillage } from './lib/bench-database.ts';
import { type BenchParams, runScenario, type ScenarioResult } from './lib/runner.ts';
import { fixed, formatTable } from './lib/table.ts';
import { COMPARISONS, SCENARIOS } from './scenarios/index.ts';
import { runPlaygroundBench } from './scenarios/playground.ts';
import type { BenchEnvironment } from './scenarios/scenario.ts';

const DEFAULT_DATABASE_SERVER = 'postgresql://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '200' },
    'latency-samples': { type: 'string', default: '300' },
    updates: { type: 'string', default: '3000' },
    'in-flight': { type: 'string', default: '100' },
    'database-server': { type: 'string', default: DEFAULT_DATABASE_SERVER },
    'redis-url': { type: 'string', default: DEFAULT_REDIS_URL },
    only: { type: 'string' },
  },
});

function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer (got ${raw})`);
    process.exit(2);
  }
  return value;
}

const params: BenchParams = {
  users: positiveInt('users', values.users),
  warmup: positiveInt('warmup', values.warmup),
  latencySamples: positiveInt('latency-samples', values['latency-samples']),
  updates: positiveInt('updates', values.updates),
  inFlight: positiveInt('in-flight', values['in-flight']),
  replyTimeoutMs: 30_000,
};
if (params.inFlight > params.users) {
  console.error('--in-flight may not exceed --users: each user has at most one update in flight');
  process.exit(2);
}
const scenarios = values.only
  ? SCENARIOS.filter((scenario) => values.only?.split(',').includes(scenario.id))
  : SCENARIOS;

const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const suffix = `${stamp}_${String(process.pid).padStart(7, '0')}`;
const users = Array.from({ length: params.users }, (_, i) => benchUser(i));
const emulator = await createBotApiEmulator({ port: 0, rateLimits: false });
const redisUrl = values['redis-url'];
const redisPrefix = `ysbench_${suffix}`;
let databaseUrl: string | undefined;
const results: ScenarioResult[] = [];
let failed = false;

console.log('Yingshan bench: /me through the local Bot API emulator');
console.log(
  `  machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), node ${process.version}`,
);
console.log(
  `  members N=${params.users}, warm-up ${params.warmup}, latency ${params.latencySamples} sequential samples, ` +
    `throughput K=${params.updates} updates with at most ${params.inFlight} in flight`,
);
console.log(
  "  Telegram's rate limits are OFF in the emulator, so the bots' own cost is measured; the emulator, " +
    'this driver, PostgreSQL and each bot share the machine.',
);
console.log(`  Yingshan BOT_CONCURRENCY=${process.env.BOT_CONCURRENCY ?? '8 (default)'}`);

try {
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
  for (const scenario of scenarios) {
    process.stdout.write(`  running ${scenario.label} …`);
    const result = await runScenario(scenario, emulator, environment, params);
    const seconds = (ms: number) => `${fixed(ms / 1000)} s`;
    console.log(
      ` ready ${seconds(result.phases.readyMs)}, warm-up ${seconds(result.phases.warmupMs)}, ` +
        `latency ${seconds(result.phases.latencyMs)}, throughput ${seconds(result.throughputMs)}`,
    );
    results.push(result);
  }
} catch (error) {
  failed = true;
  console.error('\nbench failed:', error instanceof Error ? error.message : error);
} finally {
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
console.log();
console.log(
  formatTable<ScenarioResult>(
    [
      { header: 'scenario', align: 'left', value: (r) => r.scenario.label },
      { header: 'updates/s', value: (r) => fixed(r.rate) },
      { header: 'p50 ms', value: (r) => fixed(r.latency.p50, 2) },
      { header: 'p99 ms', value: (r) => fixed(r.latency.p99, 2) },
      { header: 'max ms', value: (r) => fixed(r.latency.max, 2) },
      { header: 'CPU ms/update', value: (r) => fixed(r.cpuMsPerUpdate, 2) },
      { header: 'idle RSS MB', value: (r) => mb(r.idleRssKb) },
      { header: 'RSS MB', value: (r) => mb(r.memory.rssKb) },
      { header: 'peak RSS MB', value: (r) => mb(r.memory.peakRssKb) },
      { header: 'bad replies', value: (r) => String(r.unexpected + r.strayReplies) },
      { header: 'log lines', value: (r) => String(r.logLines.length) },
    ],
    results,
  ),
);
console.log();
console.log(
  '  updates/s: K / time until the K-th reply; p50/p99/max: inject → sendMessage recorded, one at a time;\n' +
    '  CPU ms/update: bot process user+system CPU in the throughput phase / K; RSS: VmRSS when ready (idle) and at the end, peak VmHWM;\n' +
    '  bad replies: not the expected answer, failed sends or unrequested replies; log lines: warn or worse.',
);
console.log();

const byId = new Map(results.map((result) => [result.scenario.id, result]));
for (const comparison of COMPARISONS) {
  const subject = byId.get(comparison.scenario);
  const baseline = byId.get(comparison.baseline);
  if (!subject || !baseline) continue;
  const ratio = subject.rate / baseline.rate;
  const verdict = ratio >= comparison.minRatio ? 'PASS' : 'MISS';
  console.log(
    `${verdict}  rate ratio ${subject.scenario.label} / ${baseline.scenario.label} = ` +
      `${fixed(subject.rate)} / ${fixed(baseline.rate)} = ${ratio.toFixed(2)} (target ≥ ${comparison.minRatio})`,
  );
}
for (const result of results) {
  const target = result.scenario.p99TargetMs;
  if (target === undefined) continue;
  const verdict = result.latency.p99 < target ? 'PASS' : 'MISS';
  console.log(
    `${verdict}  p99 latency ${result.scenario.label} = ${fixed(result.latency.p99, 2)} ms (target < ${target} ms)`,
  );
}
for (const result of results) {
  if (result.unexpected + result.strayReplies > 0)
    console.log(`WARN  ${result.scenario.label}: ${result.unexpected + result.strayReplies} bad replies`);
  if (result.logLines.length > 0) {
    console.log(`WARN  ${result.scenario.label} logged ${result.logLines.length} line(s), the first:`);
    for (const line of result.logLines.slice(0, 3)) console.log(`      ${line.slice(0, 300)}`);
  }
}
if (!values.only || values.only.split(',').includes('playground'))
  failed = !(await runPlaygroundBench()) || failed;
process.exit(failed ? 1 : 0);
