import { DateTime } from 'luxon';
import type { Db } from '../db/client.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { setTimers, timerRowKey } from '../schedule/timers.ts';

/** Monday, 09:00 village time: last week's stars are named when the week's work begins. */
export const STARS_WEEKDAY = 1;
export const STARS_HOUR = 9;

export const weeklyStarsKey = (villageId: number, weekStart: string) => `stars-${villageId}-${weekStart}`;

/**
 * The next naming strictly after `now` in the village's zone, and the week it names: the seven days
 * before that Monday (`weekStart`, a Monday, as YYYY-MM-DD).
 */
export function nextStars(timezone: string, now: Date): { dueAt: Date; weekStart: string } {
  const local = DateTime.fromJSDate(now, { zone: timezone });
  let at = local.set({ weekday: STARS_WEEKDAY, hour: STARS_HOUR, minute: 0, second: 0, millisecond: 0 });
  if (at <= local) at = at.plus({ weeks: 1 });
  return { dueAt: at.toJSDate(), weekStart: at.minus({ weeks: 1 }).toISODate() ?? '' };
}

/** The week's bounds in UTC, from its Monday in the village's zone. */
export function weekBounds(timezone: string, weekStart: string): { from: Date; to: Date } {
  const from = DateTime.fromISO(weekStart, { zone: timezone }).startOf('day');
  return { from: from.toJSDate(), to: from.plus({ weeks: 1 }).toJSDate() };
}

/** The first weekly naming of a village, set with its first ledger entry (see startCheckpoints). */
export async function startWeeklyStars(
  db: Db,
  villageId: number,
  timezone: string,
  now: Date,
): Promise<void> {
  const next = nextStars(timezone, now);
  const dedupeKey = weeklyStarsKey(villageId, next.weekStart);
  await setTimers(db, [
    {
      key: timerRowKey('points-weekly-stars', dedupeKey),
      job: 'points-weekly-stars',
      payload: { dedupeKey, villageId, weekStart: next.weekStart },
      dueAt: next.dueAt,
    },
  ]);
}

export interface Star {
  memberId: number;
  rank: number;
  points: number;
}

/**
 * Pure: the week's stars from members' points earned that week. Competition ranking (1, 2, 2, 4):
 * everyone whose rank is within `count` is a star, so a tie at the last place names them all. Only
 * members who earned points; there is no bottom list.
 */
export function pickStars(
  earned: ReadonlyArray<{ memberId: number; points: number }>,
  count: number,
): Star[] {
  const sorted = earned
    .filter((e) => e.points > 0)
    .sort((a, b) => b.points - a.points || a.memberId - b.memberId);
  const stars: Star[] = [];
  sorted.forEach((entry, i) => {
    const previous = stars[stars.length - 1];
    const rank = previous && previous.points === entry.points ? previous.rank : i + 1;
    if (rank <= count) stars.push({ memberId: entry.memberId, rank, points: entry.points });
  });
  return stars;
}

/**
 * Names a village's stars of a week, once: the rows are unique per village, week and member, so a
 * second run (a retried timer, a second scheduler) inserts nothing and reports that it named nobody
 * new. Returns the stars named by this run.
 */
export async function nameWeeklyStars(
  db: Db,
  input: { villageId: number; weekStart: string },
): Promise<Star[]> {
  const village = await db.village.findUniqueOrThrow({
    where: { id: input.villageId },
    select: { timezone: true, weeklyStarsCount: true },
  });
  const { from, to } = weekBounds(village.timezone, input.weekStart);
  const earned = await db.ledgerEntry.groupBy({
    by: ['memberId'],
    where: { villageId: input.villageId, createdAt: { gte: from, lt: to }, member: { status: 'ACTIVE' } },
    _sum: { amount: true },
  });
  const stars = pickStars(
    earned.map((row) => ({ memberId: row.memberId, points: row._sum.amount ?? 0 })),
    village.weeklyStarsCount,
  );
  if (stars.length === 0) return [];
  const weekStart = new Date(`${input.weekStart}T00:00:00Z`);
  const created = await db.weeklyStar.createManyAndReturn({
    data: stars.map((star) => ({ villageId: input.villageId, weekStart, ...star })),
    skipDuplicates: true,
    select: { memberId: true },
  });
  const named = new Set(created.map((row) => row.memberId));
  return stars.filter((star) => named.has(star.memberId));
}

/** `/stars`: the village's stars of its last weeks, newest first. */
export async function listRecentStars(db: Db, input: { actor: Membership | undefined; weeks?: number }) {
  const actor = requireAllowed(input.actor, 'profile.view');
  const rows = await db.weeklyStar.findMany({
    where: { villageId: actor.villageId },
    orderBy: [{ weekStart: 'desc' }, { rank: 'asc' }, { points: 'desc' }],
    take: 200,
    select: {
      weekStart: true,
      rank: true,
      points: true,
      member: { select: { number: true, realName: true } },
    },
  });
  const weeks = new Map<string, typeof rows>();
  for (const row of rows) {
    const key = row.weekStart.toISOString().slice(0, 10);
    if (!weeks.has(key) && weeks.size >= (input.weeks ?? 4)) break;
    weeks.set(key, [...(weeks.get(key) ?? []), row]);
  }
  return [...weeks.entries()].map(([weekStart, stars]) => ({ weekStart, stars }));
}
