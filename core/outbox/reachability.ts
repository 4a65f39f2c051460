import type { Db } from '../db/client.ts';

const REFUSED = /Forbidden: (bot was blocked by the user|user is deactivated)/;

/**
 * Whether the last thing sent to a private chat was refused because the person blocked the bot (or
 * deleted their account): then asking them something in private would go nowhere. Reads the two
 * records of sends (notices, and calls a handler made); a send that got through since clears it.
 */
export async function isPrivateChatRefusing(db: Db, chatId: bigint): Promise<boolean> {
  const [notice, call] = await Promise.all([
    db.outboundMessage.findFirst({
      where: { chatId, status: { in: ['SENT', 'UNREACHABLE'] } },
      orderBy: { id: 'desc' },
      select: { status: true, createdAt: true },
    }),
    db.outboxEntry.findFirst({
      where: { chatId, kind: 'SEND', status: { in: ['DONE', 'FAILED'] } },
      orderBy: { id: 'desc' },
      select: { status: true, lastError: true, createdAt: true },
    }),
  ]);
  const latest = [
    notice && { refused: notice.status === 'UNREACHABLE', at: notice.createdAt },
    call && { refused: call.status === 'FAILED' && REFUSED.test(call.lastError ?? ''), at: call.createdAt },
  ]
    .filter((x): x is { refused: boolean; at: Date } => Boolean(x))
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  return latest?.refused ?? false;
}
