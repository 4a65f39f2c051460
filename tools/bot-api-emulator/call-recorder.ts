import type { EventHub } from './events.ts';

export interface RecordedCall {
  seq: number;
  /** When the answer was given (ms since epoch). */
  time: number;
  durationMs: number;
  method: string;
  token: string;
  botId: number;
  chatId?: number;
  /** Parameters as received; uploads replaced by `{ upload, fileName, contentType, size }`. */
  params: Record<string, unknown>;
  ok: boolean;
  result?: unknown;
  errorCode?: number;
  description?: string;
  retryAfter?: number;
  /** The request arrived while its chat (or the bot) was in a 429 penalty window. */
  inPenaltyWindow: boolean;
  /** Made as the body of a webhook answer rather than an HTTP request. */
  viaWebhookReply?: boolean;
}

export interface CallFilter {
  /** A bot's token, or its numeric id as a string or number. */
  bot?: string | number;
  chatId?: number;
  /** Method name(s), case-insensitive. */
  method?: string | string[];
  /** Only calls with seq greater than this. */
  sinceSeq?: number;
  ok?: boolean;
  errorCode?: number;
}

export class CallTimeoutError extends Error {}

/** The log of every Bot API call, with waiters for calls that have not happened yet. */
export class CallRecorder {
  private readonly calls: RecordedCall[] = [];
  private seq = 0;

  constructor(private readonly events: EventHub) {}

  get lastSeq(): number {
    return this.seq;
  }

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded = { seq: ++this.seq, ...call };
    this.calls.push(recorded);
    this.events.emit({ type: 'call', call: recorded });
    return recorded;
  }

  list(filter: CallFilter = {}): RecordedCall[] {
    return this.calls.filter((call) => matches(call, filter));
  }

  /** The first call (already recorded or future) matching the filter; rejects after timeoutMs. */
  waitFor(filter: CallFilter, timeoutMs: number): Promise<RecordedCall> {
    const existing = this.calls.find((call) => matches(call, filter));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new CallTimeoutError(`no call matching ${JSON.stringify(filter)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.events.subscribe((event) => {
        if (event.type !== 'call' || !matches(event.call, filter)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event.call);
      });
    });
  }

  /** Forgets recorded calls; seq keeps counting so `sinceSeq` filters stay meaningful. */
  clear(): void {
    this.calls.length = 0;
  }
}

function matches(call: RecordedCall, filter: CallFilter): boolean {
  if (filter.sinceSeq !== undefined && call.seq <= filter.sinceSeq) return false;
  if (filter.chatId !== undefined && call.chatId !== filter.chatId) return false;
  if (filter.ok !== undefined && call.ok !== filter.ok) return false;
  if (filter.errorCode !== undefined && call.errorCode !== filter.errorCode) return false;
  if (filter.bot !== undefined) {
    const bot = String(filter.bot);
    if (call.token !== bot && String(call.botId) !== bot) return false;
  }
  if (filter.method !== undefined) {
    const wanted = (Array.isArray(filter.method) ? filter.method : [filter.method]).map((m) =>
      m.toLowerCase(),
    );
    if (!wanted.includes(call.method.toLowerCase())) return false;
  }
  return true;
}
