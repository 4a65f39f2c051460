import type {
  VoteElectorate,
  VoteKind,
  VoteOptionMeaning,
  VoteResult,
  VoteThreshold,
} from '../../prisma/generated/enums.ts';

export type { VoteElectorate, VoteKind, VoteOptionMeaning, VoteResult, VoteThreshold };

/** A points-rule change a POINT_RULE vote adopts (stored as `Vote.pointRuleChange`). */
export type PointRuleChange =
  | { action: 'add'; code: string; points: number; descriptionZh: string; descriptionEn: string }
  | { action: 'edit'; code: string; points: number }
  | { action: 'retire'; code: string };

export interface VoteOptionDraft {
  meaning: VoteOptionMeaning;
  /** The secretary's own word for it; null or absent: the meaning's localized word. */
  label?: string | null;
}

/** What the secretary answered in /newvote, before launch. */
export interface VoteDraft {
  title: string;
  /** The rule text proposed (new rule, amendment), or why to repeal / change the points rule. */
  body: string;
  kind: VoteKind;
  /** AMEND_RULE and REPEAL_RULE. */
  ruleNumber?: number;
  /** POINT_RULE. */
  pointRuleChange?: PointRuleChange;
  /** Launched from a Villagers Talk item. */
  talkItemNumber?: number;
  /** Default: for / against / abstain. */
  options?: VoteOptionDraft[];
  /** 60 (one hour) … 43,200 (30 days); default 7,200 (5 days). */
  durationMinutes?: number;
  secret?: boolean;
  /** 1–100, or null/absent for none. */
  quorumPercent?: number | null;
  threshold?: VoteThreshold;
  electorate?: VoteElectorate;
  /** LIST: the members' village numbers. */
  listMemberNumbers?: number[];
}

export const VOTE_DEFAULT_DURATION_MINUTES = 5 * 24 * 60;
export const VOTE_MIN_DURATION_MINUTES = 60;
export const VOTE_MAX_DURATION_MINUTES = 30 * 24 * 60;
/** The reminder to those who have not voted goes this long before the close (not for shorter votes). */
export const VOTE_REMINDER_LEAD_MINUTES = 24 * 60;
export const VOTE_TITLE_MAX = 100;
export const VOTE_BODY_MAX = 2000;
export const VOTE_OPTION_LABEL_MAX = 30;

/**
 * The advisory lock (`hashtext(VOTE_BALLOTS_LOCK)`, vote id) casts hold shared and the close holds
 * exclusively: see cast-ballot.ts.
 */
export const VOTE_BALLOTS_LOCK = 'vote-ballots';
