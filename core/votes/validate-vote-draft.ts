import { DomainError } from '../errors.ts';
import { POINT_RULE_DESCRIPTION_MAX, parseRuleCode, parseRulePoints } from '../points/point-rule-values.ts';
import { validateLongText, validateShortText } from '../text/validate-text.ts';
import {
  type PointRuleChange,
  VOTE_BODY_MAX,
  VOTE_DEFAULT_DURATION_MINUTES,
  VOTE_MAX_DURATION_MINUTES,
  VOTE_MIN_DURATION_MINUTES,
  VOTE_OPTION_LABEL_MAX,
  VOTE_TITLE_MAX,
  type VoteDraft,
  type VoteElectorate,
  type VoteOptionDraft,
  type VoteThreshold,
} from './vote-types.ts';

/** A draft with every default filled in and every value checked: what launchVote writes. */
export interface ValidVoteDraft {
  title: string;
  body: string;
  kind: VoteDraft['kind'];
  ruleNumber: number | null;
  pointRuleChange: PointRuleChange | null;
  talkItemNumber: number | null;
  options: { meaning: VoteOptionDraft['meaning']; label: string | null }[];
  durationMinutes: number;
  secret: boolean;
  quorumPercent: number | null;
  threshold: VoteThreshold;
  electorate: VoteElectorate;
  listMemberNumbers: number[];
}

export const DEFAULT_VOTE_OPTIONS: readonly VoteOptionDraft[] = [
  { meaning: 'FOR' },
  { meaning: 'AGAINST' },
  { meaning: 'ABSTAIN' },
];

/**
 * Pure: trims and checks what the secretary answered and fills in the defaults (for / against /
 * abstain, 5 days, open ballot, no quorum, simple majority, every member). Throws the DomainError a
 * secretary can act on; the database's CHECKs are the backstop.
 */
export function validateVoteDraft(draft: VoteDraft): ValidVoteDraft {
  const title = validateShortText(draft.title, { max: VOTE_TITLE_MAX, error: 'vote-title-invalid' });
  const body = validateLongText(draft.body, { max: VOTE_BODY_MAX, error: 'vote-body-invalid' });

  const needsRule = draft.kind === 'AMEND_RULE' || draft.kind === 'REPEAL_RULE';
  const ruleNumber = needsRule ? positiveInteger(draft.ruleNumber) : null;
  if (needsRule && ruleNumber === null)
    throw new DomainError('vote-rule-not-found', { number: draft.ruleNumber ?? 0 });

  let pointRuleChange: PointRuleChange | null = null;
  if (draft.kind === 'POINT_RULE') {
    if (!draft.pointRuleChange) throw new DomainError('vote-point-rule-invalid', { reason: '—' });
    pointRuleChange = validatePointRuleChange(draft.pointRuleChange);
  }

  const durationMinutes = draft.durationMinutes ?? VOTE_DEFAULT_DURATION_MINUTES;
  if (
    !Number.isInteger(durationMinutes) ||
    durationMinutes < VOTE_MIN_DURATION_MINUTES ||
    durationMinutes > VOTE_MAX_DURATION_MINUTES
  )
    throw new DomainError('vote-duration-invalid');

  const quorumPercent = draft.quorumPercent ?? null;
  if (
    quorumPercent !== null &&
    (!Number.isInteger(quorumPercent) || quorumPercent < 1 || quorumPercent > 100)
  )
    throw new DomainError('vote-quorum-invalid');

  const electorate = draft.electorate ?? 'MEMBERS';
  const listMemberNumbers = electorate === 'LIST' ? [...new Set(draft.listMemberNumbers ?? [])] : [];
  if (
    electorate === 'LIST' &&
    (listMemberNumbers.length === 0 || !listMemberNumbers.every(isPositiveInteger))
  )
    throw new DomainError('vote-list-invalid', { numbers: listMemberNumbers.join(', ') || '—' });

  return {
    title,
    body,
    kind: draft.kind,
    ruleNumber,
    pointRuleChange,
    talkItemNumber: draft.talkItemNumber ?? null,
    options: validateOptions(draft.options ?? DEFAULT_VOTE_OPTIONS),
    durationMinutes,
    secret: draft.secret ?? false,
    quorumPercent,
    threshold: draft.threshold ?? 'MAJORITY',
    electorate,
    listMemberNumbers,
  };
}

/** For and against, each once, abstain at most once, in the order given (their positions). */
function validateOptions(options: readonly VoteOptionDraft[]): ValidVoteDraft['options'] {
  const meanings = options.map((option) => option.meaning);
  const valid =
    meanings.includes('FOR') &&
    meanings.includes('AGAINST') &&
    new Set(meanings).size === meanings.length &&
    meanings.every((meaning) => meaning === 'FOR' || meaning === 'AGAINST' || meaning === 'ABSTAIN');
  if (!valid) throw new DomainError('vote-options-invalid', { max: VOTE_OPTION_LABEL_MAX });
  return options.map((option) => ({
    meaning: option.meaning,
    label:
      option.label == null || option.label.trim() === ''
        ? null
        : validateShortText(option.label, { max: VOTE_OPTION_LABEL_MAX, error: 'vote-options-invalid' }),
  }));
}

function validatePointRuleChange(change: PointRuleChange): PointRuleChange {
  const code = parseRuleCode(change.code);
  switch (change.action) {
    case 'add':
      return {
        action: 'add',
        code,
        points: parseRulePoints(String(change.points)),
        descriptionZh: validateShortText(change.descriptionZh, {
          max: POINT_RULE_DESCRIPTION_MAX,
          error: 'point-rule-description-invalid',
        }),
        descriptionEn: validateShortText(change.descriptionEn, {
          max: POINT_RULE_DESCRIPTION_MAX,
          error: 'point-rule-description-invalid',
        }),
      };
    case 'edit':
      return { action: 'edit', code, points: parseRulePoints(String(change.points)) };
    case 'retire':
      return { action: 'retire', code };
  }
}

const UNITS: Record<string, number> = {
  m: 1,
  min: 1,
  分钟: 1,
  h: 60,
  hour: 60,
  hours: 60,
  小时: 60,
  个小时: 60,
  d: 24 * 60,
  day: 24 * 60,
  days: 24 * 60,
  天: 24 * 60,
  日: 24 * 60,
};

/** "5d", "5 days", "5天", "36h", "36小时", "90m": minutes, or undefined when it is not a duration. */
export function parseVoteDuration(text: string): number | undefined {
  const match = /^\s*(\d{1,5})\s*([a-z]+|[\u4e00-\u9fff]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = UNITS[(match[2] as string).toLowerCase()];
  return unit === undefined ? undefined : Number(match[1]) * unit;
}

function positiveInteger(value: number | undefined): number | null {
  return value !== undefined && isPositiveInteger(value) ? value : null;
}

function isPositiveInteger(value: number): boolean {
  return Number.isInteger(value) && value >= 1 && value <= 2_147_483_647;
}
