import type { Db } from '../db/client.ts';

/**
 * The private ballots a launch sends, one `notify` per elector: their dedupe key names the vote and
 * the member, so a launch retried sends each once, and the progress message counts them by prefix in
 * OutboundMessage (where notify records each send as `notify:<dedupeKey>`).
 */
export const voteInviteKey = (voteId: number, memberId: number) => `vote-${voteId}-invite-${memberId}`;
const outboundPrefix = (voteId: number) => `notify:vote-${voteId}-invite-`;

export interface FanoutProgress {
  sent: number;
  failed: number;
  total: number;
  secretaryUserId: bigint;
  progressMessageId: number | null;
  status: string;
  opensAt: Date;
}

/** How far the ballots of a vote have gone: sent, failed for good (blocked the bot, refused), of all electors. */
export async function loadFanoutProgress(db: Db, voteId: number): Promise<FanoutProgress | undefined> {
  const vote = await db.vote.findUnique({
    where: { id: voteId },
    select: {
      progressMessageId: true,
      status: true,
      opensAt: true,
      createdBy: { select: { userId: true } },
      _count: { select: { electors: true } },
    },
  });
  if (!vote) return undefined;
  const rows = await db.outboundMessage.groupBy({
    by: ['status'],
    where: { key: { startsWith: outboundPrefix(voteId) } },
    _count: { _all: true },
  });
  const count = (statuses: string[]) =>
    rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + row._count._all, 0);
  return {
    sent: count(['SENT']),
    failed: count(['UNREACHABLE', 'FAILED']),
    total: vote._count.electors,
    secretaryUserId: vote.createdBy.userId,
    progressMessageId: vote.progressMessageId,
    status: vote.status,
    opensAt: vote.opensAt,
  };
}

/** The progress message, once: a conditional update, so of two runs that both sent, one is recorded. */
export async function recordProgressMessage(
  db: Db,
  voteId: number,
  chatId: bigint,
  messageId: number,
): Promise<boolean> {
  const { count } = await db.vote.updateMany({
    where: { id: voteId, progressMessageId: null },
    data: { progressChatId: chatId, progressMessageId: messageId },
  });
  return count === 1;
}
