import { type DestinationStream, type Logger, pino } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

export interface CreateLoggerOptions {
  /**
   * Strings that must never reach the logs (the bot token, webhook secret): replaced wherever they
   * appear in a line, messages and stacks included.
   */
  secrets?: readonly (string | undefined)[];
  /** Where lines go; stdout by default. Tests pass a capturing stream. */
  destination?: DestinationStream;
}

/**
 * The one pino logger. Logs are read by whoever runs the server, so they carry no villager's data
 * and no secret: updates are reduced to their id, kind and chat, errors lose the request payloads
 * and contexts they drag along, and secrets and bot tokens are cut out of every line.
 */
export function createLogger(level: string, name: string, options: CreateLoggerOptions = {}): Logger {
  const scrub = createScrubber(options.secrets ?? []);
  return pino(
    {
      name,
      level,
      base: { service: name },
      serializers: {
        err: serializeError,
        error: serializeError,
        update: (update: unknown) => summarizeUpdate(update),
        ctx: (ctx: unknown) => summarizeUpdate((ctx as { update?: unknown } | undefined)?.update),
      },
      // A GrammyError's payload (the reply's text, a location) copied out by hand is still a payload.
      redact: { paths: ['payload', '*.payload'], remove: true },
      hooks: {
        streamWrite: scrub,
        // logger.error(error) makes the error's message the line's message, past the serializer.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          if (first instanceof Error && rest.length === 0) {
            const { message } = serializeError(first) as { message: string };
            return method.apply(this, [first, message]);
          }
          return method.apply(this, args);
        },
      },
    },
    options.destination,
  );
}

/** Everything in the configuration that must never be logged, for `secrets`. */
export function secretsOf(config: Config): string[] {
  const passwords = [config.DATABASE_URL, config.REDIS_URL].flatMap((url) => {
    try {
      const { password } = new URL(url);
      return password ? [password, decodeURIComponent(password)] : [];
    } catch {
      return [];
    }
  });
  return [
    config.BOT_TOKEN,
    config.WEBHOOK_SECRET,
    config.QR_SECRET,
    config.QR_SECRET_PREVIOUS,
    ...passwords,
  ].filter((secret): secret is string => secret !== undefined && secret !== '');
}

/** What a log may say about an update: which one, what kind, in which chat. */
export interface UpdateSummary {
  update_id?: number;
  kind?: string;
  chat_id?: number;
}

const SUMMARY_KEYS = new Set(['update_id', 'kind', 'chat_id']);

/** A Telegram update reduced to its id, kind (message, callback_query, …) and chat id. */
export function summarizeUpdate(update: unknown): UpdateSummary | undefined {
  if (typeof update !== 'object' || update === null) return undefined;
  const record = update as Record<string, unknown>;
  // Already summarized (the error boundary does it before logging).
  if (Object.keys(record).every((key) => SUMMARY_KEYS.has(key))) return record as UpdateSummary;
  const kind = Object.keys(record).find((key) => key !== 'update_id');
  const body = (kind === undefined ? undefined : record[kind]) as
    | { chat?: { id?: unknown }; message?: { chat?: { id?: unknown } } }
    | undefined;
  const chatId = body?.chat?.id ?? body?.message?.chat?.id;
  return {
    ...(typeof record.update_id === 'number' && { update_id: record.update_id }),
    ...(kind !== undefined && { kind }),
    ...(typeof chatId === 'number' && { chat_id: chatId }),
  };
}

/**
 * Keys that carry what people wrote or where they are: grammY's request `payload`, a BotError's
 * `ctx` (the whole update), PostgreSQL's `detail` ("Key (name)=(…)", "Failing row contains (…)").
 */
const DROPPED_KEYS = new Set(['payload', 'ctx', 'detail']);

/** Errors nest (cause, BotError.error, Prisma's meta.driverAdapterError); deeper than this is noise. */
const MAX_DEPTH = 6;

/**
 * pino's error serializer, minus what must not be logged. A PrismaClientValidationError prints the
 * query's arguments (the values being written) in its message: only its last paragraph, the
 * reason, is kept, in its own message and in every message and stack that repeats it.
 */
export function serializeError(error: unknown): unknown {
  const rewrites = new Map<string, string>();
  collectRewrites(error, 0, rewrites);
  const rewrite = (text: string) => {
    let result = text;
    for (const [from, to] of rewrites) result = result.split(from).join(to);
    return result;
  };
  return sanitize(error, 0, rewrite);
}

function collectRewrites(value: unknown, depth: number, rewrites: Map<string, string>): void {
  if (depth > MAX_DEPTH || !(value instanceof Error)) return;
  if (value.name === 'PrismaClientValidationError' && value.message) {
    const paragraphs = value.message.split(/\n\s*\n/).filter((p) => p.trim() !== '');
    rewrites.set(value.message, paragraphs.at(-1)?.trim() ?? 'invalid query');
  }
  const inner = value as Error & { error?: unknown };
  collectRewrites(inner.cause, depth + 1, rewrites);
  collectRewrites(inner.error, depth + 1, rewrites);
}

function sanitize(value: unknown, depth: number, rewrite: (text: string) => string): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth > MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((item) => sanitize(item, depth + 1, rewrite));
  const out: Record<string, unknown> = {};
  if (value instanceof Error) {
    out.type = value.name;
    out.message = rewrite(value.message);
    if (value.stack) out.stack = rewrite(value.stack);
  }
  for (const [key, inner] of Object.entries(value)) {
    if (key in out) continue;
    if (key === 'ctx') {
      // A BotError's context: the update it failed on is worth knowing, its content is not.
      const summary = summarizeUpdate((inner as { update?: unknown } | undefined)?.update);
      if (summary) out.update = summary;
      continue;
    }
    if (DROPPED_KEYS.has(key)) continue;
    out[key] = key === 'update' ? summarizeUpdate(inner) : sanitize(inner, depth + 1, rewrite);
  }
  // `cause` given to the Error constructor is not enumerable.
  if (value instanceof Error && value.cause !== undefined && !('cause' in out)) {
    out.cause = sanitize(value.cause, depth + 1, rewrite);
  }
  return out;
}

const REDACTED = '[redacted]';
/** A Telegram bot token: the bot's id, a colon, 35 characters (tokens of other shapes come as secrets). */
const BOT_TOKEN_PATTERN = /\b\d{5,}:[A-Za-z0-9_-]{30,}/g;
/** The token's place in a Bot API URL (node-fetch puts the URL in its error messages). */
const TOKEN_IN_URL_PATTERN = /\/bot\d+:[^/\s"\\]+/g;

function createScrubber(secrets: readonly (string | undefined)[]): (line: string) => string {
  // As written and as JSON escapes it, so a secret with a quote or backslash is found in the line.
  const needles = [
    ...new Set(
      secrets
        .filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6)
        .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  return (line) => {
    let result = line;
    for (const needle of needles) result = result.split(needle).join(REDACTED);
    return result.replace(TOKEN_IN_URL_PATTERN, `/bot${REDACTED}`).replace(BOT_TOKEN_PATTERN, REDACTED);
  };
}
