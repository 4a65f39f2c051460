import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { TELEGRAM_TIMEOUT_SECONDS } from '../bot/api/telegram-timeouts.ts';
import type { Config } from '../core/config.ts';
import type { PrismaClient } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import { handleNotify, type OutboundLimiter, type Translator } from './jobs/notify.ts';
import { handleTalkRatingExpiry } from './jobs/talk-rating-expiry.ts';
import { handleTalkTaskTimer } from './jobs/talk-task-timer.ts';
import type { TalkTimerDeps } from './jobs/talk-timer.ts';
import {
  createJobProducer,
  type JobName,
  type JobProducer,
  OUTBOUND_QUEUE,
  OUTBOUND_RATE_LIMIT,
  TALK_QUEUE,
} from './queues.ts';

/** Jobs in flight at once per worker process; the queue-wide limiter, not this, caps the send rate. */
export const OUTBOUND_CONCURRENCY = 10;

/** Timer jobs in flight at once per worker process: each is a few queries and one enqueue. */
export const TALK_CONCURRENCY = 5;

/** How long close() waits for running jobs by default before cancelling them. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 15_000;

/** After cancelling, how long close() still waits for the jobs to notice before giving up on them. */
const CANCEL_GRACE_MS = 3_000;

export interface WorkerDeps {
  config: Config;
  logger: Logger;
  /** Owned by the caller: close() does not disconnect it (main.ts does, after the worker stops). */
  prisma: PrismaClient;
  /** An @grammyjs/i18n `I18n` (createI18n) or anything with the same `t`. */
  i18n: Translator;
  /** Defaults to a grammY Api for BOT_TOKEN at TELEGRAM_API_ROOT. */
  api?: Pick<Api, 'sendMessage'>;
  /** What job handlers enqueue follow-up jobs with (timers enqueue `notify`). Defaults to one of its own. */
  jobs?: JobProducer;
  concurrency?: number;
  /** The clock the timer handlers decide with; tests pass a fixed one. */
  now?: () => Date;
}

export interface YingshanWorker {
  /** Checks Redis's settings (logs warnings) and starts taking jobs; resolves once connected. */
  start(): Promise<void>;
  /**
   * Stops taking jobs and waits up to `timeoutMs` for running ones; then cancels them (their sends are
   * aborted and the jobs retried later) and closes the Redis connections. Safe to call more than once.
   */
  close(timeoutMs?: number): Promise<void>;
}

export function createWorker(deps: WorkerDeps): YingshanWorker {
  const { config, prisma, i18n } = deps;
  const log = deps.logger.child({ component: 'worker' });
  const api =
    deps.api ??
    new Api(config.BOT_TOKEN, {
      apiRoot: config.TELEGRAM_API_ROOT,
      timeoutSeconds: TELEGRAM_TIMEOUT_SECONDS,
    });

  // Workers block on Redis: BullMQ requires maxRetriesPerRequest: null so a blip never fails a command.
  const worker = new Worker<unknown, unknown, JobName>(
    OUTBOUND_QUEUE,
    // Three parameters: BullMQ passes an AbortSignal only to processors that declare it.
    (job: Job<unknown, unknown, JobName>, _token: string | undefined, signal?: AbortSignal) =>
      processJob(job, signal),
    {
      connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: config.REDIS_PREFIX,
      autorun: false,
      concurrency: deps.concurrency ?? OUTBOUND_CONCURRENCY,
      limiter: { ...OUTBOUND_RATE_LIMIT },
    },
  );

  // The talk timers: no limiter here (they send nothing themselves; their notify jobs are limited).
  const talkWorker = new Worker<unknown, unknown, JobName>(
    TALK_QUEUE,
    (job: Job<unknown, unknown, JobName>, token: string | undefined) => processTalkJob(job, token),
    {
      connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: config.REDIS_PREFIX,
      autorun: false,
      concurrency: TALK_CONCURRENCY,
    },
  );

  const ownsJobs = deps.jobs === undefined;
  const jobs =
    deps.jobs ?? createJobProducer({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger: log });
  const timerDeps: TalkTimerDeps = { prisma, jobs, logger: log, ...(deps.now ? { now: deps.now } : {}) };

  // Used only for the outbound queue's manual rate limit (the penalty after a 429). A normal
  // connection: while Redis is down these calls fail and the job is retried, rather than hanging.
  const outboundQueue = new Queue(OUTBOUND_QUEUE, {
    connection: { url: config.REDIS_URL },
    prefix: config.REDIS_PREFIX,
  });

  const limiter: OutboundLimiter = {
    // A manual rate limit stores MAX_SAFE_INTEGER in the limiter key; the normal per-second counter never
    // gets there, so this reports only a 429 penalty.
    remainingPenaltyMs: async () => Math.max(0, await outboundQueue.getRateLimitTtl(Number.MAX_SAFE_INTEGER)),
    impose: (ms) => outboundQueue.rateLimit(ms),
  };

  async function processJob(job: Job<unknown, unknown, JobName>, signal?: AbortSignal): Promise<unknown> {
    switch (job.name) {
      case 'notify':
        return handleNotify(
          job,
          { prisma, i18n, api, defaultLocale: config.DEFAULT_LOCALE, limiter, logger: log },
          signal,
        );
      default:
        throw new UnrecoverableError(`no handler for job "${String(job.name)}"`);
    }
  }

  async function processTalkJob(job: Job<unknown, unknown, JobName>, token: string | undefined) {
    switch (job.name) {
      case 'talk-task-reminder':
        return handleTalkTaskTimer('reminder', job, timerDeps, token);
      case 'talk-task-overdue':
        return handleTalkTaskTimer('overdue', job, timerDeps, token);
      case 'talk-rating-expiry':
        return handleTalkRatingExpiry(job, timerDeps, token);
      default:
        throw new UnrecoverableError(`no handler for job "${String(job.name)}" on the talk queue`);
    }
  }

  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  outboundQueue.on('error', (error) => log.error({ err: error }, 'outbound queue connection error'));
  talkWorker.on('error', (error) => log.error({ err: error, queue: TALK_QUEUE }, 'worker error'));
  for (const w of [worker, talkWorker]) {
    w.on('failed', (job, error) => {
      const attempts = job?.opts.attempts ?? 1;
      const willRetry =
        job !== undefined && job.attemptsMade < attempts && error.name !== 'UnrecoverableError';
      log[willRetry ? 'warn' : 'error'](
        { job_id: job?.id, job: job?.name, attempts_made: job?.attemptsMade, err: error },
        willRetry ? 'job failed; will retry' : 'job failed for good',
      );
    });
    w.on('stalled', (jobId) =>
      log.warn({ job_id: jobId }, 'job stalled (its worker died or blocked); re-running'),
    );
  }

  let started = false;
  let closing: Promise<void> | undefined;

  return {
    async start() {
      if (started) return;
      started = true;
      await warnAboutRedisSettings(config.REDIS_URL, log);
      for (const w of [worker, talkWorker]) {
        w.run().catch((error: unknown) =>
          log.error({ err: error, queue: w.name }, 'worker stopped with an error'),
        );
      }
      await Promise.all([worker.waitUntilReady(), talkWorker.waitUntilReady()]);
      log.info({ queues: [OUTBOUND_QUEUE, TALK_QUEUE], prefix: config.REDIS_PREFIX }, 'worker started');
    },

    close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS) {
      closing ??= (async () => {
        log.info('worker closing: no new jobs, waiting for running ones');
        const closed = Promise.all([worker.close(), talkWorker.close()]);
        if (!(await settlesWithin(closed, timeoutMs))) {
          log.warn({ timeout_ms: timeoutMs }, 'jobs still running at the shutdown timeout; cancelling them');
          worker.cancelAllJobs('worker shutting down');
          talkWorker.cancelAllJobs('worker shutting down');
          if (!(await settlesWithin(closed, CANCEL_GRACE_MS))) {
            log.error('jobs ignored cancellation; leaving them to stall detection, which re-runs them');
          }
        }
        await outboundQueue.close();
        if (ownsJobs) await jobs.close();
        log.info('worker closed');
      })();
      return closing;
    },
  };
}

/** True when the promise settled (either way) within ms. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * BullMQ needs Redis to keep every key (`maxmemory-policy noeviction`): an evicting Redis silently
 * loses jobs. Managed Redis often disables CONFIG, so failing to read it is only noted.
 */
export async function warnAboutRedisSettings(redisUrl: string, log: Logger): Promise<void> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  client.on('error', () => {}); // reported through the rejected command below
  try {
    await client.connect();
    const reply = (await client.config('GET', 'maxmemory-policy')) as string[];
    const policy = reply[1];
    if (policy === undefined) {
      log.info('could not read Redis maxmemory-policy; make sure it is noeviction');
    } else if (policy !== 'noeviction') {
      log.warn(
        { maxmemory_policy: policy },
        'Redis maxmemory-policy should be noeviction, or jobs can be lost',
      );
    }
  } catch (error) {
    log.info(
      { err: error },
      'could not read Redis maxmemory-policy (CONFIG disabled?); make sure it is noeviction',
    );
  } finally {
    client.disconnect();
  }
}
