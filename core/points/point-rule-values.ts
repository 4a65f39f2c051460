import { DomainError } from '../errors.ts';
import { validateShortText } from '../text/validate-text.ts';

/**
 * What a points rule may hold, checked before anything is written (the database's CHECKs are the
 * backstop): a code people can type, whole non-zero points, positive caps, a one-line description.
 */

export const POINT_RULE_CODE_MAX = 32;
/** Short enough that a table of a few dozen rules fits one Telegram message. */
export const POINT_RULE_DESCRIPTION_MAX = 100;
/** A sanity bound: the largest seeded rule is +100. */
export const POINT_RULE_POINTS_MAX = 10_000;
export const POINT_RULE_CAP_MAX = 10_000;

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Codes are matched without regard to case (people type "Help-Neighbour"); stored lower-case. */
export function parseRuleCode(raw: string): string {
  const code = raw.trim().toLowerCase();
  if (!CODE.test(code) || code.length > POINT_RULE_CODE_MAX) {
    throw new DomainError('point-rule-code-invalid', { code: raw.trim(), max: POINT_RULE_CODE_MAX });
  }
  return code;
}

/** "+8", "8", "-5" or "−5" (the typographic minus the seeds print). */
export function parseRulePoints(raw: string): number {
  const match = /^([+\-−]?)(\d{1,6})$/.exec(raw.trim());
  const value = match ? Number(match[2]) * (match[1] === '' || match[1] === '+' ? 1 : -1) : Number.NaN;
  if (!Number.isInteger(value) || value === 0 || Math.abs(value) > POINT_RULE_POINTS_MAX) {
    throw new DomainError('point-rule-points-invalid', { points: raw.trim(), max: POINT_RULE_POINTS_MAX });
  }
  return value;
}

export type CapKind = 'daily' | 'yearly';

/** A cap given in a command: a number, or null to remove it (`daily=none`). */
export type CapChange = Partial<Record<CapKind, number | null>>;

const CAP_NAMES: Record<string, CapKind> = {
  daily: 'daily',
  day: 'daily',
  每日: 'daily',
  每天: 'daily',
  yearly: 'yearly',
  year: 'yearly',
  每年: 'yearly',
};
const CAP_NONE = new Set(['none', 'no', '无', '不限']);

/** `daily=2`, `yearly=20`, `每日=2`, `daily=none`: undefined when the token is not a cap at all. */
export function parseCapToken(token: string): { kind: CapKind; value: number | null } | undefined {
  const match = /^([^=＝]+)[=＝](.*)$/.exec(token);
  if (!match) return undefined;
  const kind = CAP_NAMES[(match[1] as string).toLowerCase()];
  const raw = (match[2] as string).trim().toLowerCase();
  if (!kind) throw new DomainError('point-rule-cap-invalid', { cap: token });
  if (CAP_NONE.has(raw)) return { kind, value: null };
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > POINT_RULE_CAP_MAX) {
    throw new DomainError('point-rule-cap-invalid', { cap: token });
  }
  return { kind, value };
}

/** A description in one language or both; a language left out is not changed (or, for a new rule, copied). */
export interface DescriptionChange {
  zh?: string;
  en?: string;
}

const LANGUAGE_TAG = /(?:^|\s)(zh|en)[:：]/gi;

/**
 * Plain text serves both languages. `zh:<text> en:<text>` (either order, or only one of them) gives
 * each language its own; the tags count only at the start or after a space.
 */
export function parseDescription(raw: string): DescriptionChange {
  const text = raw.trim();
  const tags = [...text.matchAll(LANGUAGE_TAG)];
  if (tags.length === 0 || tags[0]?.index !== 0) {
    const both = checkDescription(text);
    return { zh: both, en: both };
  }
  const change: DescriptionChange = {};
  tags.forEach((tag, i) => {
    const language = (tag[1] as string).toLowerCase() as 'zh' | 'en';
    const start = (tag.index ?? 0) + tag[0].length;
    const end = tags[i + 1]?.index ?? text.length;
    if (change[language] !== undefined) throw new DomainError('point-rule-description-invalid');
    change[language] = checkDescription(text.slice(start, end));
  });
  return change;
}

function checkDescription(text: string): string {
  return validateShortText(text, {
    max: POINT_RULE_DESCRIPTION_MAX,
    error: 'point-rule-description-invalid',
  });
}
