import type { BotState, WebhookDelivery } from './bot-state.ts';

export interface WebhookDeliveryOptions {
  /** First back-off after a failed delivery; doubles per consecutive failure. Default 500 ms. */
  retryDelayMs?: number;
  /** Ceiling of the back-off. Default 5000 ms. */
  maxRetryDelayMs?: number;
  /** How long the bot may take to answer one update. Default 10 000 ms. */
  timeoutMs?: number;
}

export interface WebhookHooks {
  onDelivery(bot: BotState, delivery: WebhookDelivery): void;
  /** The bot answered the webhook with a method call in the body (a "webhook reply"). */
  onReply(bot: BotState, body: Record<string, unknown>): void;
  now(): number;
}

const MAX_KEPT_DELIVERIES = 200;

/**
 * Posts each queued update to the bot's webhook, one at a time and in order, as Telegram
 * does; an update leaves the queue only after a 2xx answer, otherwise it is redelivered
 * after a growing back-off.
 */
export class WebhookDeliverer {
  private readonly running = new Set<BotState>();
  private readonly closing = new AbortController();
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly timeoutMs: number;

  constructor(
    options: WebhookDeliveryOptions,
    private readonly hooks: WebhookHooks,
  ) {
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 5000;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Starts delivering a bot's queue unless a delivery loop already runs for it. */
  kick(bot: BotState): void {
    if (this.running.has(bot) || this.closing.signal.aborted) return;
    this.running.add(bot);
    void this.deliverQueue(bot).finally(() => {
      this.running.delete(bot);
      if (bot.webhook && bot.updates.length > 0 && !this.closing.signal.aborted) this.kick(bot);
    });
  }

  close(): void {
    this.closing.abort();
  }

  private async deliverQueue(bot: BotState): Promise<void> {
    let failures = 0;
    while (bot.webhook && bot.updates.length > 0 && !this.closing.signal.aborted) {
      const update = bot.updates[0];
      const hook = bot.webhook;
      if (!update) return;
      const delivery = await this.post(bot, hook.url, hook.secretToken, update);
      delivery.updateId = update.update_id;
      bot.webhookDeliveries.push(delivery);
      if (bot.webhookDeliveries.length > MAX_KEPT_DELIVERIES) bot.webhookDeliveries.shift();
      this.hooks.onDelivery(bot, delivery);
      if (delivery.ok) {
        failures = 0;
        if (bot.updates[0] === update) bot.updates.shift();
        continue;
      }
      bot.lastWebhookError = {
        date: Math.floor(delivery.at / 1000),
        message: delivery.error ?? 'Unknown error',
      };
      failures++;
      await sleep(
        Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (failures - 1)),
        this.closing.signal,
      );
    }
  }

  private async post(
    bot: BotState,
    url: string,
    secretToken: string | undefined,
    update: unknown,
  ): Promise<WebhookDelivery> {
    const at = this.hooks.now();
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken !== undefined && { 'x-telegram-bot-api-secret-token': secretToken }),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.closing.signal]),
      });
      const text = await response.text();
      if (!response.ok) {
        return {
          updateId: 0,
          at,
          status: response.status,
          ok: false,
          error: `Wrong response from the webhook: ${response.status} ${response.statusText}`,
        };
      }
      this.handleReply(bot, text);
      return { updateId: 0, at, status: response.status, ok: true };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      const message =
        cause === 'ECONNREFUSED'
          ? 'Connection refused'
          : (error as Error).name === 'TimeoutError'
            ? 'Read timeout expired'
            : `Connection failed: ${(error as Error).message}`;
      return { updateId: 0, at, ok: false, error: message };
    }
  }

  /** grammY (and others) may answer a webhook with `{ method, ...params }`; Telegram executes it. */
  private handleReply(bot: BotState, text: string): void {
    if (text.trim() === '') return;
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === 'object' && typeof (body as { method?: unknown }).method === 'string') {
        this.hooks.onReply(bot, body as Record<string, unknown>);
      }
    } catch {
      // Telegram ignores answers that are not a method call.
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
