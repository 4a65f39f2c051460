import type { TalkStatus } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import type { TalkItemRow } from './load-item.ts';
import { nextStatus, type TalkAction } from './talk-states.ts';

/**
 * Moves an item along the state machine and records who did it. The UPDATE re-checks the status
 * it read, so two people acting at once cannot both win: the second gets a clear refusal.
 */
export async function applyTransition(
  db: Db,
  input: {
    item: TalkItemRow;
    action: TalkAction;
    actorId: number | null;
    reason?: string;
    data?: { round?: number };
  },
): Promise<TalkStatus> {
  const { item, action } = input;
  const to = nextStatus(item.status, action);
  if (!to) throw new DomainError('talk-illegal-transition', { number: item.number, status: item.status });
  const updated = await db.talkItem.updateMany({
    where: { id: item.id, status: item.status },
    data: { status: to, ...(input.data?.round !== undefined ? { round: input.data.round } : {}) },
  });
  if (updated.count !== 1)
    throw new DomainError('talk-illegal-transition', { number: item.number, status: item.status });
  // A reassignment keeps ASSIGNED but is worth its line in the history (who, to whom, by when).
  if (to !== item.status || action === 'reassign') {
    await db.talkStatusChange.create({
      data: {
        itemId: item.id,
        fromStatus: item.status,
        toStatus: to,
        actorId: input.actorId,
        reason: input.reason ?? null,
      },
    });
  }
  return to;
}
