import {
  DelayedError,
  type Job,
  Queue,
  RateLimitError,
  UnrecoverableError,
  WaitingChildrenError,
  Worker,
} from 'bullmq';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { botApiClientOptions } from '../bot/api/bot-api-client.ts';
import { createPenaltyBoard } from '../bot/api/penalty-board.ts';
import { TELEGRAM_TIMEOUT_SECONDS } from '../bot/api/telegram-timeouts.ts';
import type { Config } from '../core/config.ts';
import type { PrismaClient } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import { markOutboxDone, markOutboxFailed } from '../core/outbox/outbox.ts';
import {
  CallCardCache,
  type CallInviteDeps,
  handleCallInvite,
  handleCallInviteEdit,
  handleCallInviteRound,
} from './jobs/call-invite.ts';
import {
  type CallJobDeps,
  handleCallFanoutProgress,
  handleCallPost,
  handleCallRefresh,
} from './jobs/call-post.ts';
import { handleCreditLineFile } from './jobs/credit-line-file.ts';
import {
  type HouseholdQrDeps,
  handleHouseholdQrPrint,
  handleHouseholdQrSend,
} from './jobs/household-qr-file.ts';
import { handleNotify, type OutboundLimiter, type Translator } from './jobs/notify.ts';
import { handleOutboxSend } from './jobs/outbox-send.ts';
import { handlePointsAwardAnnounce } from './jobs/points-award-announce.ts';
import { handlePointsCheckpointPost } from './jobs/points-checkpoint-post.ts';
import { handlePointsRuleAnnounce } from './jobs/points-rule-announce.ts';
import { handlePointsStarsPost } from './jobs/points-stars-post.ts';
import { handleShopRedemptionQr, type ShopRedemptionQrDeps } from './jobs/shop-redemption-qr.ts';
import {
  type GroupPostDeps,
  handleTalkGroupPost,
  handleTalkGroupRefresh,
  handleTalkGroupVisibility,
} from './jobs/talk-group-post.ts';
import { handleTimer, type TimerDeps } from './jobs/timer.ts';
import { handleVoteAnnounce } from './jobs/vote-announce.ts';
import { handleVoteFanoutProgress } from './jobs/vote-fanout-progress.ts';
import { handleVoteReceiptsFile } from './jobs/vote-receipts-file.ts';
import { handleVoteResultPost } from './jobs/vote-result-post.ts';
import { type OutboxRelay, type OutboxRelayOptions, startOutboxRelay } from './outbox-relay.ts';
import {
  createJobProducer,
  type JobName,
  type JobProducer,
  OUTBOUND_QUEUE,
  outboxEntryOf,
  PAID_OUTBOUND_QUEUE,
  rateLimiterFor,
  TIMER_QUEUE,
} from './queues.ts';
import { GroupWindows, type TelegramLimits } from './telegram-limits.ts';
import {
  startTimerReconciler,
  type TimerReconciler,
  type TimerReconcilerOptions,
} from './timer-reconciler.ts';
import { TIMER_WORK } from './timers/index.ts';
import type { TimerWorkRegistry } from './timers/timer-work.ts';

/** Jobs in flight at once per worker process; the queue-wide limiter, not this, caps the send rate. */
export const OUTBOUND_CONCURRENCY = 10;

/**
 * Paid-broadcast jobs in flight at once per worker process: enough to keep up with ~1,000 sends a
 * second when each takes a few milliseconds of Telegram and a few of PostgreSQL.
 */
export const PAID_CONCURRENCY = 50;

/** Timer jobs in flight at once per worker process: each is one short transaction and one enqueue. */
export const TIMER_CONCURRENCY = 5;

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
  api?: Api;
  /** What the worker hands owed jobs and timers to (the relay, the reconciler, timers). Defaults to one of its own. */
  jobs?: JobProducer;
  concurrency?: number;
  /** The clock the timers decide with; tests pass a fixed one. */
  now?: () => Date;
  /** What each timer kind does; tests may swap one. Defaults to worker/timers. */
  timerWork?: TimerWorkRegistry;
  /** The outbox relay's pace (tests make it quicker); false: none in this process. */
  relay?: Pick<OutboxRelayOptions, 'intervalMs' | 'batchSize' | 'leaseMs' | 'maxBackoffMs'> | false;
  /** The timer reconciler's pace; false: none in this process. */
  reconciler?: Pick<TimerReconcilerOptions, 'intervalMs' | 'horizonMs' | 'limit'> | false;
}

export interface YingshanWorker {
  /**
   * Checks Redis's settings (logs warnings), starts taking jobs, and starts the outbox relay and the
   * timer reconciler; resolves once connected.
   */
  start(): Promise<void>;
  /**
   * Stops the relay and the reconciler, stops taking jobs and waits up to `timeoutMs` for running ones;
   * then cancels them (their sends are aborted and the jobs retried later) and closes the Redis
   * connections. Safe to call more than once.
   */
  close(timeoutMs?: number): Promise<void>;
}

type AnyJob = Job<unknown, unknown, JobName>;

export function createWorker(deps: WorkerDeps): YingshanWorker {
  const { config, prisma, i18n } = deps;
  const log = deps.logger.child({ component: 'worker' });
  const api =
    deps.api ??
    new Api(
      config.BOT_TOKEN,
      botApiClientOptions({ apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: TELEGRAM_TIMEOUT_SECONDS }),
    );

  // Workers block on Redis: BullMQ requires maxRetriesPerRequest: null so a blip never fails a command.
  const worker = new Worker<unknown, unknown, JobName>(
    OUTBOUND_QUEUE,
    // Three parameters: BullMQ passes an AbortSignal only to processors that declare it.
    (job: AnyJob, token: string | undefined, signal?: AbortSignal) =>
      settleOutboxRow(job, () => processOutbound(job, token, signal)),
    {
      connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: config.REDIS_PREFIX,
      autorun: false,
      concurrency: deps.concurrency ?? OUTBOUND_CONCURRENCY,
      limiter: outboundLimit(config),
    },
  );

  // Paid broadcasts: a queue of their own, whose limiter (~1,000/s) never counts the free sends' jobs.
  const paidWorker = new Worker<unknown, unknown, JobName>(
    PAID_OUTBOUND_QUEUE,
    (job: AnyJob, token: string | undefined, signal?: AbortSignal) =>
      settleOutboxRow(job, () => processPaid(job, token, signal)),
    {
      connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: config.REDIS_PREFIX,
      autorun: false,
      concurrency: PAID_CONCURRENCY,
      limiter: rateLimiterFor(config.PAID_MESSAGES_PER_SECOND),
    },
  );

  // Timers: no limiter here (they send nothing themselves; the notices they owe are limited).
  const timerWorker = new Worker<unknown, unknown, JobName>(
    TIMER_QUEUE,
    (job: AnyJob, token: string | undefined) => settleOutboxRow(job, () => processTimer(job, token)),
    {
      connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
      prefix: config.REDIS_PREFIX,
      autorun: false,
      concurrency: TIMER_CONCURRENCY,
    },
  );

  const ownsJobs = deps.jobs === undefined;
  const jobs =
    deps.jobs ?? createJobProducer({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger: log });
  const timerDeps: TimerDeps = {
    prisma,
    jobs,
    logger: log,
    work: deps.timerWork ?? TIMER_WORK,
    ...(deps.now ? { now: deps.now } : {}),
  };

  // Used only for the outbound queue's manual rate limit (the penalty after a 429). A normal
  // connection: while Redis is down these calls fail and the job is retried, rather than hanging.
  const outboundQueue = new Queue(OUTBOUND_QUEUE, {
    connection: { url: config.REDIS_URL },
    prefix: config.REDIS_PREFIX,
  });

  const paidQueue = new Queue(PAID_OUTBOUND_QUEUE, {
    connection: { url: config.REDIS_URL },
    prefix: config.REDIS_PREFIX,
  });
  // A manual rate limit stores MAX_SAFE_INTEGER in the limiter key; the normal per-second counter never
  // gets there, so this reports only a 429 penalty.
  const penaltyOf = (queue: Queue): OutboundLimiter => ({
    remainingPenaltyMs: async () => Math.max(0, await queue.getRateLimitTtl(Number.MAX_SAFE_INTEGER)),
    impose: (ms) => queue.rateLimit(ms),
  });
  const limiter = penaltyOf(outboundQueue);
  const board = createPenaltyBoard({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger: log });
  const limits: TelegramLimits = { queue: limiter, groups: new GroupWindows(), board };
  // A 429 on a paid send is the paid bucket's: it pauses the paid queue only, and says nothing to the bot's
  // penalty board (whose bot-wide window would hold the bot's free replies back for nothing).
  const paidLimits: TelegramLimits = { queue: penaltyOf(paidQueue), groups: limits.groups };
  const inviteDeps: CallInviteDeps = {
    cards: new CallCardCache(),
    prisma,
    i18n,
    api,
    defaultLocale: config.DEFAULT_LOCALE,
    limits,
    logger: log,
  };
  // Deep links (a household's sign, a redemption's QR) name the bot: asked of Telegram once per worker,
  // and again only after a failure.
  let username: Promise<string> | undefined;
  const botUsername = () => {
    username ??= api.getMe().then(
      (me) => me.username,
      (error: unknown) => {
        username = undefined;
        throw error;
      },
    );
    return username;
  };
  const shopQrDeps: ShopRedemptionQrDeps = {
    prisma,
    api,
    i18n,
    defaultLocale: config.DEFAULT_LOCALE,
    limits,
    logger: log,
    botUsername,
  };
  const householdQrDeps: HouseholdQrDeps = { ...shopQrDeps, api, qrSecret: config.QR_SECRET };
  const callDeps: CallJobDeps = {
    prisma,
    api,
    i18n,
    groupLocale: config.DEFAULT_LOCALE,
    defaultLocale: config.DEFAULT_LOCALE,
    limits,
    jobs,
    logger: log,
    ...(deps.now ? { now: deps.now } : {}),
  };
  const groupDeps: GroupPostDeps = {
    prisma,
    api,
    i18n,
    groupLocale: config.DEFAULT_LOCALE,
    limits,
    logger: log,
  };

  async function processOutbound(
    job: AnyJob,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<unknown> {
    switch (job.name) {
      case 'notify':
        return handleNotify(
          job,
          { prisma, i18n, api, defaultLocale: config.DEFAULT_LOCALE, limiter, board, logger: log },
          signal,
        );
      case 'outbox-send':
        return handleOutboxSend(job, { prisma, api, limits, logger: log }, token, signal);
      case 'talk-group-post':
        return handleTalkGroupPost(job, groupDeps, token);
      case 'talk-group-refresh':
        return handleTalkGroupRefresh(job, groupDeps, token);
      case 'talk-group-visibility':
        return handleTalkGroupVisibility(job, groupDeps, token);
      case 'points-rule-announce':
        return handlePointsRuleAnnounce(job, groupDeps, token);
      case 'points-checkpoint-post':
        return handlePointsCheckpointPost(job, groupDeps, token);
      case 'points-stars-post':
        return handlePointsStarsPost(job, groupDeps, token);
      case 'points-award-announce':
        return handlePointsAwardAnnounce(job, groupDeps, token);
      case 'vote-result-post':
        return handleVoteResultPost(job, groupDeps, token);
      case 'vote-announce':
        return handleVoteAnnounce(job, groupDeps, token);
      case 'vote-receipts-file':
        return handleVoteReceiptsFile(
          job,
          { prisma, api, i18n, defaultLocale: config.DEFAULT_LOCALE, limits, logger: log },
          token,
        );
      case 'household-qr-send':
        return handleHouseholdQrSend(job, { ...householdQrDeps, logger: log }, token);
      case 'household-qr-print':
        return handleHouseholdQrPrint(job, { ...householdQrDeps, logger: log }, token);
      case 'credit-line-file':
        return handleCreditLineFile(
          job,
          { prisma, api, i18n, defaultLocale: config.DEFAULT_LOCALE, limits, logger: log },
          token,
        );
      case 'vote-fanout-progress':
        return handleVoteFanoutProgress(
          job,
          { prisma, api, i18n, defaultLocale: config.DEFAULT_LOCALE, limits, logger: log },
          token,
        );
      case 'call-invite':
        return handleCallInvite(job, inviteDeps, token, signal);
      case 'call-invite-round':
        return handleCallInviteRound(job, { prisma, jobs, logger: log });
      case 'call-invite-edit':
        return handleCallInviteEdit(job, inviteDeps, token);
      case 'call-post':
        return handleCallPost(job, callDeps, token);
      case 'call-refresh':
        return handleCallRefresh(job, callDeps, token);
      case 'call-fanout-progress':
        return handleCallFanoutProgress(job, callDeps, token);
      case 'shop-redemption-qr':
        return handleShopRedemptionQr(job, shopQrDeps, token);
      default:
        throw new UnrecoverableError(`no handler for job "${String(job.name)}" on the outbound queue`);
    }
  }

  async function processPaid(job: AnyJob, token: string | undefined, signal?: AbortSignal): Promise<unknown> {
    if (job.name !== 'call-invite-paid')
      throw new UnrecoverableError(`no handler for job "${String(job.name)}" on the paid queue`);
    return handleCallInvite(job, { ...inviteDeps, limits: paidLimits }, token, signal);
  }

  async function processTimer(job: AnyJob, token: string | undefined): Promise<unknown> {
    if (job.name !== 'timer') {
      throw new UnrecoverableError(`no handler for job "${String(job.name)}" on the timer queue`);
    }
    return handleTimer(job, timerDeps, token);
  }

  /**
   * A job handed over from the outbox (job id `outbox-<row id>`) settles its row: DONE when its handler
   * finished (with or without anything to do), FAILED when Telegram refused it (a `refused` outcome)
   * or the job failed for good. Waiting (a rate limit, a delay) settles nothing. If settling fails
   * (the database), the row stays QUEUED and the relay hands it over again later, which the handlers
   * make harmless.
   */
  async function settleOutboxRow(job: AnyJob, run: () => Promise<unknown>): Promise<unknown> {
    const entryId = outboxEntryOf(job.id);
    if (entryId === undefined) return run();
    let result: unknown;
    try {
      result = await run();
    } catch (error) {
      if (failsForGood(job, error)) {
        await markOutboxFailed(prisma, entryId, String(error)).catch((dbError: unknown) =>
          log.error({ err: dbError, job_id: job.id }, 'could not mark the outbox row failed'),
        );
      }
      throw error;
    }
    const refusal = refusalOf(result);
    await (refusal === undefined
      ? markOutboxDone(prisma, [entryId])
      : markOutboxFailed(prisma, entryId, refusal)
    ).catch((error: unknown) =>
      log.warn(
        { err: error, job_id: job.id },
        'could not settle the outbox row; the relay will hand it over again',
      ),
    );
    return result;
  }

  // The relay's marker: a key that exists as long as Redis keeps its data (noeviction). Its own
  // fail-fast connection, so a pass fails (and backs off) while Redis is down instead of hanging.
  let markerClient: Redis | undefined;
  const markerKey = `${config.REDIS_PREFIX}:outbox-relay:marker`;
  async function redisWiped(): Promise<boolean> {
    if (!markerClient) {
      markerClient = new Redis(config.REDIS_URL, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: true,
      });
      markerClient.on('error', () => {}); // reported through the failing pass
    }
    if (markerClient.status === 'wait') await markerClient.connect();
    return (await markerClient.set(markerKey, new Date().toISOString(), 'NX')) === 'OK';
  }

  const relayOptions = deps.relay === false ? undefined : (deps.relay ?? {});
  const reconcilerOptions = deps.reconciler === false ? undefined : (deps.reconciler ?? {});
  let relay: OutboxRelay | undefined;
  let reconciler: TimerReconciler | undefined;

  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  paidWorker.on('error', (error) => log.error({ err: error, queue: PAID_OUTBOUND_QUEUE }, 'worker error'));
  outboundQueue.on('error', (error) => log.error({ err: error }, 'outbound queue connection error'));
  paidQueue.on('error', (error) => log.error({ err: error }, 'paid queue connection error'));
  timerWorker.on('error', (error) => log.error({ err: error, queue: TIMER_QUEUE }, 'worker error'));
  for (const w of [worker, paidWorker, timerWorker]) {
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
      // Windows other processes met before this one started: nothing is sent into them.
      await board.ready();
      for (const w of [worker, paidWorker, timerWorker]) {
        w.run().catch((error: unknown) =>
          log.error({ err: error, queue: w.name }, 'worker stopped with an error'),
        );
      }
      await Promise.all([worker.waitUntilReady(), paidWorker.waitUntilReady(), timerWorker.waitUntilReady()]);
      if (relayOptions) relay = startOutboxRelay({ prisma, jobs, logger: log, redisWiped, ...relayOptions });
      if (reconcilerOptions)
        reconciler = startTimerReconciler({ prisma, jobs, logger: log, ...reconcilerOptions });
      if (config.TEST_OUTBOUND_RATE_LIMIT_PER_SECOND !== undefined) {
        log.warn(
          { per_second: config.TEST_OUTBOUND_RATE_LIMIT_PER_SECOND },
          'TEST_OUTBOUND_RATE_LIMIT_PER_SECOND overrides the outbound limit: for benchmarks only',
        );
      }
      log.info(
        {
          queues: [OUTBOUND_QUEUE, PAID_OUTBOUND_QUEUE, TIMER_QUEUE],
          prefix: config.REDIS_PREFIX,
          per_second: outboundLimit(config).max,
          paid_per_second: config.PAID_MESSAGES_PER_SECOND,
        },
        'worker started',
      );
    },

    close(timeoutMs = DEFAULT_CLOSE_TIMEOUT_MS) {
      closing ??= (async () => {
        log.info('worker closing: no new jobs, waiting for running ones');
        // First, so nothing is handed to Redis after the producer closes.
        await Promise.all([relay?.close(), reconciler?.close()]);
        const closed = Promise.all([worker.close(), paidWorker.close(), timerWorker.close()]);
        if (!(await settlesWithin(closed, timeoutMs))) {
          log.warn({ timeout_ms: timeoutMs }, 'jobs still running at the shutdown timeout; cancelling them');
          worker.cancelAllJobs('worker shutting down');
          paidWorker.cancelAllJobs('worker shutting down');
          timerWorker.cancelAllJobs('worker shutting down');
          if (!(await settlesWithin(closed, CANCEL_GRACE_MS))) {
            log.error('jobs ignored cancellation; leaving them to stall detection, which re-runs them');
          }
        }
        await outboundQueue.close();
        await paidQueue.close();
        await board.quit();
        markerClient?.disconnect();
        if (ownsJobs) await jobs.close();
        log.info('worker closed');
      })();
      return closing;
    },
  };
}

/** The outbound queue's limiter: the configured one, unless a benchmark overrides it. */
function outboundLimit(config: Config): { max: number; duration: number } {
  return rateLimiterFor(config.TEST_OUTBOUND_RATE_LIMIT_PER_SECOND ?? config.OUTBOUND_MESSAGES_PER_SECOND);
}

/** Handing a job back to wait (a rate limit, a delay, children) is not a failure. */
function failsForGood(job: AnyJob, error: unknown): boolean {
  if (error instanceof UnrecoverableError) return true;
  if (
    error instanceof DelayedError ||
    error instanceof RateLimitError ||
    error instanceof WaitingChildrenError
  ) {
    return false;
  }
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** A handler's `{ outcome: 'refused', description }`: Telegram refused for good, and said why. */
function refusalOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { outcome, description } = result as { outcome?: unknown; description?: unknown };
  return outcome === 'refused' ? String(description ?? 'refused') : undefined;
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
