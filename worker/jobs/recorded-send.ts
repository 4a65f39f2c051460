import { DelayedError, RateLimitError } from 'bullmq';
import type { Api } from 'grammy';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { callTelegram, isRefusal, type TelegramLimits } from '../telegram-limits.ts';

/**
 * A send that must not repeat (a post in a village group), recorded in OutboundMessage: the record
 * is created, locked for the length of the call, and marked SENT in the commit that also records
 * what the post is for. Shared by the talk group posts and the points rule announcements.
 */

/** A post may wait this long for Telegram while holding its record's lock (Telegram requests time out at 30 s). */
export const POST_TRANSACTION_TIMEOUT_MS = 45_000;

/** The part of a BullMQ job a recorded send uses: its data, where a sent-but-unrecorded message id is kept. */
export interface RecordedSendJob {
  data: unknown;
  updateData(data: unknown): Promise<void>;
}

/** Message ids sent but not yet recorded, by record key: kept in job.data so a retry records instead of resending. */
interface SentSteps {
  sent?: Record<string, number>;
}

export type SendOutcome =
  | { outcome: 'sent'; messageId: number }
  | { outcome: 'already-done'; messageId: number }
  | { outcome: 'refused'; description: string };

/**
 * A send that must not repeat, recorded in OutboundMessage under `key`: the record is created, then
 * locked for the call (a concurrent run of the same step waits, then finds it SENT), and marked SENT
 * with the message id in the commit that also runs `record`.
 */
export async function sendOnce(
  prisma: PrismaClient,
  job: RecordedSendJob,
  step: {
    key: string;
    chatId: bigint;
    send: (tx: Prisma.TransactionClient) => Promise<number>;
    alreadyDone?: (tx: Prisma.TransactionClient) => Promise<number | undefined>;
    record?: (tx: Prisma.TransactionClient, messageId: number) => Promise<void>;
  },
): Promise<SendOutcome> {
  const { key } = step;
  await prisma.outboundMessage.createMany({ data: { key, chatId: step.chatId }, skipDuplicates: true });
  const earlier = (job.data as SentSteps).sent?.[key];
  let sentId: number | undefined;
  try {
    return await prisma.$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ status: string; messageId: bigint | null }[]>`
          SELECT status::text AS status, "messageId" FROM "OutboundMessage" WHERE key = ${key} FOR UPDATE`;
        const done = await step.alreadyDone?.(tx);
        if (done !== undefined) return { outcome: 'already-done' as const, messageId: done };
        if (row?.status === 'SENT' && row.messageId !== null) {
          return { outcome: 'already-done' as const, messageId: Number(row.messageId) };
        }
        try {
          sentId = earlier ?? (await step.send(tx));
        } catch (error) {
          if (!isRefusal(error)) throw error;
          await tx.outboundMessage.update({
            where: { key },
            data: { status: 'FAILED', error: error.description },
          });
          return { outcome: 'refused' as const, description: error.description };
        }
        await tx.outboundMessage.update({
          where: { key },
          data: { status: 'SENT', messageId: BigInt(sentId), sentAt: new Date(), error: null },
        });
        await step.record?.(tx, sentId);
        return { outcome: 'sent' as const, messageId: sentId };
      },
      { timeout: POST_TRANSACTION_TIMEOUT_MS },
    );
  } catch (error) {
    if (sentId !== undefined && !(error instanceof DelayedError) && !(error instanceof RateLimitError)) {
      // Posted, but the commit that records it failed: the retry records this id instead of posting again.
      const data = job.data as SentSteps & Record<string, unknown>;
      await job.updateData({ ...data, sent: { ...data.sent, [key]: sentId } });
    }
    throw error;
  }
}

export type GroupPostOutcome =
  | { outcome: 'posted' | 'already-posted'; messageId: number }
  | { outcome: 'refused'; description: string };

/**
 * A text posted once to a village group (a recorded send under `key`), within Telegram's limits: what
 * the points announcements share. `record` runs in the commit that marks the post sent.
 */
export async function postTextOnce(
  deps: { prisma: PrismaClient; api: Pick<Api, 'sendMessage'>; limits: TelegramLimits },
  job: RecordedSendJob & {
    id?: string | undefined;
    moveToDelayed(timestamp: number, token?: string): Promise<void>;
  },
  token: string | undefined,
  log: Logger,
  post: {
    key: string;
    chatId: bigint;
    text: string;
    record?: (tx: Prisma.TransactionClient, messageId: number) => Promise<void>;
  },
): Promise<GroupPostOutcome> {
  const { chatId, text } = post;
  const call = { job, token, chatId, limits: deps.limits, logger: log };
  const step = await sendOnce(deps.prisma, job, {
    key: post.key,
    chatId,
    send: () => callTelegram(call, async () => (await deps.api.sendMessage(Number(chatId), text)).message_id),
    ...(post.record && { record: post.record }),
  });
  if (step.outcome === 'refused') {
    log.warn(
      { description: step.description, key: post.key },
      'Telegram refused the group post; not retried',
    );
    return step;
  }
  return { outcome: step.outcome === 'sent' ? 'posted' : 'already-posted', messageId: step.messageId };
}
