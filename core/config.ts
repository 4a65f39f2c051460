import { z } from 'zod';

/**
 * The only place that reads process.env. Everything else receives a Config.
 * A bad variable stops the process at boot with a message naming it, rather than failing later in a handler.
 */

const telegramIds = z
  .string()
  .default('')
  .transform((raw, ctx) => {
    const ids: bigint[] = [];
    for (const part of raw.split(/[\s,]+/).filter(Boolean)) {
      if (!/^\d{1,20}$/.test(part)) {
        ctx.addIssue({ code: 'custom', message: `"${part}" is not a Telegram user id (digits only)` });
        return z.NEVER;
      }
      ids.push(BigInt(part));
    }
    return ids;
  });

/** The outbound queue's default rate (see OUTBOUND_MESSAGES_PER_SECOND). */
export const DEFAULT_OUTBOUND_MESSAGES_PER_SECOND = 30;
/** Paid broadcasts' default rate: Telegram's 1,000/s (in 100 ms windows, as the free rate). */
export const DEFAULT_PAID_MESSAGES_PER_SECOND = 1_000;

const postgresUrl = z.string().refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgresql:// URL');

const baseSchema = z.object({
  BOT_TOKEN: z
    .string({
      error: 'is required (ask @BotFather for one, or run `npm run demo` to use the local emulator)',
    })
    .regex(/^\d+:[A-Za-z0-9_-]{10,}$/, 'does not look like a bot token (expected <digits>:<secret>)'),
  DATABASE_URL: postgresUrl,
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// URL'),
  /** Prefix for every BullMQ key, so several deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'may hold letters, digits, "_" and "-" only')
    .default('yingshan'),
  TELEGRAM_API_ROOT: z
    .url({ error: 'must be a URL such as https://api.telegram.org' })
    .default('https://api.telegram.org'),
  BOT_MODE: z.enum(['polling', 'webhook']).default('polling'),
  WEBHOOK_URL: z.url().optional(),
  WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16-256 characters of A-Z, a-z, 0-9, "_" or "-"')
    .optional(),
  WEBHOOK_HOST: z.string().default('0.0.0.0'),
  WEBHOOK_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  BOT_ADMINS: telegramIds,
  DEFAULT_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  QR_SECRET: z.string().min(16, 'must be at least 16 characters (it signs household QR codes)'),
  /**
   * While household signs are reprinted after QR_SECRET changed: the old secret, whose signs are still
   * accepted (new signs are always made with QR_SECRET). Remove it once every door has its new sign.
   */
  QR_SECRET_PREVIOUS: z.string().min(16, 'must be at least 16 characters (the former QR_SECRET)').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** How many chats the bot handles at once; one chat's updates are always handled in order. */
  BOT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(8),
  /**
   * How long whoever wrote an outbox row (the bot after a commit) has to deliver it before the worker's
   * relay may: the delay, after a crash, before an owed reply or notice goes out.
   */
  OUTBOX_LEASE_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /**
   * For crash tests only: the bot waits this long between committing an update and sending what it
   * owes, so a test can kill it there. Never set it in production.
   */
  TEST_HOLD_AFTER_COMMIT_MS: z.coerce.number().int().min(0).max(60_000).default(0),
  /**
   * For `npm run bench` only: the worker's outbound limit in messages per second instead of
   * OUTBOUND_MESSAGES_PER_SECOND, to measure what the outbox and the worker could carry.
   * Never set it in production: Telegram answers a bot sending faster than ~30/s with 429s.
   */
  TEST_OUTBOUND_RATE_LIMIT_PER_SECOND: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /**
   * Messages a second the outbound queue sends (every worker together: BullMQ's limiter is queue-wide).
   * Telegram allows a bot about 30; the default is the rate that met no 429 against the emulator's
   * Telegram-like limits. Raise it only if Telegram raised your bot's limit.
   */
  OUTBOUND_MESSAGES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_OUTBOUND_MESSAGES_PER_SECOND),
  /** Messages a second of paid broadcasts (allow_paid_broadcast, 0.1 Star each): Telegram allows up to 1,000. */
  PAID_MESSAGES_PER_SECOND: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(DEFAULT_PAID_MESSAGES_PER_SECOND),
});

const configSchema = baseSchema.superRefine((env, ctx) => {
  if (env.BOT_MODE === 'webhook') {
    if (!env.WEBHOOK_URL)
      ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'is required when BOT_MODE=webhook' });
    if (!env.WEBHOOK_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['WEBHOOK_SECRET'],
        message: 'is required when BOT_MODE=webhook',
      });
  }
});

export type Config = z.infer<typeof configSchema>;
export type Locale = Config['DEFAULT_LOCALE'];
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example for every variable.`,
    );
    this.name = 'ConfigError';
  }
}

/** Pure: parses an environment-like record. Throws ConfigError naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  // An empty string in .env means "not set", as most people expect.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'environment');
      const message =
        issue.code === 'invalid_type' && cleaned[name] === undefined ? 'is required' : issue.message;
      return `${name} ${message}`;
    }),
  );
}

/** For main.ts files: parse process.env or print what is wrong and exit. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
