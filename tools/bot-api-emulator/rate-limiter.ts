/** A token bucket: `capacity` sends at once, refilled at `refillPerSecond`. */
export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

export interface RateLimitOptions {
  /** false turns every limit off (forced 429s still apply). Default true. */
  enabled?: boolean;
  /** Bot-wide limit over all chats. Default 30 burst, 30/s. false disables it. */
  global?: BucketLimit | false;
  /** Per private chat. Default burst 3, 1/s. false disables it. */
  privateChat?: BucketLimit | false;
  /** Per group, supergroup or channel. Default burst 20, 20/min. false disables it. */
  groupChat?: BucketLimit | false;
  /**
   * Bot-wide limit of paid broadcasts (sends with `allow_paid_broadcast`), instead of `global`: Telegram
   * lets them through at up to 1,000/s for 0.1 Star each. Default burst 1000, 1000/s. false disables it.
   */
  paidBroadcast?: BucketLimit | false;
  /** Tokens an editMessage* call costs (0: edits are never limited). Default 0.25. */
  editCost?: number;
  /** How much each request inside a penalty window extends it, in seconds. Default 1. */
  penaltyExtensionSeconds?: number;
}

export type ChatKind = 'private' | 'group';

export type RateDecision =
  | { allowed: true }
  | { allowed: false; retryAfter: number; inPenaltyWindow: boolean; forced: boolean };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface ForcedLimit {
  remaining: number;
  retryAfter: number;
  penalize: boolean;
}

export const DEFAULT_RATE_LIMITS = {
  enabled: true,
  global: { capacity: 30, refillPerSecond: 30 },
  privateChat: { capacity: 3, refillPerSecond: 1 },
  groupChat: { capacity: 20, refillPerSecond: 20 / 60 },
  paidBroadcast: { capacity: 1000, refillPerSecond: 1000 },
  editCost: 0.25,
  penaltyExtensionSeconds: 1,
} as const satisfies Required<RateLimitOptions>;

/**
 * Telegram's flood control as token buckets per bot and per chat. Exceeding a bucket opens
 * a penalty window (`retry_after` seconds) on that chat, or bot-wide for the global bucket;
 * every sending request inside a window is refused again and extends it, as Telegram does.
 */
export class RateLimiter {
  private options: Required<RateLimitOptions>;
  private readonly buckets = new Map<string, Bucket>();
  private readonly penalties = new Map<string, number>();
  private readonly forced = new Map<string, ForcedLimit>();

  constructor(
    options: RateLimitOptions | false = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = resolve(options);
  }

  configure(options: RateLimitOptions | false): void {
    this.options = resolve(options);
    this.buckets.clear();
    this.penalties.clear();
  }

  get settings(): Required<RateLimitOptions> {
    return this.options;
  }

  costOf(method: string): number {
    const name = method.toLowerCase();
    if (name.startsWith('send') && name !== 'sendchataction') return 1;
    if (name.startsWith('editmessage')) return this.options.editCost;
    return 0;
  }

  /** Makes the next `count` sends from `botKey` to `chatId` fail with 429 and `retryAfter`. */
  force(botKey: string, chatId: number, count: number, retryAfter: number, penalize = false): void {
    this.forced.set(chatKey(botKey, chatId), {
      remaining: count,
      retryAfter: Math.max(1, Math.ceil(retryAfter)),
      penalize,
    });
  }

  /**
   * The first half of a decision, made before the request is validated: a forced 429, or a
   * request inside a penalty window (which extends the window). Undefined when the send may go on.
   * A paid broadcast answers to the paid bucket's window, not the free bot-wide one.
   */
  checkPenalty(botKey: string, chatId: number, cost: number, paid = false): RateDecision | undefined {
    if (cost <= 0) return undefined;
    const now = this.now();
    const key = chatKey(botKey, chatId);
    const forced = this.forced.get(key);
    if (forced && forced.remaining > 0) {
      forced.remaining--;
      if (forced.remaining === 0) this.forced.delete(key);
      if (forced.penalize) this.penalties.set(key, now + forced.retryAfter * 1000);
      return { allowed: false, retryAfter: forced.retryAfter, inPenaltyWindow: false, forced: true };
    }
    if (!this.options.enabled) return undefined;
    for (const penaltyKey of [paid ? paidKey(botKey) : botKey, key]) {
      const until = this.penalties.get(penaltyKey);
      if (until !== undefined && until > now) {
        const extended = until + this.options.penaltyExtensionSeconds * 1000;
        this.penalties.set(penaltyKey, extended);
        return {
          allowed: false,
          retryAfter: secondsUntil(extended, now),
          inPenaltyWindow: true,
          forced: false,
        };
      }
    }
    return undefined;
  }

  /**
   * The second half: takes `cost` tokens from the chat's and the bot's buckets (the paid bucket for a
   * paid broadcast), or opens a penalty window.
   */
  consume(botKey: string, chatId: number, kind: ChatKind, cost: number, paid = false): RateDecision {
    if (cost <= 0 || !this.options.enabled) return { allowed: true };
    const now = this.now();
    const key = chatKey(botKey, chatId);
    const chatLimit = kind === 'private' ? this.options.privateChat : this.options.groupChat;
    const checks: [string, BucketLimit | false][] = [
      [key, chatLimit],
      paid ? [paidKey(botKey), this.options.paidBroadcast] : [botKey, this.options.global],
    ];
    for (const [bucketKey, limit] of checks) {
      if (!limit) continue;
      const bucket = this.refill(bucketKey, limit, now);
      if (bucket.tokens + 1e-9 < cost) {
        const waitMs = ((cost - bucket.tokens) / limit.refillPerSecond) * 1000;
        const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
        this.penalties.set(bucketKey, now + retryAfter * 1000);
        return { allowed: false, retryAfter, inPenaltyWindow: false, forced: false };
      }
    }
    for (const [bucketKey, limit] of checks) {
      if (!limit) continue;
      this.refill(bucketKey, limit, now).tokens -= cost;
    }
    return { allowed: true };
  }

  /** Both halves at once, for a request that needs no validation in between. */
  take(botKey: string, chatId: number, kind: ChatKind, cost: number, paid = false): RateDecision {
    return this.checkPenalty(botKey, chatId, cost, paid) ?? this.consume(botKey, chatId, kind, cost, paid);
  }

  /** Seconds left in a chat's (or the bot's) penalty window, 0 when none. */
  penaltyRemaining(botKey: string, chatId?: number): number {
    const until = this.penalties.get(chatId === undefined ? botKey : chatKey(botKey, chatId));
    const now = this.now();
    return until !== undefined && until > now ? (until - now) / 1000 : 0;
  }

  reset(): void {
    this.buckets.clear();
    this.penalties.clear();
    this.forced.clear();
  }

  private refill(key: string, limit: BucketLimit, now: number): Bucket {
    const bucket = this.buckets.get(key) ?? { tokens: limit.capacity, updatedAt: now };
    const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + elapsed * limit.refillPerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    return bucket;
  }
}

/** The bot's paid-broadcast bucket and window. */
function paidKey(botKey: string): string {
  return `${botKey}|paid`;
}

function chatKey(botKey: string, chatId: number): string {
  return `${botKey}|${chatId}`;
}

function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

function resolve(options: RateLimitOptions | false): Required<RateLimitOptions> {
  if (options === false) return { ...DEFAULT_RATE_LIMITS, enabled: false };
  return {
    enabled: options.enabled ?? DEFAULT_RATE_LIMITS.enabled,
    global: options.global ?? DEFAULT_RATE_LIMITS.global,
    privateChat: options.privateChat ?? DEFAULT_RATE_LIMITS.privateChat,
    groupChat: options.groupChat ?? DEFAULT_RATE_LIMITS.groupChat,
    paidBroadcast: options.paidBroadcast ?? DEFAULT_RATE_LIMITS.paidBroadcast,
    editCost: options.editCost ?? DEFAULT_RATE_LIMITS.editCost,
    penaltyExtensionSeconds: options.penaltyExtensionSeconds ?? DEFAULT_RATE_LIMITS.penaltyExtensionSeconds,
  };
}
