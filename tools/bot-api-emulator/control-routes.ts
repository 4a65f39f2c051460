import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './bot-api-routes.ts';
import type { ChatBlock } from './bot-state.ts';
import type { CallFilter } from './call-recorder.ts';
import { CallTimeoutError } from './call-recorder.ts';
import type { EmulatorControl, FailMethodOptions, InjectMessageInput, PressButtonInput } from './control.ts';
import { ControlError } from './emulator-core.ts';
import type { EventStream } from './event-stream.ts';
import type { RateLimitOptions } from './rate-limiter.ts';
import { readBody } from './request-body.ts';
import type { GroupSpec, UserSpec } from './update-factory.ts';

export const CONTROL_PREFIX = '/__emulator';

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

type Json = Record<string, unknown>;
interface RouteInput {
  params: string[];
  query: URLSearchParams;
  body: Json;
}
type Route = [method: string, pattern: RegExp, handle: (input: RouteInput) => unknown];

/** The control API under `/__emulator/`: the same operations as EmulatorControl, as JSON over HTTP. */
export function createControlRoutes(control: EmulatorControl, stream: EventStream) {
  const selector = (source: Json | URLSearchParams) => {
    const bot = source instanceof URLSearchParams ? source.get('bot') : source.bot;
    return bot === undefined || bot === null || bot === '' ? {} : { bot: bot as string | number };
  };
  const chatIdOf = (params: string[]) => Number(params[0]);

  const routes: Route[] = [
    ['GET', /^\/health$/, () => ({ ok: true, bots: control.pendingUpdates() })],
    ['GET', /^\/calls$/, ({ query }) => ({ calls: control.calls(filterFromQuery(query)) })],
    ['GET', /^\/calls\/last-seq$/, () => ({ seq: control.lastSeq() })],
    [
      'POST',
      /^\/calls\/wait$/,
      async ({ body }) => ({
        call: await control.waitForCall((body.filter ?? {}) as CallFilter, Number(body.timeoutMs ?? 5000)),
      }),
    ],
    ['POST', /^\/messages$/, ({ body }) => control.injectMessage(body as unknown as InjectMessageInput)],
    ['POST', /^\/callback-queries$/, ({ body }) => control.pressButton(body as unknown as PressButtonInput)],
    [
      'GET',
      /^\/callback-queries\/([^/]+)$/,
      ({ params, query }) => ({
        callbackQuery: control.callbackQuery(params[0] as string, selector(query)) ?? null,
      }),
    ],
    ['POST', /^\/updates$/, ({ body }) => control.injectUpdate((body.update ?? {}) as Json, selector(body))],
    [
      'POST',
      /^\/chats$/,
      ({ body }) => ({
        chat: control.addChat(body as ({ user: UserSpec } | { group: GroupSpec }) & { bot?: string }).chat,
      }),
    ],
    [
      'GET',
      /^\/chats\/(-?\d+)\/messages$/,
      ({ params, query }) => ({
        messages: control.chatMessages(chatIdOf(params), {
          ...selector(query),
          includeDeleted: query.get('includeDeleted') !== 'false',
        }),
      }),
    ],
    [
      'POST',
      /^\/chats\/(-?\d+)\/block$/,
      ({ params, body }) => {
        control.blockChat(
          chatIdOf(params),
          (body.reason as ChatBlock | undefined) ?? 'blocked',
          selector(body),
        );
        return { ok: true };
      },
    ],
    [
      'POST',
      /^\/chats\/(-?\d+)\/unblock$/,
      ({ params, body }) => {
        control.unblockChat(chatIdOf(params), selector(body));
        return { ok: true };
      },
    ],
    [
      'POST',
      /^\/chats\/(-?\d+)\/force-429$/,
      ({ params, body }) => {
        control.force429(chatIdOf(params), Number(body.count ?? 1), Number(body.retryAfter ?? 1), {
          ...selector(body),
          penalize: body.penalize === true,
        });
        return { ok: true };
      },
    ],
    [
      'POST',
      /^\/faults$/,
      ({ body }) => {
        if (typeof body.method !== 'string' || body.method === '')
          throw new ControlError(400, 'method is required');
        control.failMethod(body.method, body as FailMethodOptions);
        return { ok: true };
      },
    ],
    [
      'POST',
      /^\/faults\/clear$/,
      ({ body }) => {
        control.clearFaults(typeof body.method === 'string' ? body.method : undefined, selector(body));
        return { ok: true };
      },
    ],
    [
      'PUT',
      /^\/rate-limits$/,
      ({ body }) => {
        control.configureRateLimits(
          body.enabled === false && Object.keys(body).length === 1 ? false : (body as RateLimitOptions),
        );
        return { ok: true };
      },
    ],
    [
      'PUT',
      /^\/latency$/,
      ({ body }) => {
        control.setLatency(
          Number(body.ms ?? 0),
          Array.isArray(body.methods) ? body.methods.map(String) : undefined,
        );
        return { ok: true };
      },
    ],
    [
      'GET',
      /^\/commands$/,
      ({ query }) => ({ commands: control.botCommands(query.get('languageCode') ?? '', selector(query)) }),
    ],
    ['GET', /^\/pending-updates$/, () => ({ bots: control.pendingUpdates() })],
    ['GET', /^\/paid-broadcasts$/, ({ query }) => control.paidBroadcasts(selector(query))],
    ['GET', /^\/webhook$/, ({ query }) => control.webhookState(selector(query))],
    [
      'POST',
      /^\/reset$/,
      () => {
        control.reset();
        return { ok: true };
      },
    ],
  ];

  return async function handleControlRequest(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ): Promise<boolean> {
    if (!url.pathname.startsWith(`${CONTROL_PREFIX}/`)) return false;
    const path = url.pathname.slice(CONTROL_PREFIX.length);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, CORS_HEADERS);
      res.end();
      return true;
    }
    if (req.method === 'GET' && path === '/events') {
      stream.open(res, CORS_HEADERS);
      return true;
    }
    for (const [method, pattern, handle] of routes) {
      const match = pattern.exec(path);
      if (!match || method !== req.method) continue;
      try {
        const raw = req.method === 'GET' ? Buffer.alloc(0) : await readBody(req, 64 * 1024 * 1024);
        const body = raw.length === 0 ? {} : (JSON.parse(raw.toString('utf8')) as Json);
        const result = await handle({ params: match.slice(1), query: url.searchParams, body });
        reply(res, 200, result);
      } catch (error) {
        if (error instanceof ControlError) reply(res, error.status, { error: error.message });
        else if (error instanceof CallTimeoutError) reply(res, 408, { error: error.message });
        else if (error instanceof SyntaxError)
          reply(res, 400, { error: `invalid JSON body: ${error.message}` });
        else reply(res, 500, { error: String(error) });
      }
      return true;
    }
    reply(res, 404, { error: `no control route ${req.method} ${url.pathname}` });
    return true;
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) res.setHeader(name, value);
  sendJson(res, status, body);
}

function filterFromQuery(query: URLSearchParams): CallFilter {
  const filter: CallFilter = {};
  const bot = query.get('bot');
  const chatId = query.get('chatId');
  const method = query.get('method');
  const sinceSeq = query.get('sinceSeq');
  const ok = query.get('ok');
  if (bot) filter.bot = bot;
  if (chatId) filter.chatId = Number(chatId);
  if (method) filter.method = method.split(',');
  if (sinceSeq) filter.sinceSeq = Number(sinceSeq);
  if (ok === 'true' || ok === 'false') filter.ok = ok === 'true';
  return filter;
}
