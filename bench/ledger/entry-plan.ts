/**
 * What the ledger bench appends: pure, so every part of the bench (and its test) agrees on which
 * member, amount and reason entry `index` has, and when it was made.
 */

/** A few of the seed articles' rules: mostly small rewards, some deductions, rare large ones. */
export const BENCH_RULES = [
  { code: 'HELP', amount: 8, reason: '帮助邻居（有照片）' },
  { code: 'SUGGEST', amount: 20, reason: '发展建议被采纳' },
  { code: 'HELP', amount: 8, reason: '帮助邻居（有照片）' },
  { code: 'WASTE', amount: -5, reason: '生活垃圾未入桶' },
  { code: 'VOLUNTEER', amount: 3, reason: '志愿服务 1 小时' },
  { code: 'HELP', amount: 8, reason: '帮助邻居（有照片）' },
  { code: 'ARMY', amount: 100, reason: '参军入伍' },
  { code: 'VOLUNTEER', amount: 3, reason: '志愿服务 1 小时' },
] as const;

/** Prime, and so coprime with any member count that is not its multiple: consecutive entries go to members far apart. */
const STRIDE = 7_919;

export interface PlannedEntry {
  /** 0-based index into the village's members. */
  memberIndex: number;
  amount: number;
  reason: string;
  ruleCode: string;
}

/** Entry `index` (0-based) of a village of `members`: over `members` entries each member gets one. */
export function plannedEntry(index: number, members: number): PlannedEntry {
  const rule = BENCH_RULES[index % BENCH_RULES.length] as (typeof BENCH_RULES)[number];
  return {
    memberIndex: (index * (members % STRIDE === 0 ? 1 : STRIDE)) % members,
    amount: rule.amount,
    reason: rule.reason,
    ruleCode: rule.code,
  };
}

/**
 * When entry `index` of `total` was made: evenly from `from` to `to` (so a week of a year-long
 * chain holds a week's share of it), in whole milliseconds, as the ledger keeps them.
 */
export function entryTime(index: number, total: number, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return new Date(from.getTime() + Math.floor((span * index) / Math.max(1, total)));
}

/**
 * A UTC instant as a `timestamp(3) without time zone` literal ("2026-11-30 12:00:00.123"): the
 * ledger's createdAt holds UTC without a zone, so this reads back the same whatever the session's
 * time zone.
 */
export function utcTimestampLiteral(at: Date): string {
  return at.toISOString().replace('T', ' ').replace('Z', '');
}

/** Items per second; NaN when nothing was timed. */
export function perSecond(items: number, ms: number): number {
  return ms > 0 ? (items * 1000) / ms : Number.NaN;
}
