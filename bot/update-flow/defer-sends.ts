import { InputFile, type Transformer } from 'grammy';
import type { UpdateScope } from './update-scope.ts';

/**
 * Holds every Bot API call a handler makes that changes something (send, edit, delete, answer…)
 * until the update's outcome is known, so nothing reaches Telegram while its transaction is open, a
 * refusal sends only the refusal, and a retried update does not repeat what it said. The dispatcher
 * then writes the calls to the outbox with the update's changes and sends them after the commit
 * (deliver-sends.ts). Reads (`get…`) go through at once.
 *
 * The handler gets a placeholder result, not Telegram's: code that needs what a send returns (a group
 * post's message id) owes a job instead, which sends and records it.
 *
 * Installed on each update's own `ctx.api` (grammY makes one per update, with bot.api's transformers)
 * by the first middleware, last, so it runs before auto-retry and the penalty gate.
 */
export function deferSends(scope: UpdateScope): Transformer {
  return async (prev, method, payload, signal) => {
    if (!scope.deferring || method.startsWith('get')) return prev(method, payload, signal);
    assertStorable(method, payload);
    scope.sends.push({ method, payload: { ...(payload as Record<string, unknown>) } });
    // biome-ignore lint/suspicious/noExplicitAny: a placeholder standing in for any method's result.
    return { ok: true, result: placeholderResult(method, payload) as any };
  };
}

function placeholderResult(method: string, payload: unknown): unknown {
  if (!/^(send|copyMessage$|forwardMessage$)/.test(method)) return true;
  const chatId = (payload as { chat_id?: number | string }).chat_id ?? 0;
  return { message_id: 0, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private' } };
}

/** The outbox keeps calls as JSON: a file upload cannot wait there (send it from a job). */
function assertStorable(method: string, payload: unknown): void {
  const visit = (value: unknown): void => {
    if (value instanceof InputFile) {
      throw new Error(`${method}: a file upload cannot be deferred to the outbox; send it from a job`);
    }
    if (value && typeof value === 'object') for (const inner of Object.values(value)) visit(inner);
  };
  visit(payload);
}
