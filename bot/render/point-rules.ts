import type { PublishedRule } from '../../core/points/list-point-rules.ts';
import { TELEGRAM_TEXT_LIMIT } from '../../core/text/validate-text.ts';
import type { Translate } from './talk-item.ts';

/** Points as the table prints them: the sign always shown, so a deduction is never mistaken for a reward. */
export function signedPoints(points: number): string {
  return points > 0 ? `+${points}` : String(points);
}

/** The description in the reader's language: Chinese for zh-*, English otherwise. */
export function describeRule(rule: Pick<PublishedRule, 'descriptionZh' | 'descriptionEn'>, locale: string) {
  return locale.toLowerCase().startsWith('zh') ? rule.descriptionZh : rule.descriptionEn;
}

export function renderRuleLine(t: Translate, rule: PublishedRule, locale: string): string {
  const caps = [
    rule.dailyCap === null ? undefined : t('points-rules-cap-daily', { count: rule.dailyCap }),
    rule.yearlyCap === null ? undefined : t('points-rules-cap-yearly', { count: rule.yearlyCap }),
  ].filter((cap): cap is string => cap !== undefined);
  return t('points-rules-line', {
    points: signedPoints(rule.points),
    description: describeRule(rule, locale),
    code: rule.code,
    caps: caps.length === 0 ? '' : t('points-rules-caps', { caps: caps.join(t('list-separator')) }),
  });
}

/**
 * The table as one message or, when it outgrows Telegram's limit, several: lines are never cut, and
 * every message after the first says it continues.
 */
export function renderRuleTable(
  t: Translate,
  input: { village: string; rules: readonly PublishedRule[]; locale: string },
  limit = TELEGRAM_TEXT_LIMIT,
): string[] {
  if (input.rules.length === 0) return [t('points-rules-empty', { village: input.village })];
  const lines = [
    ...input.rules.map((rule) => renderRuleLine(t, rule, input.locale)),
    '',
    t('points-rules-footer'),
  ];
  return packLines(t('points-rules-title', { village: input.village }), t('points-rules-more'), lines, limit);
}

/** Fills messages of at most `limit` characters (UTF-16 units, as Telegram counts) line by line. */
export function packLines(first: string, more: string, lines: readonly string[], limit: number): string[] {
  const messages: string[] = [];
  let current = first;
  for (const line of lines) {
    if (current.length + 1 + line.length <= limit) {
      current += `\n${line}`;
      continue;
    }
    messages.push(current);
    // A rule line is a few hundred characters at most, far under the limit.
    current = `${more}\n${line}`;
  }
  messages.push(current);
  return messages;
}
