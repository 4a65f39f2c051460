import type { Membership } from '../../core/members/membership.ts';
import type { MemberPoints } from '../../core/points/member-points.ts';
import type { PointsPeriod } from '../../core/points/points-period.ts';
import type { RankedMember, TopList } from '../../core/points/top-list.ts';
import { signedPoints } from './point-rules.ts';
import type { Translate } from './talk-item.ts';

/** A reason longer than this is cut: each entry stays one line on a small phone. */
const REASON_MAX = 24;

export const stars = (level: number): string => '★'.repeat(level);

function shortReason(reason: string): string {
  const chars = [...reason.replace(/\s+/g, ' ').trim()];
  return chars.length <= REASON_MAX ? chars.join('') : `${chars.slice(0, REASON_MAX - 1).join('')}…`;
}

/** /points: who, balance and stars, rank, household, then the latest entries with their short hashes. */
export function renderMemberPoints(
  t: Translate,
  input: { member: Membership; points: MemberPoints },
): string {
  const { member, points } = input;
  const lines = [
    t('points-view-title', {
      name: member.realName ?? '',
      number: member.number,
      village: member.villageName,
    }),
    t('points-view-balance', { balance: points.balance, stars: stars(points.stars) }),
  ];
  // Held by the points shop until the goods are collected (or the reservation released).
  if (points.reserved > 0)
    lines.push(
      t('shop-points-reserved', { reserved: points.reserved, available: points.balance - points.reserved }),
    );
  if (points.entries === 0) {
    // Rank among everyone at 0 says nothing; a first point is what to aim for.
    lines.push(t('points-view-none'));
  } else {
    lines.push(t('points-view-rank', { rank: points.rank, count: points.rankedAmong }));
  }
  if (points.household) {
    lines.push(
      t('points-view-household', {
        household: points.household.name,
        total: points.household.total,
        rank: points.household.rank,
        count: points.household.rankedAmong,
      }),
    );
  }
  if (points.recent.length > 0) {
    lines.push(t('points-view-recent'));
    for (const entry of points.recent) {
      lines.push(
        t('points-view-entry', {
          date: entry.date,
          amount: signedPoints(entry.amount),
          reason: shortReason(entry.reason),
          sequence: entry.sequence,
          hash: entry.hash,
        }),
      );
    }
    lines.push(t('points-view-footer'));
  }
  return lines.join('\n');
}

function topLine(t: Translate, row: RankedMember, isAsker: boolean): string {
  return t(isAsker ? 'points-top-line-you' : 'points-top-line', {
    rank: row.rank,
    name: row.realName ?? '',
    number: row.number,
    points: row.points,
  });
}

/** /top: the ranked lines (ties share a number), what a long tie left off, and the asker's own place. */
export function renderTopList(
  t: Translate,
  input: { village: string; memberId: number; period: PointsPeriod; list: TopList },
): string {
  const { list, period } = input;
  if (list.shown.length === 0) return t('points-top-empty', { period });
  const lines = [
    t('points-top-title', { village: input.village, period }),
    ...list.shown.map((row) => topLine(t, row, row.memberId === input.memberId)),
  ];
  if (list.moreTied > 0) lines.push(t('points-top-more-tied', { count: list.moreTied }));
  if (list.asker) lines.push(t('points-top-you', { rank: list.asker.rank, points: list.asker.points }));
  else if (!list.askerShown) lines.push(t('points-top-you-none', { period }));
  return lines.join('\n');
}
