/**
 * Notices through the outbox: the real worker process (`node dist/worker/main.js`) against the
 * emulator, fed the way a committed change feeds it. This process plays the writer: one transaction
 * owes `notify` jobs through `Owed` (worker/owed.ts), exactly as a bot update's `ctx.owed.jobs` does,
 * and then either
 *  - the fast path: hands them to BullMQ at once (`owed.deliver`, what the bot does after its commit), or
 *  - the relay path: never hands them over, with its writer's lease already lapsed (a writer that
 *    died between commit and hand-off, OUTBOX_LEASE_SECONDS later), so the worker's relay
 *    (worker/outbox-relay.ts, a pass a second) must find them in PostgreSQL.
 * Each notice's latency runs from its transaction's commit (as the writer saw it return) to the
 * emulator recording the worker's sendMessage for it.
 *
 * The outbound queue's limiter (OUTBOUND_RATE_LIMIT, 25/s, under Telegram's ~30/s) caps the rate by
 * design, so a burst measures the limiter and its queue. Paced notices (below the cap) measure the
 * pipeline's own latency. A second worker with the limit raised (TEST_OUTBOUND_RATE_LIMIT_PER_SECOND,
 * for benchmarks only) measures what the outbox, BullMQ and the notify job could carry.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPrismaClient, type PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import type { BotApiEmulator, EmulatorEvent } from '../../tools/bot-api-emulator/index.ts';
import { Owed } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type NotifyPayload } from '../../worker/queues.ts';
import { type BenchProcess, startWorkerProcess } from '../lib/bot-process.ts';
import type { IdleRss } from '../lib/idle.ts';
import type { ProcessMemory } from '../lib/process-stats.ts';
import { type LatencySummary, summarizeLatencies } from '../lib/stats.ts';

export const WORKER_SCRIPT = 'dist/worker/main.js';

/** "第 { $number } 号有新评论…" / "New comment on #{ $number }…": the number tells the notices apart. */
const NOTICE_KEY = 'talk-notice-comment';
/** A little over the outbound limiter's window (OUTBOUND_RATE_LIMIT.duration). */
const LIMITER_WINDOW_MS = 1_500;

export interface OutboxParams {
  /** Notices through each path before measuring, per worker (its JIT, Prisma's query plans, pools). */
  warmup: number;
  /** Notices committed one per transaction at `pacedPerSecond`, per path. */
  paced: number;
  pacedPerSecond: number;
  /** Notices owed by one transaction (a fan-out), per path, under the designed limiter. */
  burst: number;
  /** The same with the limit raised; 0 skips that worker. */
  raisedBurst: number;
  /** Messages per second of the raised limit (TEST_OUTBOUND_RATE_LIMIT_PER_SECOND). */
  raisedLimitPerSecond: number;
  timeoutMs: number;
}

export interface WorkerEnvironment {
  emulator: BotApiEmulator;
  /** The bot whose token the worker sends with. */
  token: string;
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

export interface NoticeRow {
  path: 'fast' | 'relay';
  /** "paced 20/s" or "burst". */
  load: string;
  limiter: 'designed' | 'raised';
  notices: number;
  /** Notices over the time from the first commit to the last sendMessage. */
  rate: number;
  latency: LatencySummary;
  workerCpuMsPerNotice: number;
}

export interface WorkerMemory {
  command: string;
  readyRssKb: number;
  idle?: IdleRss;
  /** After its last notice. */
  after: ProcessMemory;
}

export interface OutboxResult {
  rows: NoticeRow[];
  worker: WorkerMemory;
  raisedWorker?: WorkerMemory;
  /** Notices sent that no row owed, or sends that failed. */
  bad: number;
  logLines: string[];
}

/** A started worker and what was read before its first notice. */
export interface StartedWorker {
  worker: BenchProcess;
  readyRssKb: number;
  idle?: IdleRss;
}

export function workerEnv(environment: WorkerEnvironment, extra: Record<string, string> = {}) {
  return {
    BOT_TOKEN: environment.token,
    TELEGRAM_API_ROOT: environment.emulator.url,
    DATABASE_URL: environment.databaseUrl,
    REDIS_URL: environment.redisUrl,
    REDIS_PREFIX: environment.redisPrefix,
    QR_SECRET: 'bench-qr-secret-not-for-production',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export async function startWorker(
  environment: WorkerEnvironment,
  extra: Record<string, string> = {},
): Promise<StartedWorker> {
  const worker = await startWorkerProcess(WORKER_SCRIPT, workerEnv(environment, extra));
  return { worker, readyRssKb: worker.memory().rssKb };
}

/** Hears the worker's sendMessage calls: which notice (its number) was recorded when. */
class NoticeWatcher {
  readonly sentAt = new Map<number, number>();
  bad = 0;
  readonly #unsubscribe: () => void;

  constructor(emulator: BotApiEmulator, token: string) {
    this.#unsubscribe = emulator.core.events.subscribe((event: EmulatorEvent) => {
      if (event.type !== 'call') return;
      const { call } = event;
      if (call.token !== token || call.method !== 'sendMessage') return;
      const tag = /\d+/.exec(String(call.params.text ?? ''))?.[0];
      if (!call.ok || tag === undefined || this.sentAt.has(Number(tag))) this.bad++;
      else this.sentAt.set(Number(tag), performance.now());
    });
  }

  async waitFor(tags: readonly number[], timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const missing = tags.filter((tag) => !this.sentAt.has(tag)).length;
      if (missing === 0) return;
      if (performance.now() > deadline)
        throw new Error(`${missing} of ${tags.length} notices not sent within ${timeoutMs} ms`);
      await sleep(20);
    }
  }

  close(): void {
    this.#unsubscribe();
  }
}

interface Writer {
  prisma: PrismaClient;
  jobs: JobProducer;
  memberIds: number[];
  logger: ReturnType<typeof createLogger>;
  nextTag: number;
}

/** One transaction owing `count` notices; resolves when it committed (and, on the fast path, was handed over). */
async function owe(
  writer: Writer,
  count: number,
  path: 'fast' | 'relay',
): Promise<{ tags: number[]; committedAt: number }> {
  const tags = Array.from({ length: count }, () => writer.nextTag++);
  const payloads: NotifyPayload[] = tags.map((tag) => ({
    dedupeKey: `bench-notice-${tag}`,
    memberId: writer.memberIds[tag % writer.memberIds.length] as number,
    message: { key: NOTICE_KEY, params: { number: String(tag) } },
  }));
  // The relay path's writer "died" right after its commit, its lease already over.
  const owed = new Owed(path === 'fast' ? undefined : 0);
  await writer.prisma.$transaction((tx) => owed.jobs(tx, 'notify', payloads));
  const committedAt = performance.now();
  if (path === 'fast')
    await owed.deliver({ prisma: writer.prisma, jobs: writer.jobs, logger: writer.logger });
  return { tags, committedAt };
}

async function measure(
  writer: Writer,
  watcher: NoticeWatcher,
  worker: BenchProcess,
  path: 'fast' | 'relay',
  limiter: 'designed' | 'raised',
  load: { paced: number; perSecond: number } | { burst: number },
  timeoutMs: number,
): Promise<NoticeRow> {
  const committed = new Map<number, number>();
  // The limiter counts sends per one-second window: a window filled by the previous phase would hold
  // this one's first notices back.
  await sleep(LIMITER_WINDOW_MS);
  const cpuBefore = worker.cpuMs();
  const startedAt = performance.now();
  if ('burst' in load) {
    const { tags, committedAt } = await owe(writer, load.burst, path);
    for (const tag of tags) committed.set(tag, committedAt);
  } else {
    for (let i = 0; i < load.paced; i++) {
      const due = startedAt + (i * 1000) / load.perSecond;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const { tags, committedAt } = await owe(writer, 1, path);
      for (const tag of tags) committed.set(tag, committedAt);
    }
  }
  const tags = [...committed.keys()];
  await watcher.waitFor(tags, timeoutMs);
  const latencies = tags.map((tag) => (watcher.sentAt.get(tag) as number) - (committed.get(tag) as number));
  const firstCommit = Math.min(...committed.values());
  const lastSent = Math.max(...tags.map((tag) => watcher.sentAt.get(tag) as number));
  return {
    path,
    load: 'burst' in load ? 'burst' : `paced ${load.perSecond}/s`,
    limiter,
    notices: tags.length,
    rate: (tags.length * 1000) / (lastSent - firstCommit),
    latency: summarizeLatencies(latencies),
    workerCpuMsPerNotice: (worker.cpuMs() - cpuBefore) / tags.length,
  };
}

function logLinesOf(worker: BenchProcess, expected?: RegExp): string[] {
  return worker
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '' && !(expected?.test(line) ?? false));
}

/**
 * Runs the notice measurements on `started` (already idle-measured), stops it, then, unless
 * `raisedBurst` is 0, starts a worker with the raised limit for the bursts again.
 */
export async function runOutboxBench(
  started: StartedWorker,
  environment: WorkerEnvironment,
  params: OutboxParams,
): Promise<OutboxResult> {
  const prisma = createPrismaClient(environment.databaseUrl, { maxConnections: 4 });
  const logger = createLogger('warn', 'bench-writer');
  const jobs = createJobProducer({ redisUrl: environment.redisUrl, prefix: environment.redisPrefix, logger });
  const watcher = new NoticeWatcher(environment.emulator, environment.token);
  const rows: NoticeRow[] = [];
  let raised: StartedWorker | undefined;
  const logLines: string[] = [];
  try {
    const members = await prisma.member.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const writer: Writer = { prisma, jobs, memberIds: members.map((m) => m.id), logger, nextTag: 1 };
    const { worker } = started;
    const warmUp = async (on: BenchProcess, limiter: NoticeRow['limiter']) => {
      for (const path of ['fast', 'relay'] as const)
        await measure(writer, watcher, on, path, limiter, { burst: params.warmup }, params.timeoutMs);
    };
    await warmUp(worker, 'designed');
    const paced = { paced: params.paced, perSecond: params.pacedPerSecond };
    const burst = { burst: params.burst };
    for (const path of ['fast', 'relay'] as const) {
      rows.push(await measure(writer, watcher, worker, path, 'designed', paced, params.timeoutMs));
      rows.push(await measure(writer, watcher, worker, path, 'designed', burst, params.timeoutMs));
    }
    const workerMemory: WorkerMemory = {
      command: worker.command,
      readyRssKb: started.readyRssKb,
      ...(started.idle && { idle: started.idle }),
      after: worker.memory(),
    };
    logLines.push(...logLinesOf(worker));
    await worker.stop();

    let raisedWorker: WorkerMemory | undefined;
    if (params.raisedBurst > 0) {
      raised = await startWorker(environment, {
        TEST_OUTBOUND_RATE_LIMIT_PER_SECOND: String(params.raisedLimitPerSecond),
      });
      await warmUp(raised.worker, 'raised');
      const raisedBurst = { burst: params.raisedBurst };
      for (const path of ['fast', 'relay'] as const) {
        rows.push(
          await measure(writer, watcher, raised.worker, path, 'raised', raisedBurst, params.timeoutMs),
        );
      }
      raisedWorker = {
        command: raised.worker.command,
        readyRssKb: raised.readyRssKb,
        after: raised.worker.memory(),
      };
      logLines.push(...logLinesOf(raised.worker, /TEST_OUTBOUND_RATE_LIMIT_PER_SECOND overrides/));
    }
    return { rows, worker: workerMemory, ...(raisedWorker && { raisedWorker }), bad: watcher.bad, logLines };
  } finally {
    watcher.close();
    await started.worker.stop();
    await raised?.worker.stop();
    await jobs.close();
    await prisma.$disconnect();
  }
}
