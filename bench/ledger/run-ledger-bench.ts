/**
 * The ledger section of `npm run bench` (issue 10): appends per second against plain inserts, the
 * time to verify a chain of a million entries, and /points and /top latency through the emulator in
 * a village of 20,000 members and that million entries. Its own database, Redis prefix and emulator;
 * prints its figures and PASS/MISS lines; resolves false when the run itself failed.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createDatabase } from '../../core/db/client.ts';
import { verifyLedger } from '../../core/points/verify-ledger.ts';
import { dropDatabase, redactUrl } from '../../prisma/migrator/database-url.ts';
import { createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createBenchDatabase, deleteRedisKeys } from '../lib/bench-database.ts';
import { fixed, formatTable, loadAverage } from '../lib/table.ts';
import { type AppendResult, measureAppends } from './appends.ts';
import { buildChain } from './build-chain.ts';
import { type CommandLatency, type LatencyRun, measurePointsLatency } from './points-latency.ts';
import { seedLedgerVillage } from './seed-village.ts';

export interface LedgerBenchParams {
  databaseServer: string;
  redisUrl: string;
  /** Names this run's database and Redis prefix. */
  suffix: string;
  appendBatch: number;
  appendRounds: number;
  singleAppends: number;
  chainEntries: number;
  villageMembers: number;
  latencySamples: number;
}

/** Issue 10's targets. */
export const LEDGER_TARGETS = {
  minAppendRatio: 0.5,
  minAppendsPerSecond: 1_000,
  maxVerifySeconds: 20,
  maxP99Ms: 100,
} as const;

const SMALL_VILLAGE = 200;
const HOUSEHOLD_SIZE = 4;
const BIG_VILLAGE_USERS = 800_000_000;
const DAY_MS = 86_400_000;

interface VerifyFigure {
  label: string;
  ms: number;
  ok: boolean;
  entries: number;
}

interface LedgerFigures {
  appends?: AppendResult;
  chain?: { entries: number; members: number; buildMs: number };
  /** verifyLedger with Prisma's model query, and with the plain pg reader. */
  verify?: VerifyFigure[];
  latency?: LatencyRun;
}

export async function runLedgerBench(params: LedgerBenchParams): Promise<boolean> {
  console.log();
  console.log('Ledger bench (issue 10): appends, verify, /points and /top');
  console.log(`  load average ${loadAverage()} at the start of the section`);
  const figures: LedgerFigures = {};
  const redisPrefix = `ysbench_ledger_${params.suffix}`;
  const emulator = await createBotApiEmulator({ port: 0, rateLimits: false });
  let databaseUrl: string | undefined;
  let failed = false;
  const startedAt = performance.now();
  const step = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    process.stdout.write(`  ${label} …`);
    const at = performance.now();
    const result = await run();
    console.log(` ${fixed((performance.now() - at) / 1000)} s`);
    return result;
  };
  try {
    databaseUrl = await createBenchDatabase(params.databaseServer, `${params.suffix}_ledger`);
    console.log(`  database ${redactUrl(databaseUrl)} (dropped at the end), Redis prefix ${redisPrefix}`);
    const { prisma, sql } = createDatabase(databaseUrl, { maxConnections: 4 });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
    // Dropping the database at the end terminates connections that are still closing: not an error.
    pool.on('error', () => {});
    try {
      const small = (name: string, i: number) =>
        seedLedgerVillage(pool, {
          name,
          inviteCode: `LEDGER${i}`,
          members: SMALL_VILLAGE,
          householdSize: HOUSEHOLD_SIZE,
          userIdBase: 900_000_000 + i * 10_000,
        });
      const villages = {
        chained: await small('链村', 1),
        plain: await small('平村', 2),
        single: await small('单村', 3),
      };
      figures.appends = await step(
        `appends: ${params.appendRounds} batches of ${params.appendBatch} per path, ${params.singleAppends} one-entry transactions`,
        () =>
          measureAppends({ prisma, pool }, villages, {
            batch: params.appendBatch,
            rounds: params.appendRounds,
            singles: params.singleAppends,
          }),
      );
      const big = await step(`seeding a village of ${params.villageMembers} members`, () =>
        seedLedgerVillage(pool, {
          name: '大村',
          inviteCode: 'LEDGERBIG',
          members: params.villageMembers,
          householdSize: HOUSEHOLD_SIZE,
          userIdBase: BIG_VILLAGE_USERS,
        }),
      );
      const to = new Date();
      const buildAt = performance.now();
      const chain = await step(`building a valid chain of ${params.chainEntries} entries over a year`, () =>
        buildChain(pool, big, {
          entries: params.chainEntries,
          from: new Date(to.getTime() - 365 * DAY_MS),
          to,
          batch: 20_000,
        }),
      );
      figures.chain = {
        entries: chain.entries,
        members: big.members.length,
        buildMs: performance.now() - buildAt,
      };
      figures.verify = [];
      for (const [label, reader] of [
        ["Prisma model query (the bot's /verify)", undefined],
        ['plain pg reader (npm run ledger:verify)', sql],
      ] as const) {
        const verifyAt = performance.now();
        const verdict = await step(`verifyLedger through the ${label}`, () =>
          verifyLedger(prisma, big.villageId, reader ? { reader } : {}),
        );
        const figure = {
          label,
          ms: performance.now() - verifyAt,
          ok: verdict.ok && verdict.headHash === chain.headHash,
          entries: verdict.ok ? verdict.entries : verdict.sequence - 1,
        };
        figures.verify.push(figure);
        if (!figure.ok) console.log(`  verify said: ${JSON.stringify(verdict)}`);
      }
      figures.latency = await step(
        `/points, /top and /top week: ${params.latencySamples} sequential samples each`,
        () =>
          measurePointsLatency({
            emulator,
            environment: { databaseUrl: databaseUrl as string, redisUrl: params.redisUrl, redisPrefix },
            members: params.villageMembers,
            userIdBase: BIG_VILLAGE_USERS,
            samples: params.latencySamples,
            warmup: 50,
          }),
      );
    } finally {
      await pool.end();
      await prisma.$disconnect();
    }
  } catch (error) {
    failed = true;
    console.error('\nledger bench failed:', error instanceof Error ? error.message : error);
  } finally {
    await emulator.close();
    if (databaseUrl)
      await dropDatabase(databaseUrl).catch((error: unknown) =>
        console.warn(`could not drop: ${String(error)}`),
      );
    await deleteRedisKeys(params.redisUrl, redisPrefix).catch(() => null);
  }
  console.log(
    `  ledger section: ${fixed((performance.now() - startedAt) / 1000)} s; load average ${loadAverage()} at its end`,
  );
  printLedgerFigures(figures);
  return !failed;
}

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

function printLedgerFigures(figures: LedgerFigures): void {
  const { appends, chain, verify, latency } = figures;
  console.log();
  if (appends) {
    console.log(
      `  appends, one village, ${appends.entries} entries per path in transactions of ${appends.batch}:\n` +
        `    appendLedgerEntries (hash, head lock, insert, tally trigger)  ${fixed(appends.chainedPerSecond, 0)}/s\n` +
        `    plain multi-row INSERT of the same rows (same trigger)       ${fixed(appends.plainPerSecond, 0)}/s\n` +
        `    appendLedgerEntries, one entry per transaction (${appends.singles})     ${fixed(appends.singlePerSecond, 0)}/s (informational)`,
    );
  }
  if (chain)
    console.log(
      `  chain of ${chain.entries} entries for ${chain.members} members built in ${fixed(chain.buildMs / 1000)} s ` +
        '(hashed here with hashEntry, inserted through pg in statements of 20,000 rows)',
    );
  for (const figure of verify ?? [])
    console.log(
      `  verifyLedger, ${figure.label}: ${fixed(figure.ms / 1000, 2)} s ` +
        `(${fixed(figure.entries / (figure.ms / 1000), 0)} entries/s), ${figure.ok ? 'chain holds' : 'CHAIN DID NOT HOLD'}`,
    );
  if (latency) {
    console.log();
    console.log(
      formatTable<CommandLatency>(
        [
          { header: 'command', align: 'left', value: (r) => r.text },
          { header: 'samples', value: (r) => String(r.latency.samples) },
          { header: 'p50 ms', value: (r) => fixed(r.latency.p50, 2) },
          { header: 'p99 ms', value: (r) => fixed(r.latency.p99, 2) },
          { header: 'max ms', value: (r) => fixed(r.latency.max, 2) },
          { header: 'bad replies', value: (r) => String(r.unexpected) },
        ],
        latency.commands,
      ),
    );
    console.log('  inject → sendMessage recorded, one update at a time, each from another member.');
  }
  console.log();
  if (appends) {
    const ratio = appends.chainedPerSecond / appends.plainPerSecond;
    console.log(
      `${verdict(ratio >= LEDGER_TARGETS.minAppendRatio)}  append rate ratio appendLedgerEntries / plain INSERT = ` +
        `${fixed(appends.chainedPerSecond, 0)} / ${fixed(appends.plainPerSecond, 0)} = ${ratio.toFixed(2)} (target ≥ ${LEDGER_TARGETS.minAppendRatio})`,
    );
    console.log(
      `${verdict(appends.chainedPerSecond >= LEDGER_TARGETS.minAppendsPerSecond)}  appends/s for one village, batches of ${appends.batch} = ` +
        `${fixed(appends.chainedPerSecond, 0)} (target ≥ ${LEDGER_TARGETS.minAppendsPerSecond})`,
    );
  }
  for (const figure of verify ?? [])
    console.log(
      `${verdict(figure.ok && figure.ms / 1000 < LEDGER_TARGETS.maxVerifySeconds)}  verifyLedger, ${figure.entries} entries, ` +
        `${figure.label} = ${fixed(figure.ms / 1000, 2)} s (target < ${LEDGER_TARGETS.maxVerifySeconds} s${figure.ok ? '' : '; the chain did not verify'})`,
    );
  for (const command of latency?.commands ?? []) {
    if (command.text === '/top week') continue; // informational
    console.log(
      `${verdict(command.latency.p99 < LEDGER_TARGETS.maxP99Ms)}  p99 latency ${command.text}, ` +
        `${chain?.members ?? '?'} members and ${chain?.entries ?? '?'} entries = ${fixed(command.latency.p99, 2)} ms (target < ${LEDGER_TARGETS.maxP99Ms} ms; p50 ${fixed(command.latency.p50, 2)})`,
    );
  }
  for (const command of latency?.commands ?? [])
    if (command.unexpected > 0) console.log(`WARN  ${command.text}: ${command.unexpected} bad replies`);
  if (latency && latency.strayReplies > 0) console.log(`WARN  ${latency.strayReplies} unrequested replies`);
  if (latency && latency.logLines.length > 0) {
    console.log(`WARN  the bot logged ${latency.logLines.length} line(s), the first:`);
    for (const line of latency.logLines.slice(0, 3)) console.log(`      ${line.slice(0, 300)}`);
  }
}
