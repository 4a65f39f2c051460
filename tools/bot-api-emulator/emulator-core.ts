import type { UserFromGetMe } from 'grammy/types';
import { ApiError, notFound, unauthorized } from './api-error.ts';
import { BotState } from './bot-state.ts';
import { CallRecorder } from './call-recorder.ts';
import { EventHub } from './events.ts';
import { FileStore } from './file-store.ts';
import { METHODS, type MethodEnvironment } from './methods/index.ts';
import { ParamReader } from './params.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limiter.ts';
import { WebhookDeliverer, type WebhookDeliveryOptions } from './webhook-deliverer.ts';

export interface BotProfile {
  username?: string;
  first_name?: string;
}

export interface BotApiEmulatorOptions {
  /** Username every bot gets unless `bots` says otherwise. Default `yingshan_bot`. */
  botUsername?: string;
  /** first_name every bot gets unless `bots` says otherwise. Default `Yingshan`. */
  botFirstName?: string;
  /** Per-bot profile, keyed by the bot id (the token's digits). */
  bots?: Record<string, BotProfile>;
  /** Flood control; false disables every limit (forced 429s still work). */
  rateLimits?: RateLimitOptions | false;
  webhook?: WebhookDeliveryOptions;
  /** After this long answerCallbackQuery fails as "too old". Default 15 000 ms, like Telegram. */
  callbackQueryTimeoutMs?: number;
  /** Largest request body accepted. Default 50 MB (Telegram's upload limit). */
  maxBodyBytes?: number;
  /** Clock, for tests that control time. */
  now?: () => number;
  /** Answers late (the call takes effect at once): see `Latency`. */
  latency?: Latency;
}

/**
 * How late the emulator answers: the call is handled and recorded at once, its answer reaches the bot
 * `ms` later. A bot that dies in between has had its message delivered without learning so, which is
 * the window a worker killed mid-send leaves open on real Telegram.
 */
export interface Latency {
  ms: number;
  /** Only these methods (case-insensitive); omitted: every method except getUpdates. */
  methods?: string[];
}

export type ApiResponseBody =
  | { ok: true; result: unknown; description?: string }
  | { ok: false; error_code: number; description: string; parameters?: Record<string, number> };

export interface ApiAnswer {
  status: number;
  body: ApiResponseBody;
}

const TOKEN_PATTERN = /^(\d{1,20}):[A-Za-z0-9_-]{1,100}$/;

/** An error of the control API (not a Telegram error): bad input from a test. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ControlError';
  }
}

/**
 * The emulator's state and its Bot API dispatcher, with no HTTP in it: bots by token,
 * recorded calls, flood control, files and webhook delivery.
 */
export class EmulatorCore {
  readonly events = new EventHub();
  readonly recorder = new CallRecorder(this.events);
  readonly rateLimiter: RateLimiter;
  readonly files = new FileStore();
  readonly webhooks: WebhookDeliverer;
  readonly maxBodyBytes: number;
  readonly now: () => number;
  private latency: Latency | undefined;
  private readonly bots = new Map<string, BotState>();
  /** A bot created by a control call before any token spoke; the first token to call adopts it. */
  private unbound: BotState | undefined;
  private readonly env: MethodEnvironment;

  constructor(private readonly options: BotApiEmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.setLatency(options.latency);
    this.maxBodyBytes = options.maxBodyBytes ?? 50 * 1024 * 1024;
    this.rateLimiter = new RateLimiter(options.rateLimits ?? {}, this.now);
    this.webhooks = new WebhookDeliverer(options.webhook ?? {}, {
      now: this.now,
      onDelivery: (bot, delivery) => this.events.emit({ type: 'webhook', botId: bot.id, delivery }),
      onReply: (bot, body) => {
        const { method, ...params } = body;
        void this.callApi(
          bot.token,
          String(method),
          new ParamReader(params),
          new AbortController().signal,
          true,
        );
      },
    });
    this.env = {
      files: this.files,
      rateLimiter: this.rateLimiter,
      callbackQueryTimeoutMs: options.callbackQueryTimeoutMs ?? 15_000,
      now: this.now,
      kickWebhook: (bot) => this.webhooks.kick(bot),
    };
  }

  setLatency(latency: Latency | undefined): void {
    this.latency = latency && latency.ms > 0 ? latency : undefined;
  }

  /** How long to hold the answer to a call of `method`. */
  latencyFor(method: string): number {
    const latency = this.latency;
    if (!latency) return 0;
    const name = method.toLowerCase();
    if (latency.methods) return latency.methods.some((m) => m.toLowerCase() === name) ? latency.ms : 0;
    // Long polls have a latency of their own (their timeout).
    return name === 'getupdates' ? 0 : latency.ms;
  }

  /** Answers one Bot API call and records it. */
  async callApi(
    token: string,
    methodName: string,
    params: ParamReader,
    signal: AbortSignal,
    viaWebhookReply = false,
  ): Promise<ApiAnswer> {
    const started = this.now();
    const trace: { chatId?: number; inPenaltyWindow: boolean; description?: string } = {
      inPenaltyWindow: false,
    };
    const entry = METHODS.get(methodName.toLowerCase());
    let answer: ApiAnswer;
    let bot: BotState | undefined;
    try {
      if (!TOKEN_PATTERN.test(token)) throw unauthorized();
      bot = this.botForToken(token);
      if (!entry) throw notFound();
      const chatId = params.chatId();
      const fault = bot.takeFault(entry.name, chatId);
      if (fault) {
        if (typeof chatId === 'number') trace.chatId = chatId;
        throw new ApiError(fault.status, fault.description);
      }
      const result = await entry.handler({ method: entry.name, bot, params, signal, env: this.env, trace });
      answer = {
        status: 200,
        body: {
          ok: true,
          result,
          ...(trace.description !== undefined && { description: trace.description }),
        },
      };
    } catch (error) {
      answer = toErrorAnswer(error);
    }
    const body = answer.body;
    this.recorder.record({
      time: this.now(),
      durationMs: this.now() - started,
      method: entry?.name ?? methodName,
      token,
      botId: bot?.id ?? Number(TOKEN_PATTERN.exec(token)?.[1] ?? 0),
      ...(trace.chatId !== undefined && { chatId: trace.chatId }),
      params: params.forRecord(),
      ok: body.ok,
      ...(body.ok
        ? { result: body.result }
        : {
            errorCode: body.error_code,
            description: body.description,
            ...(body.parameters?.retry_after !== undefined && { retryAfter: body.parameters.retry_after }),
          }),
      inPenaltyWindow: trace.inPenaltyWindow,
      ...(viaWebhookReply && { viaWebhookReply }),
    });
    return answer;
  }

  /** The bot a token speaks for, created on its first call. */
  botForToken(token: string): BotState {
    const known = this.bots.get(token);
    if (known) return known;
    const info = this.infoFor(token);
    let bot: BotState;
    if (this.unbound) {
      bot = this.unbound;
      this.unbound = undefined;
      bot.token = token;
      bot.info = info;
    } else {
      bot = this.createBot(token, info);
    }
    this.bots.set(token, bot);
    return bot;
  }

  /**
   * The bot a control call means: by token or bot id; without one, the first bot that called
   * (or, before any did, a bot the first caller will adopt).
   */
  botFor(selector?: string | number): BotState {
    if (selector !== undefined && selector !== '') {
      const wanted = String(selector);
      for (const bot of this.bots.values()) if (bot.token === wanted || String(bot.id) === wanted) return bot;
      if (TOKEN_PATTERN.test(wanted)) return this.botForToken(wanted);
      throw new ControlError(404, `no bot with token or id ${wanted} has called the emulator`);
    }
    const first = this.bots.values().next();
    if (!first.done) return first.value;
    this.unbound ??= this.createBot('', this.infoFor('0:unbound'));
    return this.unbound;
  }

  allBots(): BotState[] {
    return [...this.bots.values(), ...(this.unbound ? [this.unbound] : [])];
  }

  close(): void {
    this.webhooks.close();
    for (const bot of this.allBots()) bot.terminatePoll(new ApiError(502, 'Bad Gateway'));
  }

  private createBot(token: string, info: UserFromGetMe): BotState {
    const bot = new BotState(token, info);
    bot.onUpdate(() => {
      if (bot.webhook) this.webhooks.kick(bot);
    });
    return bot;
  }

  private infoFor(token: string): UserFromGetMe {
    const id = Number(TOKEN_PATTERN.exec(token)?.[1] ?? 0);
    const profile = this.options.bots?.[String(id)] ?? {};
    return {
      id,
      is_bot: true,
      first_name: profile.first_name ?? this.options.botFirstName ?? 'Yingshan',
      username: profile.username ?? this.options.botUsername ?? 'yingshan_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe;
  }
}

function toErrorAnswer(error: unknown): ApiAnswer {
  if (error instanceof ApiError) {
    return {
      status: error.errorCode,
      body: {
        ok: false,
        error_code: error.errorCode,
        description: error.description,
        ...(error.parameters && { parameters: error.parameters as Record<string, number> }),
      },
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: 500,
    body: { ok: false, error_code: 500, description: `Internal Server Error: ${message}` },
  };
}
