import { type JobsOptions, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { z } from 'zod';
import { DEFAULT_OUTBOUND_MESSAGES_PER_SECOND, DEFAULT_PAID_MESSAGES_PER_SECOND } from '../core/config.ts';
import type { Logger } from '../core/logger.ts';

/**
 * The one module that names every queue and job and types their payloads. The bot imports it to
 * enqueue, the worker to process; neither spells a queue or job name anywhere else.
 *
 * Payloads carry ids and locale keys only, never personal data (BullMQ's production guide: job data
 * sits in Redis in clear text and outlives the request). The worker loads everything else from the
 * database when the job runs, so a job enqueued before an edit uses the current data.
 */

/**
 * Every message to a member goes through this queue, so it is the one place Telegram's global limit
 * (about 30 messages/s to different chats) is enforced: BullMQ's limiter is queue-wide across all
 * workers and processes. Later fan-outs (vote openings, volunteer calls, reminders) must enqueue
 * one `notify` job per member here rather than send from the bot or from another queue.
 */
export const OUTBOUND_QUEUE = 'outbound';

/**
 * Jobs per window for the outbound queue by default (Config.OUTBOUND_MESSAGES_PER_SECOND sets it):
 * Telegram's ~30/s in 100 ms windows, which achieved 29.7/s and met no 429 from the emulator's
 * Telegram-like token buckets (`npm run bench -- --only=volunteers` measures it; 29 per 1,000 ms
 * windows met 429s, as their edges bunch sends).
 */
const MIN_LIMITER_WINDOW_MS = 100;
export const OUTBOUND_RATE_LIMIT = rateLimiterFor(DEFAULT_OUTBOUND_MESSAGES_PER_SECOND);

/**
 * The limiter of a queue that sends `perSecond` messages a second, in windows of about 100 ms (the
 * duration rounded up, so never faster than asked): BullMQ's limiter counts per window, so 30 per
 * 1,000 ms lets 30 go at the end of one window and 30 more at the start of the next, 60 within
 * milliseconds, which Telegram's bucket of 30 answers with 429s; 3 per 100 ms never bunches more than 6.
 */
export function rateLimiterFor(perSecond: number): { max: number; duration: number } {
  const max = Math.max(1, Math.round((perSecond * MIN_LIMITER_WINDOW_MS) / 1_000));
  return { max, duration: Math.ceil((1_000 * max) / perSecond) };
}

/**
 * Paid broadcasts (`allow_paid_broadcast`, 0.1 Star a message): Telegram lets them through at up to
 * 1,000 messages/s, outside the free ~30/s. A queue of their own, so an urgent call's paid invites go
 * at their pace while free traffic keeps its own: neither limiter counts the other's jobs.
 */
export const PAID_OUTBOUND_QUEUE = 'outbound-paid';

/** Jobs per window for the paid queue by default (Config.PAID_MESSAGES_PER_SECOND). */
export const PAID_RATE_LIMIT = rateLimiterFor(DEFAULT_PAID_MESSAGES_PER_SECOND);

/**
 * Timers: one `timer` job per ScheduledTimer row (PostgreSQL is the schedule; this queue only makes it
 * punctual). The timer's work decides in core whether anything is still due and owes `notify` jobs
 * through the outbox. Kept apart from the outbound queue so its rate limit and 429 pauses never hold a
 * timer back, and a burst of timers never counts against Telegram's limit.
 */
export const TIMER_QUEUE = 'timers';

export const QUEUE_NAMES = [OUTBOUND_QUEUE, PAID_OUTBOUND_QUEUE, TIMER_QUEUE] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * A caller-chosen key naming one intent ("vote-12-open-member-7"). It becomes the job id (so an
 * enqueue repeated while the job still exists is dropped) and the OutboundMessage key (so a
 * repeat after the job was removed still sends once). BullMQ job ids must not contain ':' and
 * must not be all digits; the job name prefix rules out the latter, this pattern the former.
 */
export const DEDUPE_KEY_PATTERN = /^[A-Za-z0-9_.-]{1,160}$/;

const dedupeKey = z
  .string()
  .regex(DEDUPE_KEY_PATTERN, 'dedupeKey may hold 1-160 letters, digits, "_", "." and "-" (no ":")');

/** A Fluent key and its variables; rendered in the recipient's language when the job runs. */
export const localizedMessageSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a Fluent message id such as "vote-opened"'),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type LocalizedMessage = z.infer<typeof localizedMessageSchema>;

/**
 * Buttons a notice carries, named by kind (ids only): the request to rate carries the stars; a join
 * request approve / reject; a household's confirmation confirm / refuse.
 */
export const noticeButtonsSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('rate-stars'),
    number: z.number().int().positive(),
    round: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('join-approval'), memberId: z.number().int().positive() }),
  z.object({
    kind: z.literal('household-confirmation'),
    memberId: z.number().int().positive(),
    householdId: z.number().int().positive(),
  }),
  z.object({ kind: z.literal('award-review'), batchId: z.number().int().positive() }),
  /**
   * A vote's private ballot: the worker renders the vote's card into the message (param `card`) in the
   * member's language when it sends, and puts the ballot buttons under it.
   */
  z.object({ kind: z.literal('vote-ballot'), voteId: z.number().int().positive() }),
  /** A shift's reminder: a check-in button for shift `shift` (its position) of call `call` (its number). */
  z.object({
    kind: z.literal('shift-check-in'),
    call: z.number().int().positive(),
    shift: z.number().int().positive(),
  }),
]);
export type NoticeButtons = z.infer<typeof noticeButtonsSchema>;

export const notifyPayloadSchema = z.object({
  dedupeKey,
  memberId: z.number().int().positive(),
  message: localizedMessageSchema,
  buttons: noticeButtonsSchema.optional(),
  /**
   * A member the message is about: the worker fills the params `name`, `number` and `household` from
   * their row when it sends, so no name travels through Redis.
   */
  aboutMemberId: z.number().int().positive().optional(),
});
export type NotifyPayload = z.infer<typeof notifyPayloadSchema>;

/** A task's reminder (a day before it is due) or its overdue escalation (at the due date). */
export const talkTaskTimerPayloadSchema = z.object({
  dedupeKey,
  taskId: z.number().int().positive(),
});
export type TalkTaskTimerPayload = z.infer<typeof talkTaskTimerPayloadSchema>;

/** The end of an item's rating window for one round (7 days after the task was done). */
export const talkRatingExpiryPayloadSchema = z.object({
  dedupeKey,
  itemId: z.number().int().positive(),
  round: z.number().int().positive(),
});
export type TalkRatingExpiryPayload = z.infer<typeof talkRatingExpiryPayloadSchema>;

/** A Bot API call written to the outbox by a committed change, performed by the worker (group chats, and relayed leftovers). */
export const outboxSendPayloadSchema = z.object({
  dedupeKey,
  /** OutboxEntry id, as a decimal string (BigInt does not survive JSON). */
  entryId: z.string().regex(/^\d{1,19}$/),
});
export type OutboxSendPayload = z.infer<typeof outboxSendPayloadSchema>;

/** A ScheduledTimer row that is due (or soon due); its id as a decimal string. */
export const timerPayloadSchema = z.object({
  dedupeKey,
  timerId: z.string().regex(/^\d{1,19}$/),
});
export type TimerPayload = z.infer<typeof timerPayloadSchema>;

/**
 * A talk item's post in the village group: posted, its counts refreshed, or marked hidden. Rendered
 * from the item as it is when the job runs, so a late or repeated job shows the current state.
 */
export const talkGroupPostPayloadSchema = z.object({
  dedupeKey,
  itemId: z.number().int().positive(),
});
export type TalkGroupPostPayload = z.infer<typeof talkGroupPostPayloadSchema>;

/**
 * A points rule's change announced in the village group: the version row it names is rendered when the
 * job runs, and posted once (an OutboundMessage record per rule and version).
 */
export const pointsRuleAnnouncePayloadSchema = z.object({
  dedupeKey,
  ruleId: z.number().int().positive(),
  version: z.number().int().positive(),
});
export type PointsRuleAnnouncePayload = z.infer<typeof pointsRuleAnnouncePayloadSchema>;

/** An approved proposal to make public in the village group. */
export const pointsAwardAnnouncePayloadSchema = z.object({
  dedupeKey,
  villageId: z.number().int().positive(),
  batchId: z.number().int().positive(),
});

/** A week's stars to announce in the village group. */
export const pointsStarsPostPayloadSchema = z.object({
  dedupeKey,
  villageId: z.number().int().positive(),
  weekStart: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** A ledger checkpoint to publish in the village group (ids only). */
export const pointsCheckpointPostPayloadSchema = z.object({
  dedupeKey,
  checkpointId: z.number().int().positive(),
});

/** A closed vote's result to post in the village group (rendered from the vote when the job runs). */
export const voteResultPostPayloadSchema = z.object({
  dedupeKey,
  voteId: z.number().int().positive(),
});

/**
 * The receipts of a closed vote sent as a text file to the member who asked (/receipts): a file
 * upload cannot wait in the outbox, so a job sends it.
 */
export const voteReceiptsFilePayloadSchema = z.object({
  dedupeKey,
  voteId: z.number().int().positive(),
  memberId: z.number().int().positive(),
});
/**
 * A household's door sign: `household-qr-send` sends a member their household's QR code as a PNG (/qr),
 * `household-qr-print` the secretary every household's sign as one printable PDF (/qr print).
 * Uploads cannot wait in the outbox, so jobs render and send them.
 */
export const householdQrPayloadSchema = z.object({
  dedupeKey,
  memberId: z.number().int().positive(),
});
/**
 * The households eligible for a credit line as a CSV file, for the bank, sent to the secretary who
 * asked (/credit export): an upload cannot wait in the outbox, so a job sends it.
 */
export const creditLineFilePayloadSchema = z.object({
  dedupeKey,
  villageId: z.number().int().positive(),
  memberId: z.number().int().positive(),
});
/** A vote announced in its village group (rendered when the job runs), and the secretary's fan-out progress. */
export const voteJobPayloadSchema = z.object({
  dedupeKey,
  voteId: z.number().int().positive(),
});
export type VoteJobPayload = z.infer<typeof voteJobPayloadSchema>;

/**
 * Volunteer calls. `call-invite` sends one member the call with a join button per shift and records
 * the message on the invite row (`paid`: with allow_paid_broadcast); `call-post` the call in the
 * village group; `call-refresh` brings the group post and the invites' buttons up to date (seats
 * taken, full), batched per call; `call-fanout-progress` the cadre's one progress message.
 */
export const callInvitePayloadSchema = z.object({
  dedupeKey,
  callId: z.number().int().positive(),
  memberId: z.number().int().positive(),
  paid: z.boolean().optional(),
});
export type CallInvitePayload = z.infer<typeof callInvitePayloadSchema>;

export const callJobPayloadSchema = z.object({
  dedupeKey,
  callId: z.number().int().positive(),
});
export type CallJobPayload = z.infer<typeof callJobPayloadSchema>;

/**
 * A round of invite edits (a shift of the call became full or reopened), walked a page at a time:
 * `call-invite-round` owes the edits of the next page of invites after member `after` and then itself
 * for the page after; `call-invite-edit` edits one invite. Both carry the round, and stop once a newer
 * round has started (VolunteerCall.inviteRound), so a round superseded mid-way wastes at most a page.
 */
export const callInviteRoundPayloadSchema = z.object({
  dedupeKey,
  callId: z.number().int().positive(),
  round: z.number().int().positive(),
  after: z.number().int().nonnegative(),
});
export type CallInviteRoundPayload = z.infer<typeof callInviteRoundPayloadSchema>;

export const callInviteEditPayloadSchema = z.object({
  dedupeKey,
  callId: z.number().int().positive(),
  memberId: z.number().int().positive(),
  round: z.number().int().positive(),
});
export type CallInviteEditPayload = z.infer<typeof callInviteEditPayloadSchema>;

/** A points-shop reservation's code, sent to its member as a QR picture of its deep link (`r_<code>`). */
export const shopRedemptionQrPayloadSchema = z.object({
  dedupeKey,
  redemptionId: z.number().int().positive(),
});

interface JobDefinition {
  queue: QueueName;
  payload: z.ZodType<{ dedupeKey: string }>;
  /**
   * BullMQ priority (1 highest). A job without one is taken before every job with one, so a priority
   * marks work that may wait behind new sends (edits of messages already delivered).
   */
  priority?: number;
}

/** Edits of invites already delivered: behind every new send on the outbound queue. */
export const EDIT_PRIORITY = 10;

/** Every job: its queue and payload schema. Add a job here, then its handler in worker/jobs/. */
export const JOBS = {
  notify: { queue: OUTBOUND_QUEUE, payload: notifyPayloadSchema },
  'outbox-send': { queue: OUTBOUND_QUEUE, payload: outboxSendPayloadSchema },
  'talk-group-post': { queue: OUTBOUND_QUEUE, payload: talkGroupPostPayloadSchema },
  'talk-group-refresh': { queue: OUTBOUND_QUEUE, payload: talkGroupPostPayloadSchema },
  'talk-group-visibility': { queue: OUTBOUND_QUEUE, payload: talkGroupPostPayloadSchema },
  'points-rule-announce': { queue: OUTBOUND_QUEUE, payload: pointsRuleAnnouncePayloadSchema },
  'points-checkpoint-post': { queue: OUTBOUND_QUEUE, payload: pointsCheckpointPostPayloadSchema },
  'points-stars-post': { queue: OUTBOUND_QUEUE, payload: pointsStarsPostPayloadSchema },
  'points-award-announce': { queue: OUTBOUND_QUEUE, payload: pointsAwardAnnouncePayloadSchema },
  'vote-result-post': { queue: OUTBOUND_QUEUE, payload: voteResultPostPayloadSchema },
  'vote-receipts-file': { queue: OUTBOUND_QUEUE, payload: voteReceiptsFilePayloadSchema },
  'household-qr-send': { queue: OUTBOUND_QUEUE, payload: householdQrPayloadSchema },
  'household-qr-print': { queue: OUTBOUND_QUEUE, payload: householdQrPayloadSchema },
  'credit-line-file': { queue: OUTBOUND_QUEUE, payload: creditLineFilePayloadSchema },
  'vote-announce': { queue: OUTBOUND_QUEUE, payload: voteJobPayloadSchema },
  'vote-fanout-progress': { queue: OUTBOUND_QUEUE, payload: voteJobPayloadSchema },
  'call-invite': { queue: OUTBOUND_QUEUE, payload: callInvitePayloadSchema },
  /** The same invite sent as a paid broadcast, on the paid queue (its payload says `paid: true`). */
  'call-invite-paid': { queue: PAID_OUTBOUND_QUEUE, payload: callInvitePayloadSchema },
  'call-invite-round': {
    queue: OUTBOUND_QUEUE,
    payload: callInviteRoundPayloadSchema,
    priority: EDIT_PRIORITY,
  },
  'call-invite-edit': {
    queue: OUTBOUND_QUEUE,
    payload: callInviteEditPayloadSchema,
    priority: EDIT_PRIORITY,
  },
  'call-post': { queue: OUTBOUND_QUEUE, payload: callJobPayloadSchema },
  'call-refresh': { queue: OUTBOUND_QUEUE, payload: callJobPayloadSchema },
  'call-fanout-progress': { queue: OUTBOUND_QUEUE, payload: callJobPayloadSchema },
  'shop-redemption-qr': { queue: OUTBOUND_QUEUE, payload: shopRedemptionQrPayloadSchema },
  timer: { queue: TIMER_QUEUE, payload: timerPayloadSchema },
} as const satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOBS)[N]['payload']>;

/**
 * Every kind of timer and its payload: a ScheduledTimer row names one, and the `timer` job runs its
 * work (worker/jobs/timer.ts) when it is due. Add a timer here, then its work in worker/timers/.
 */
/** An approved award whose appeal window ends: the worker applies it to the ledger. */
/** A vote's timers: its close at `closesAt`, and the reminder to those who have not voted a day before. */
export const voteTimerPayloadSchema = z.object({
  dedupeKey,
  voteId: z.number().int().positive(),
});
export type VoteTimerPayload = z.infer<typeof voteTimerPayloadSchema>;

export const pointsAwardFinalPayloadSchema = z.object({
  dedupeKey,
  awardId: z.number().int().positive(),
});

/** A village's daily ledger checkpoint. */
export const pointsCheckpointPayloadSchema = z.object({
  dedupeKey,
  villageId: z.number().int().positive(),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD');

/** A village's Monday naming of last week's stars (the week by its Monday). */
export const pointsWeeklyStarsPayloadSchema = z.object({
  dedupeKey,
  villageId: z.number().int().positive(),
  weekStart: isoDay,
});

/**
 * A call's fan-out (at launch, or when the village's quiet hours end), and the batched refresh of its
 * messages after sign-ups (`call-refresh`, one per call and ten-second bucket).
 */
export const callTimerPayloadSchema = z.object({
  dedupeKey,
  callId: z.number().int().positive(),
});
/** A points-shop reservation not collected in time: its points and stock are released. */
export const shopReservationExpiryPayloadSchema = z.object({
  dedupeKey,
  redemptionId: z.number().int().positive(),
});

/** A shift's reminder to its volunteers, and the end of its scoring window (its awards proposed). */
export const shiftTimerPayloadSchema = z.object({
  dedupeKey,
  shiftId: z.number().int().positive(),
});

export const TIMERS = {
  'vote-close': voteTimerPayloadSchema,
  'vote-reminder': voteTimerPayloadSchema,
  'points-weekly-stars': pointsWeeklyStarsPayloadSchema,
  'points-award-final': pointsAwardFinalPayloadSchema,
  'points-checkpoint': pointsCheckpointPayloadSchema,
  'talk-task-reminder': talkTaskTimerPayloadSchema,
  'talk-task-overdue': talkTaskTimerPayloadSchema,
  'talk-rating-expiry': talkRatingExpiryPayloadSchema,
  'call-fanout': callTimerPayloadSchema,
  'call-refresh': callTimerPayloadSchema,
  'shift-reminder': shiftTimerPayloadSchema,
  'shift-awards': shiftTimerPayloadSchema,
  'shop-reservation-expiry': shopReservationExpiryPayloadSchema,
} as const satisfies Record<string, z.ZodType<{ dedupeKey: string }>>;

export type TimerName = keyof typeof TIMERS;
export type TimerPayloadOf<N extends TimerName> = z.infer<(typeof TIMERS)[N]>;

/** Deterministic: the same intent always gets the same job id. */
export function jobIdFor(name: JobName, payload: { dedupeKey: string }): string {
  return `${name}-${payload.dedupeKey}`;
}

/**
 * Retries with exponential backoff (5 s, 10 s, 20 s, 40 s, 80 s) for transient failures, and bounded
 * retention: completed jobs are kept a day, failed ones a week, so Redis does not grow without limit.
 * The database, not the job id, is the real guard against doubles once a job has been removed.
 */
export const DEFAULT_JOB_OPTIONS = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 5_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
} as const satisfies JobsOptions;

/** How long an enqueue may wait for Redis before the caller gets an error instead of hanging. */
export const ENQUEUE_TIMEOUT_MS = 5_000;

export interface EnqueueOptions {
  /** Milliseconds to wait before the job may run. */
  delay?: number;
  /** 1 is the highest; lower numbers run first. Omit for FIFO. */
  priority?: number;
}

/** What `remove` found: removed before it ran, running now, already ran (completed or failed), or no such job. */
export type RemoveOutcome = 'removed' | 'running' | 'finished' | 'absent';

/** States of a job that has not run (or is waiting for its next attempt): these are removed. */
const PENDING_STATES: readonly string[] = ['delayed', 'waiting', 'prioritized', 'waiting-children'];

export interface JobProducer {
  /** Validates the payload and adds the job; resolves to its job id. Adding the same intent twice is a no-op. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts?: EnqueueOptions): Promise<string>;
  /** One round trip for a fan-out (one job per member). Resolves to the job ids in order. */
  enqueueMany<N extends JobName>(
    name: N,
    payloads: JobPayload<N>[],
    opts?: EnqueueOptions,
  ): Promise<string[]>;
  /**
   * Removes a job that has not run yet (a delayed timer) by the dedupe key it was enqueued with. A job
   * that is running stays (its handler's own checks must make it harmless); one that already ran is
   * left as the record that it did. Best effort, for cancelling timers.
   */
  remove(name: JobName, dedupeKey: string): Promise<RemoveOutcome>;
  /**
   * Hands outbox rows to BullMQ, each as its own job (a SEND row as an `outbox-send` job) with job id
   * `outbox-<row id>`, so handing a row over twice while its job exists adds it once.
   */
  addOutboxRows(rows: readonly OutboxJobRow[]): Promise<void>;
  /** Makes timers punctual: a delayed `timer` job each, job id `timer-<row id>`. */
  addTimers(timers: readonly { id: bigint; dueAt: Date }[]): Promise<void>;
  /** Removes cancelled timers' jobs (a courtesy: a cancelled timer that fires finds its row cancelled). */
  removeTimers(ids: readonly bigint[]): Promise<void>;
  close(): Promise<void>;
}

/** An outbox row as BullMQ gets it. */
export interface OutboxJobRow {
  id: bigint;
  kind: 'SEND' | 'JOB';
  /** SEND: the Bot API method; JOB: the job name. */
  name: string;
  /** JOB: the payload (validated again here). */
  payload: unknown;
}

export const outboxJobId = (entryId: bigint) => `outbox-${entryId}`;
export const timerJobId = (timerId: bigint) => `timer-${timerId}`;

/** The outbox row a job delivers, when it came from the outbox. */
export function outboxEntryOf(jobId: string | undefined): bigint | undefined {
  const match = /^outbox-(\d+)$/.exec(jobId ?? '');
  return match ? BigInt(match[1] as string) : undefined;
}

function priorityOf(name: JobName): { priority?: number } {
  const definition: JobDefinition = JOBS[name];
  return definition.priority === undefined ? {} : { priority: definition.priority };
}

function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOBS, name);
}

export interface ProducerOptions {
  redisUrl: string;
  /** BullMQ key prefix (Config.REDIS_PREFIX), so deployments and test runs can share one Redis. */
  prefix: string;
  logger: Logger;
}

/**
 * Producers fail fast: with `enableOfflineQueue: false` an enqueue while Redis is down rejects at once
 * instead of queueing in memory and blocking the update handler (BullMQ's production guide).
 */
export function createJobProducer({ redisUrl, prefix, logger }: ProducerOptions): JobProducer {
  const queues = new Map<QueueName, Queue>();
  const log = logger.child({ component: 'job-producer' });
  let connection: Redis | undefined;

  // The producer owns its connection: BullMQ's own close() of a connection it created fails
  // ("Stream isn't writeable") when Redis is down and offline queueing is off, leaving it reconnecting.
  function sharedConnection(): Redis {
    if (!connection) {
      connection = new Redis(redisUrl, { enableOfflineQueue: false });
      connection.on('error', (error) => log.warn({ err: error }, 'Redis connection error'));
    }
    return connection;
  }

  function queueFor(name: QueueName): Queue {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: sharedConnection(),
        prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', (error) => log.error({ err: error, queue: name }, 'queue error'));
      queues.set(name, queue);
    }
    return queue;
  }

  function parse<N extends JobName>(name: N, payload: JobPayload<N>): JobPayload<N> {
    const definition: JobDefinition = JOBS[name];
    return definition.payload.parse(payload) as JobPayload<N>;
  }

  return {
    async enqueue(name, payload, opts = {}) {
      const data = parse(name, payload);
      const jobId = jobIdFor(name, data);
      const job = await withTimeout(
        queueFor(JOBS[name].queue).add(name, data, { ...priorityOf(name), ...opts, jobId }),
        ENQUEUE_TIMEOUT_MS,
        `enqueue ${name}`,
      );
      log.debug({ job_id: jobId, job: name }, 'job enqueued');
      return job.id ?? jobId;
    },

    async enqueueMany(name, payloads, opts = {}) {
      if (payloads.length === 0) return [];
      const jobs = payloads.map((payload) => {
        const data = parse(name, payload);
        return { name, data, opts: { ...priorityOf(name), ...opts, jobId: jobIdFor(name, data) } };
      });
      const added = await withTimeout(
        queueFor(JOBS[name].queue).addBulk(jobs),
        ENQUEUE_TIMEOUT_MS,
        `enqueue ${payloads.length} × ${name}`,
      );
      log.debug({ job: name, count: added.length }, 'jobs enqueued');
      return added.map((job, i) => job.id ?? jobs[i]?.opts.jobId ?? '');
    },

    async remove(name, dedupeKey) {
      const jobId = jobIdFor(name, { dedupeKey });
      const queue = queueFor(JOBS[name].queue);
      const outcome = await withTimeout(
        (async (): Promise<RemoveOutcome> => {
          const state = await queue.getJobState(jobId);
          if (state === 'unknown') return 'absent';
          if (state === 'active') return 'running';
          if (!PENDING_STATES.includes(state)) return 'finished';
          // 0: it was taken by a worker in the meantime (locked), and stays.
          return (await queue.remove(jobId)) === 1 ? 'removed' : 'running';
        })(),
        ENQUEUE_TIMEOUT_MS,
        `remove ${jobId}`,
      );
      log.debug({ job_id: jobId, job: name, outcome }, 'job removal requested');
      return outcome;
    },

    async addOutboxRows(rows) {
      const byQueue = new Map<QueueName, { name: JobName; data: unknown; opts: JobsOptions }[]>();
      for (const row of rows) {
        let name: JobName;
        let data: { dedupeKey: string };
        if (row.kind === 'SEND') {
          name = 'outbox-send';
          const send: OutboxSendPayload = { dedupeKey: `send-${row.id}`, entryId: row.id.toString() };
          data = send;
        } else {
          if (!isJobName(row.name)) throw new Error(`outbox row ${row.id} names no job: ${row.name}`);
          name = row.name;
          data = JOBS[name].payload.parse(row.payload);
        }
        const queue = JOBS[name].queue;
        const list = byQueue.get(queue) ?? [];
        list.push({ name, data, opts: { ...priorityOf(name), jobId: outboxJobId(row.id) } });
        byQueue.set(queue, list);
      }
      await withTimeout(
        Promise.all([...byQueue].map(([queue, jobs]) => queueFor(queue).addBulk(jobs))),
        ENQUEUE_TIMEOUT_MS,
        `hand ${rows.length} outbox rows to BullMQ`,
      );
    },

    async addTimers(timers) {
      if (timers.length === 0) return;
      const now = Date.now();
      const jobs = timers.map((timer) => {
        const data: TimerPayload = { dedupeKey: timerJobId(timer.id), timerId: timer.id.toString() };
        return {
          name: 'timer' as const,
          data,
          opts: { jobId: timerJobId(timer.id), delay: Math.max(0, timer.dueAt.getTime() - now) },
        };
      });
      await withTimeout(queueFor(TIMER_QUEUE).addBulk(jobs), ENQUEUE_TIMEOUT_MS, `add ${jobs.length} timers`);
    },

    async removeTimers(ids) {
      const queue = queueFor(TIMER_QUEUE);
      await withTimeout(
        Promise.all(ids.map((id) => queue.remove(timerJobId(id)))),
        ENQUEUE_TIMEOUT_MS,
        `remove ${ids.length} timers`,
      );
    },

    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close().catch(() => {})));
      queues.clear();
      const client = connection;
      connection = undefined;
      if (client?.status === 'ready') await client.quit().catch(() => client.disconnect());
      else client?.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
