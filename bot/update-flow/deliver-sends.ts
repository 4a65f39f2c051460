import { type Api, GrammyError } from 'grammy';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import {
  markOutboxDone,
  markOutboxFailed,
  markOutboxQueued,
  releaseOutboxLease,
  writeSends,
} from '../../core/outbox/outbox.ts';
import { QUEUED_RECHECK_MS } from '../../worker/owed.ts';
import type { JobProducer } from '../../worker/queues.ts';
import type { DeferredCall } from './update-scope.ts';

export interface WrittenSend extends DeferredCall {
  id: bigint;
  chatId: bigint | null;
}

/** In the update's transaction: its sends become outbox rows, leased to this process. */
export async function writeUpdateSends(
  tx: Prisma.TransactionClient,
  /** The update's run (UpdateScope.key). */
  updateKey: string,
  sends: readonly DeferredCall[],
  leaseMs: number,
): Promise<WrittenSend[]> {
  const rows = sends.map((send, i) => ({
    key: `update-${updateKey}-${i}`,
    method: send.method,
    payload: send.payload as Prisma.InputJsonObject,
    chatId: chatIdOf(send),
  }));
  const written = new Map((await writeSends(tx, rows, leaseMs)).map((row) => [row.key, row.id]));
  return rows.flatMap((row, i) => {
    const id = written.get(row.key);
    const send = sends[i];
    return id === undefined || !send ? [] : [{ ...send, id, chatId: row.chatId }];
  });
}

export interface DeliveryDeps {
  api: Api;
  prisma: PrismaClient;
  jobs: JobProducer;
  logger: Logger;
}

/**
 * After the commit. The acting person's own chat is answered at once, in order; a group's sends go
 * to the worker's outbound queue, so a group's 429 (20 messages a minute) never holds this chat's
 * lane or another village's. Anything not delivered here stays in the outbox for the relay. Never
 * rejects: the change is committed whatever happens to its messages.
 */
export async function deliverCommittedSends(
  sends: readonly WrittenSend[],
  deps: DeliveryDeps & { leaseMs: number },
): Promise<void> {
  const started = Date.now();
  // Past the lease the relay may send them too, so the bot stops well before (a 429 waited out can
  // take that long) and leaves the rest to it.
  const inlineDeadlineMs = deps.leaseMs / 2;
  const done: bigint[] = [];
  const leftOver: bigint[] = [];
  const toGroups = sends.filter((send) => send.chatId !== null && send.chatId < 0n);
  for (const send of sends) {
    if (send.chatId !== null && send.chatId < 0n) continue;
    if (Date.now() - started > inlineDeadlineMs) {
      leftOver.push(send.id);
      continue;
    }
    const outcome = await callApi(deps, send);
    if (outcome === 'sent') done.push(send.id);
    else if (outcome === 'retry') leftOver.push(send.id);
    else await markOutboxFailed(deps.prisma, send.id, outcome.refused).catch(() => undefined);
  }
  try {
    if (toGroups.length > 0) {
      await deps.jobs.addOutboxRows(
        toGroups.map((send) => ({ ...send, kind: 'SEND' as const, name: send.method })),
      );
      await markOutboxQueued(
        deps.prisma,
        toGroups.map((send) => send.id),
        QUEUED_RECHECK_MS,
      );
    }
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not hand group sends to the worker; the relay will');
    leftOver.push(...toGroups.map((send) => send.id));
  }
  try {
    await markOutboxDone(deps.prisma, done);
    await releaseOutboxLease(deps.prisma, leftOver);
  } catch (error) {
    // Sent but not marked: the relay sends them again after the lease. Rare (the database just committed).
    deps.logger.error({ err: error, count: done.length }, 'could not mark sends delivered');
  }
}

/** A read-only update's answer: nothing was committed, so nothing is kept; sent in order, failures logged. */
export async function sendNow(
  calls: readonly DeferredCall[],
  deps: Pick<DeliveryDeps, 'api' | 'logger'>,
): Promise<void> {
  for (const call of calls) await callApi(deps, call);
}

type CallOutcome = 'sent' | 'retry' | { refused: string };

async function callApi(deps: Pick<DeliveryDeps, 'api' | 'logger'>, call: DeferredCall): Promise<CallOutcome> {
  try {
    const raw = deps.api.raw as unknown as Record<string, (payload: unknown) => Promise<unknown>>;
    const method = raw[call.method];
    if (!method) return { refused: `unknown Bot API method ${call.method}` };
    await method(call.payload);
    return 'sent';
  } catch (error) {
    if (error instanceof GrammyError && error.error_code !== 429 && error.error_code < 500) {
      // Refused for good (blocked, too old a callback query, an edit with no change): repeating cannot help.
      deps.logger.warn(
        { method: call.method, error_code: error.error_code, description: error.description },
        'send refused',
      );
      return { refused: error.description };
    }
    deps.logger.warn({ method: call.method, err: error }, 'send failed; left to the relay');
    return 'retry';
  }
}

function chatIdOf(call: DeferredCall): bigint | null {
  const chatId = call.payload.chat_id;
  if (typeof chatId === 'number' && Number.isSafeInteger(chatId)) return BigInt(chatId);
  if (typeof chatId === 'string' && /^-?\d+$/.test(chatId)) return BigInt(chatId);
  return null;
}
