import { applyFinalAward } from '../../core/points/awards.ts';
import { checkpointKey, nextCheckpoint, recordCheckpoint } from '../../core/points/checkpoints.ts';
import { shortHash } from '../../core/points/ledger-hash.ts';
import { nameWeeklyStars, nextStars, weeklyStarsKey } from '../../core/points/weekly-stars.ts';
import type { TimerWork } from './timer-work.ts';

/**
 * An approved award's appeal window has ended: it is applied to the ledger, and its member hears how
 * many points, why, and the entry's sequence and short hash (their own witness of the chain), in the
 * timer's transaction. An award rejected or under appeal since is left alone.
 */
export const applyAward: TimerWork<'points-award-final'> = async (tx, owed, { awardId }, { now }) => {
  const applied = await applyFinalAward(tx, { awardId, now });
  if (applied.outcome === 'wait') return { outcome: 'wait', until: applied.until };
  if (applied.outcome === 'skip') return { outcome: 'skipped', reason: applied.reason };
  await owed.job(tx, 'notify', {
    dedupeKey: `points-award-${awardId}-applied`,
    memberId: applied.memberId,
    message: {
      key: 'points-notice-applied',
      params: {
        points: applied.points > 0 ? `+${applied.points}` : String(applied.points),
        reason: applied.reason,
        sequence: applied.entry.sequence,
        hash: shortHash(applied.entry.hash),
      },
    },
  });
  return { outcome: 'sent', notified: [applied.memberId] };
};

/**
 * A village's evening checkpoint: its chain head as it is now is recorded (unless nothing was
 * appended since the last) and owed as a post to the village group, the public witness; the next
 * day's timer is set in the same transaction, so the daily round never stops nor doubles.
 */
export const publishCheckpoint: TimerWork<'points-checkpoint'> = async (tx, owed, { villageId }, { now }) => {
  const village = await tx.village.findUnique({ where: { id: villageId }, select: { timezone: true } });
  if (!village) return { outcome: 'skipped', reason: 'village-missing' };
  const next = nextCheckpoint(village.timezone, now);
  await owed.timer(
    tx,
    'points-checkpoint',
    { dedupeKey: checkpointKey(villageId, next.day), villageId },
    next.dueAt,
  );
  const checkpointId = await recordCheckpoint(tx, villageId);
  if (checkpointId === undefined) return { outcome: 'skipped', reason: 'nothing-new' };
  await owed.job(tx, 'points-checkpoint-post', { dedupeKey: `checkpoint-${checkpointId}`, checkpointId });
  return { outcome: 'sent', notified: [] };
};

/**
 * Monday 09:00 in the village: last week's stars are named (once: the rows are unique per week and
 * member), announced in the village group and told privately, warmly; next Monday's timer is set in
 * the same transaction. A week nobody earned points names nobody and says nothing.
 */
export const nameStars: TimerWork<'points-weekly-stars'> = async (
  tx,
  owed,
  { villageId, weekStart },
  { now },
) => {
  const village = await tx.village.findUnique({ where: { id: villageId }, select: { timezone: true } });
  if (!village) return { outcome: 'skipped', reason: 'village-missing' };
  const next = nextStars(village.timezone, now);
  await owed.timer(
    tx,
    'points-weekly-stars',
    { dedupeKey: weeklyStarsKey(villageId, next.weekStart), villageId, weekStart: next.weekStart },
    next.dueAt,
  );
  const stars = await nameWeeklyStars(tx, { villageId, weekStart });
  if (stars.length === 0) return { outcome: 'skipped', reason: 'no-stars' };
  await owed.job(tx, 'points-stars-post', {
    dedupeKey: `stars-${villageId}-${weekStart}`,
    villageId,
    weekStart,
  });
  await owed.jobs(
    tx,
    'notify',
    stars.map((star) => ({
      dedupeKey: `stars-${villageId}-${weekStart}-member-${star.memberId}`,
      memberId: star.memberId,
      message: { key: 'points-notice-star', params: { rank: star.rank, points: star.points } },
    })),
  );
  return { outcome: 'sent', notified: stars.map((star) => star.memberId) };
};
