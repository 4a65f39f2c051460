import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { setTimers, timerRowKey } from '../schedule/timers.ts';

/** The hour (village time) at which each day's checkpoint is published: evening, when people read the group. */
export const CHECKPOINT_HOUR = 20;

/** The next checkpoint strictly after `now`, in the village's time zone: its day and its moment. */
export function nextCheckpoint(timezone: string, now: Date): { day: string; dueAt: Date } {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  let at = local.set({ hour: CHECKPOINT_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ days: 1 });
  return { day: at.toISODate() ?? '', dueAt: at.toJSDate() };
}

/** The daily checkpoint timer's intent: one per village and day. */
export const checkpointKey = (villageId: number, day: string) => `checkpoint-${villageId}-${day}`;

/**
 * A village's first ledger entry starts its daily checkpoints: the first timer is written in the
 * append's transaction (the reconciler hands it to BullMQ when due), and each firing sets the next
 * (worker/timers/points-timers.ts). A village without entries has nothing to publish and no timer.
 */
export async function startCheckpoints(
  db: Db,
  villageId: number,
  timezone: string,
  now: Date,
): Promise<void> {
  const next = nextCheckpoint(timezone, now);
  const dedupeKey = checkpointKey(villageId, next.day);
  await setTimers(db, [
    {
      key: timerRowKey('points-checkpoint', dedupeKey),
      job: 'points-checkpoint',
      payload: { dedupeKey, villageId },
      dueAt: next.dueAt,
    },
  ]);
}

/**
 * Records today's checkpoint of a village's chain, its head as it is now, unless nothing was appended
 * since the last one (or the chain is empty). Returns the new checkpoint's id, for its group post.
 * Run inside the transaction of the timer that publishes it.
 */
export async function recordCheckpoint(db: Db, villageId: number): Promise<number | undefined> {
  const head = await db.ledgerHead.findUnique({ where: { villageId } });
  if (!head || head.nextSequence <= 1) return undefined;
  const sequence = head.nextSequence - 1;
  const [created] = await db.ledgerCheckpoint.createManyAndReturn({
    data: { villageId, sequence, hash: head.lastHash },
    skipDuplicates: true,
    select: { id: true },
  });
  return created?.id;
}

/** What a checkpoint's group post says, and where it goes. */
export async function loadCheckpointPost(db: Db, checkpointId: number) {
  return db.ledgerCheckpoint.findUnique({
    where: { id: checkpointId },
    select: {
      id: true,
      sequence: true,
      hash: true,
      groupMessageId: true,
      village: { select: { name: true, groupChatId: true } },
    },
  });
}
