import type { CreditLine, MemberCredit } from '../../core/credit/load-credit.ts';
import { formatPercentagePoints, type LoanTable } from '../../core/credit/loan-terms.ts';
import { formatEntryDate } from '../../core/points/points-period.ts';
import { stars } from './points.ts';
import type { Translate } from './talk-item.ts';

/** The loan table in words: "every 100 points 0.10 off, at most 1.00, top 20%". */
export function loanTableParams(table: LoanTable): Record<string, string | number> {
  return {
    step: table.stepPoints,
    per: formatPercentagePoints(table.stepHundredths),
    cap: formatPercentagePoints(table.capHundredths),
    top: table.topPercent,
  };
}

/** /credit: the score, then each dimension with what it was computed from, the negative list, the household's loan terms. */
export function renderMemberCredit(
  t: Translate,
  input: { credit: MemberCredit; village: string; timezone: string; now?: Date },
): string {
  const { credit } = input;
  const { facts, score } = credit;
  const now = input.now ?? new Date();
  const lines = [
    t('credit-title', {
      name: credit.realName ?? '',
      number: credit.number,
      village: input.village,
      total: score.total,
      stars: stars(credit.stars),
    }),
    t('credit-rank', { rank: credit.rank, among: credit.rankedAmong }),
    t('credit-activity', {
      score: score.activity,
      talk: facts.talkItems,
      comments: facts.comments,
      votes: facts.votesCast,
      shifts: facts.shiftsAttended,
    }),
    facts.shiftsPromised + facts.tasksPromised === 0
      ? t('credit-fulfilment-none', { score: score.fulfilment })
      : t('credit-fulfilment', {
          score: score.fulfilment,
          promised: facts.shiftsPromised + facts.tasksPromised,
          kept: Math.min(facts.shiftsAttended, facts.shiftsPromised) + facts.tasksOnTime,
        }),
    t('credit-identity', {
      score: score.identity,
      named: facts.hasRealName ? 'yes' : 'no',
      household: facts.hasHousehold ? 'yes' : 'no',
      days: facts.daysInVillage,
    }),
    t('credit-behaviour', {
      score: score.behaviour,
      deducted: facts.pointsDeducted,
      noshows: facts.noShows,
      reports: facts.reportsUpheld,
    }),
    facts.ratingsCount === 0
      ? t('credit-social-none', { score: score.social })
      : t('credit-social', {
          score: score.social,
          count: facts.ratingsCount,
          average: (facts.ratingsSum / facts.ratingsCount).toFixed(1),
        }),
  ];
  if (credit.negatives.length > 0) {
    lines.push(t('credit-negative', { points: score.negative }));
    for (const entry of credit.negatives) {
      lines.push(
        t('credit-negative-entry', {
          id: entry.id,
          points: entry.points,
          reason: entry.reason,
          date: formatEntryDate(entry.createdAt, input.timezone, now),
        }),
      );
    }
  }
  const { household } = credit;
  if (!household) {
    lines.push(t('credit-no-household'));
    return lines.join('\n');
  }
  lines.push(
    t('credit-household', {
      household: household.name,
      points: household.total,
      off: formatPercentagePoints(household.discountHundredths),
      ...loanTableParams(credit.table),
    }),
    t(household.isEligible ? 'credit-eligible' : 'credit-not-eligible', {
      rank: household.rank,
      among: credit.householdsRanked,
      top: credit.table.topPercent,
    }),
  );
  return lines.join('\n');
}

/** One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180). */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The bank's list: the households eligible for a credit line, best first, one per line, with their
 * points and rate discount; the header in the secretary's language. CRLF line ends and a BOM, so a
 * spreadsheet opens the Chinese names as they are.
 */
export function renderCreditLineCsv(t: Translate, line: CreditLine): string {
  const rows = line.households
    .filter((household) => household.isEligible)
    .map((household) =>
      [
        household.rank,
        household.number,
        household.name,
        household.total,
        formatPercentagePoints(household.discountHundredths),
        household.members,
      ]
        .map(csvField)
        .join(','),
    );
  return `\uFEFF${[t('credit-csv-header'), ...rows].join('\r\n')}\r\n`;
}
