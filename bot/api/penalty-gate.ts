import type { Transformer } from 'grammy';
import type { PenaltyBoard } from './penalty-board.ts';

/** Methods Telegram counts against its message limits. */
const LIMITED = /^(send|edit|copy|forward)/;

/**
 * Keeps every request out of a 429 penalty window. Telegram extends the window for each request
 * made inside it, so independent retries (one per chat being handled) can keep a bot-wide window
 * open forever. The gate makes them wait together: a 429 closes that chat until `retry_after` has
 * passed, and when a second chat is refused while one is closed, the limit is evidently bot-wide
 * and every chat waits. Installed before auto-retry, so each retry passes through it too.
 * With a board, windows other processes met on a chat (the worker's, another bot's) are kept too.
 */
export function createPenaltyGate(clock: { now(): number } = Date, board?: PenaltyBoard): Transformer {
  const chatUntil = new Map<string, number>();
  let globalUntil = 0;

  return async (prev, method, payload, signal) => {
    if (!LIMITED.test(method)) return prev(method, payload, signal);
    const chat = String((payload as { chat_id?: unknown }).chat_id ?? '');
    for (;;) {
      const wait = Math.max(globalUntil, chatUntil.get(chat) ?? 0) - clock.now();
      if (wait > 0) {
        await sleep(wait, signal);
        continue;
      }
      const posted = board && chat ? board.remainingMs(chat) : 0;
      if (posted <= 0) break;
      chatUntil.set(chat, clock.now() + posted);
    }
    const result = await prev(method, payload, signal);
    const retryAfter = result.ok ? undefined : result.parameters?.retry_after;
    if (typeof retryAfter === 'number') {
      const now = clock.now();
      const until = now + retryAfter * 1000;
      for (const [key, value] of chatUntil) if (value <= now) chatUntil.delete(key);
      const anotherChatClosed = [...chatUntil.keys()].some((key) => key !== chat);
      chatUntil.set(chat, Math.max(chatUntil.get(chat) ?? 0, until));
      if (anotherChatClosed) globalUntil = Math.max(globalUntil, until);
      if (board && chat) await board.close(chat, retryAfter * 1000, { botWide: anotherChatClosed });
    }
    return result;
  };
}

function sleep(ms: number, signal?: Parameters<Transformer>[3]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(new Error('request aborted while waiting out a rate limit'));
    }
    signal?.addEventListener('abort', abort);
  });
}
