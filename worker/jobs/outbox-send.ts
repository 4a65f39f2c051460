import { DelayedError, RateLimitError, UnrecoverableError } from 'bullmq';
import type { Api } from 'grammy';
import { TELEGRAM_TIMEOUT_SECONDS } from '../../bot/api/telegram-timeouts.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { claimSend, markOutboxDone, markOutboxFailed, releaseOutboxLease } from '../../core/outbox/outbox.ts';
import { type OutboxSendPayload, outboxSendPayloadSchema } from '../queues.ts';
import { callTelegram, isRefusal, type TelegramLimits } from '../telegram-limits.ts';

/**
 * Performs one SEND row of the outbox: the Bot API call a committed change owes, exactly as its
 * handler made it (a reply, an edit, a callback answer), when its writer could not (a crash, a group
 * chat handed to the worker).
 *
 * The row is the record: `claimSend` takes it (a row already sent or refused, or held by its writer
 * right now, is not taken), the call is made, the row is marked DONE. A retry, or the same row handed
 * over twice, finds it DONE. The Bot API has no idempotency key, so the window left is a crash between
 * Telegram accepting the call and the DONE write: that one call can be repeated.
 */

/**
 * How long the claim lasts: longer than a Telegram request may take (TELEGRAM_TIMEOUT_SECONDS, 30 s),
 * so nobody else takes the row while this run may still be sending it; not much longer, since a run
 * that died holds its rows that long.
 */
export const SEND_LEASE_MS = (TELEGRAM_TIMEOUT_SECONDS + 5) * 1000;

/** A row held by someone else (its writer, or the relay about to mark it queued) is looked at again this soon. */
export const HELD_RECHECK_MS = 1_000;

export interface OutboxSendDeps {
  prisma: PrismaClient;
  api: Pick<Api, 'raw'>;
  limits: TelegramLimits;
  logger: Logger;
}

export interface OutboxSendJob {
  id?: string | undefined;
  data: unknown;
  moveToDelayed(timestamp: number, token?: string): Promise<void>;
  updateData(data: unknown): Promise<void>;
}

export type OutboxSendResult =
  | { outcome: 'sent' }
  | { outcome: 'already-done' }
  | { outcome: 'refused'; description: string };

/** Set in job.data when the call went through but marking the row did not, so a retry marks instead of resending. */
interface SentStep {
  sent?: true;
}

type RawMethod = (payload: unknown, signal?: AbortSignal) => Promise<unknown>;

const METHOD_NAME = /^[a-zA-Z]{1,64}$/;

export async function handleOutboxSend(
  job: OutboxSendJob,
  deps: OutboxSendDeps,
  token: string | undefined,
  signal?: AbortSignal,
): Promise<OutboxSendResult> {
  const parsed = outboxSendPayloadSchema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid outbox-send payload: ${parsed.error.message}`);
  const payload: OutboxSendPayload = parsed.data;
  const id = BigInt(payload.entryId);
  const { prisma } = deps;
  const log = deps.logger.child({ job_id: job.id, outbox_id: payload.entryId });

  if ((job.data as SentStep).sent === true) {
    await markOutboxDone(prisma, [id]);
    return { outcome: 'sent' };
  }

  const row = await claimSend(prisma, id, SEND_LEASE_MS);
  if (!row) {
    const current = await prisma.outboxEntry.findUnique({
      where: { id },
      select: { kind: true, status: true, leaseUntil: true },
    });
    if (current?.kind === 'JOB') throw new UnrecoverableError(`outbox row ${id} is a job, not a send`);
    if (current?.status === 'PENDING' || current?.status === 'QUEUED') {
      // Held: its writer or another run is sending it, or whoever handed it over (the relay, whose
      // claim holds it) had not marked it queued yet when this run looked. Look again soon; when the
      // holder is done the row is DONE, or queued or free for this run to take.
      const until = Math.min(current.leaseUntil?.getTime() ?? 0, Date.now() + HELD_RECHECK_MS);
      log.debug({ until }, 'send held by someone else; looking again shortly');
      await job.moveToDelayed(Math.max(until, Date.now() + 50), token);
      throw new DelayedError();
    }
    log.debug({ status: current?.status }, 'send already done');
    return { outcome: 'already-done' };
  }

  if (!METHOD_NAME.test(row.name)) {
    await markOutboxFailed(prisma, id, `not a Bot API method: ${row.name}`);
    return { outcome: 'refused', description: `not a Bot API method: ${row.name}` };
  }
  const method = (deps.api.raw as unknown as Record<string, RawMethod>)[row.name];
  if (typeof method !== 'function') {
    await markOutboxFailed(prisma, id, `not a Bot API method: ${row.name}`);
    return { outcome: 'refused', description: `not a Bot API method: ${row.name}` };
  }

  const release = () => releaseOutboxLease(prisma, [id]).catch(() => undefined);
  try {
    await callTelegram(
      { job, token, chatId: row.chatId, limits: deps.limits, logger: log, beforeWait: release },
      () => method(row.payload, signal),
    );
  } catch (error) {
    if (isRefusal(error)) {
      // Too late to answer a callback query, an edit that changes nothing or whose message is gone, a
      // user who blocked the bot: the same call can never succeed.
      await markOutboxFailed(prisma, id, error.description);
      log.info({ method: row.name, description: error.description }, 'send refused by Telegram; not retried');
      return { outcome: 'refused', description: error.description };
    }
    // A rate limit already let go of the row (callTelegram's beforeWait).
    if (error instanceof DelayedError || error instanceof RateLimitError) throw error;
    // Network errors and 5xx: let go, so BullMQ's retry (with backoff) or the relay takes it again.
    await releaseOutboxLease(prisma, [id], String(error)).catch(() => undefined);
    throw error;
  }

  try {
    await markOutboxDone(prisma, [id]);
  } catch (error) {
    log.error({ err: error }, 'sent but not marked done; recording it in the job for the retry');
    await job.updateData({ ...payload, sent: true } satisfies OutboxSendPayload & SentStep);
    throw error;
  }
  log.debug({ method: row.name }, 'outbox send done');
  return { outcome: 'sent' };
}
