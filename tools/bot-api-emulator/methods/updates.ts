import { badRequest, conflict, ERRORS } from '../api-error.ts';
import type { MethodHandler } from './context.ts';

const getMe: MethodHandler = (ctx) => ctx.bot.info;

const getUpdates: MethodHandler = async (ctx) => {
  const { bot, params } = ctx;
  if (bot.webhook) throw conflict(ERRORS.webhookActive);
  if (bot.isPolling) {
    // A poller that aborts its poll and polls again at once is not a second poller, but this request
    // can be read before the socket close that ends the first one: let pending closes land first.
    await new Promise((resolve) => setTimeout(resolve, 1));
    if (bot.webhook) throw conflict(ERRORS.webhookActive);
  }
  // As Telegram: any getUpdates, whatever its timeout, ends a poll still waiting with 409.
  bot.terminatePoll(conflict(ERRORS.otherGetUpdates));
  bot.confirm(params.int('offset'));
  const limit = Math.min(100, Math.max(1, params.int('limit') ?? 100));
  const timeoutSeconds = Math.max(0, params.int('timeout') ?? 0);
  if (bot.updates.length === 0 && timeoutSeconds > 0) {
    await bot.waitForUpdates(timeoutSeconds * 1000, ctx.signal);
    if (bot.webhook) throw conflict(ERRORS.webhookActive);
  }
  return bot.updates.slice(0, limit);
};

const setWebhook: MethodHandler = (ctx) => {
  const { bot, params } = ctx;
  const url = params.string('url') ?? '';
  if (url === '') {
    ctx.trace.description = bot.webhook ? 'Webhook was deleted' : 'Webhook is already deleted';
    bot.webhook = undefined;
    return true;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badRequest('bad webhook: invalid webhook URL specified');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw badRequest('bad webhook: An HTTPS URL must be provided for webhook');
  }
  const secretToken = params.string('secret_token');
  if (secretToken !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secretToken)) {
    throw badRequest('secret token contains unallowed characters');
  }
  const allowedUpdates = params.json<string[]>('allowed_updates', "can't parse allowed_updates JSON array");
  if (params.bool('drop_pending_updates')) bot.updates.length = 0;
  const wasSame = bot.webhook?.url === url;
  bot.webhook = {
    url,
    maxConnections: params.int('max_connections') ?? 40,
    setAt: ctx.env.now(),
    ...(secretToken !== undefined && { secretToken }),
    ...(allowedUpdates !== undefined && { allowedUpdates }),
  };
  bot.terminatePoll(conflict(ERRORS.webhookActive));
  ctx.trace.description = wasSame ? 'Webhook is already set' : 'Webhook was set';
  ctx.env.kickWebhook(bot);
  return true;
};

const deleteWebhook: MethodHandler = (ctx) => {
  const { bot } = ctx;
  ctx.trace.description = bot.webhook ? 'Webhook was deleted' : 'Webhook is already deleted';
  bot.webhook = undefined;
  if (ctx.params.bool('drop_pending_updates')) bot.updates.length = 0;
  return true;
};

const getWebhookInfo: MethodHandler = (ctx) => {
  const { bot } = ctx;
  const hook = bot.webhook;
  return {
    url: hook?.url ?? '',
    has_custom_certificate: false,
    pending_update_count: bot.updates.length,
    ...(hook && { max_connections: hook.maxConnections, ip_address: '127.0.0.1' }),
    ...(hook?.allowedUpdates && { allowed_updates: hook.allowedUpdates }),
    ...(bot.lastWebhookError && {
      last_error_date: bot.lastWebhookError.date,
      last_error_message: bot.lastWebhookError.message,
    }),
  };
};

export const updateMethods: Record<string, MethodHandler> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
};
