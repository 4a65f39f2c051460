import { z } from 'zod';
import { DomainError, type DomainErrorCode } from '../errors.ts';
import { parseDescription, parseRuleCode, parseRulePoints } from '../points/point-rule-values.ts';
import { validateLongText, validateShortText } from '../text/validate-text.ts';
import { parseVoteDuration } from './validate-vote-draft.ts';
import {
  VOTE_BODY_MAX,
  VOTE_DEFAULT_DURATION_MINUTES,
  VOTE_MAX_DURATION_MINUTES,
  VOTE_MIN_DURATION_MINUTES,
  VOTE_OPTION_LABEL_MAX,
  VOTE_TITLE_MAX,
  type VoteDraft,
  type VoteOptionDraft,
} from './vote-types.ts';

/**
 * /newvote as a conversation: one question at a time, each answer checked as it comes, the draft it
 * builds kept in the database (vote-conversation-store.ts) between the answers. Pure: the bot reads
 * the answer (a typed text or a pressed choice), asks this module what follows, saves and renders.
 *
 * The order: title → text → kind (→ the rule's number | the points rule's code → points → for a new
 * code its description) → options → duration → open or secret → quorum → threshold → who votes (→ the
 * list) → the preview to confirm. Every question with a default offers it as a choice ("default").
 * `/newvote from <item>` starts at the kind, with the item's title and text as the proposal.
 */

export const VOTE_STEPS = [
  'title',
  'body',
  'kind',
  'rule',
  'point-code',
  'point-points',
  'point-description',
  'options',
  'duration',
  'secrecy',
  'quorum',
  'threshold',
  'electorate',
  'list',
  'confirm',
] as const;
export type VoteStep = (typeof VOTE_STEPS)[number];

/** An unanswered conversation is dropped after this long (its late answer hears so). */
export const VOTE_CONVERSATION_TTL_MINUTES = 60;

/** The choices each step offers as buttons; "default" is the step's default. Short: they travel in callback data. */
export const STEP_CHOICES = {
  title: [],
  body: [],
  kind: ['new', 'amend', 'repeal', 'points'],
  rule: [],
  'point-code': [],
  'point-points': ['retire'],
  'point-description': [],
  options: ['default'],
  duration: ['default', '1d', '3d', '7d'],
  secrecy: ['default', 'secret'],
  quorum: ['default', '30', '50', '67'],
  threshold: ['default', 'two-thirds'],
  electorate: ['default', 'households', 'list'],
  list: [],
  confirm: ['launch', 'cancel'],
} as const satisfies Record<VoteStep, readonly string[]>;
export type StepChoice<S extends VoteStep = VoteStep> = (typeof STEP_CHOICES)[S][number];

const KINDS = { new: 'NEW_RULE', amend: 'AMEND_RULE', repeal: 'REPEAL_RULE', points: 'POINT_RULE' } as const;
const DURATION_CHOICES = {
  default: VOTE_DEFAULT_DURATION_MINUTES,
  '1d': 1440,
  '3d': 4320,
  '7d': 10080,
} as const;

const positive = z.number().int().positive();
const draftSchema = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  kind: z.enum(['NEW_RULE', 'AMEND_RULE', 'REPEAL_RULE', 'POINT_RULE']).optional(),
  ruleNumber: positive.optional(),
  talkItemNumber: positive.optional(),
  pointCode: z.string().optional(),
  /** Whether the village has the code already (read by the bot when it was typed): a new one needs a description. */
  pointCodeExists: z.boolean().optional(),
  /** Null: retire the rule. */
  pointPoints: z.number().int().nullable().optional(),
  pointDescriptionZh: z.string().optional(),
  pointDescriptionEn: z.string().optional(),
  /** The secretary's own words for for / against (/ abstain), in that order; absent: the defaults. */
  optionLabels: z.array(z.string()).optional(),
  durationMinutes: positive.optional(),
  secret: z.boolean().optional(),
  quorumPercent: positive.nullable().optional(),
  threshold: z.enum(['MAJORITY', 'TWO_THIRDS']).optional(),
  electorate: z.enum(['MEMBERS', 'HOUSEHOLDS', 'LIST']).optional(),
  listMemberNumbers: z.array(positive).optional(),
});
export type ConversationDraft = z.infer<typeof draftSchema>;

export const conversationSchema = z.object({
  step: z.enum(VOTE_STEPS),
  askedAt: z.iso.datetime(),
  draft: draftSchema,
});
export type VoteConversation = z.infer<typeof conversationSchema>;

export type Reading =
  | { ok: true; conversation: VoteConversation }
  | { ok: false; code: DomainErrorCode; params?: Record<string, string | number> };

/** A fresh conversation: from the first question, or from a talk item's title and text (at the kind). */
export function startConversation(
  now: Date,
  from?: { talkItemNumber: number; title: string; body: string },
): VoteConversation {
  if (!from) return { step: 'title', askedAt: now.toISOString(), draft: {} };
  // An item's text may be longer than a vote's title allows: its first line, cut, is the title.
  const title = [...(from.title.split('\n')[0] ?? '').trim()].slice(0, VOTE_TITLE_MAX).join('');
  const body = [...from.body.trim()].slice(0, VOTE_BODY_MAX).join('');
  return {
    step: 'kind',
    askedAt: now.toISOString(),
    draft: { talkItemNumber: from.talkItemNumber, title: title || body.slice(0, 20), body: body || title },
  };
}

/** Whether a conversation still waits for its answer at `now`. */
export function isExpired(conversation: VoteConversation, now: Date): boolean {
  return now.getTime() - Date.parse(conversation.askedAt) > VOTE_CONVERSATION_TTL_MINUTES * 60_000;
}

/** What the bot learned before reading a typed answer (a points rule code: does the village have it?). */
export interface AnswerFacts {
  pointCodeExists?: boolean;
}

/** Pure: a typed answer to the step asked. A wrong one says why (locale key `error-<code>`) and changes nothing. */
export function answerText(
  conversation: VoteConversation,
  raw: string,
  now: Date,
  facts: AnswerFacts = {},
): Reading {
  const { step } = conversation;
  const text = raw.trim();
  // Every question with a default takes the default typed, as a button would.
  if (isDefaultWord(text) && (STEP_CHOICES[step] as readonly string[]).includes('default'))
    return answerChoice(conversation, step, 'default', now);
  if (step === 'point-points' && /^(retire|停用|废止)$/i.test(text))
    return answerChoice(conversation, step, 'retire', now);
  return read(() => {
    switch (step) {
      case 'title':
        return advance(
          conversation,
          { title: validateShortText(text, { max: VOTE_TITLE_MAX, error: 'vote-title-invalid' }) },
          now,
        );
      case 'body':
        return advance(
          conversation,
          { body: validateLongText(raw, { max: VOTE_BODY_MAX, error: 'vote-body-invalid' }) },
          now,
        );
      case 'rule': {
        const number = /^#?(\d{1,6})$/.exec(text);
        if (!number) throw new DomainError('vote-rule-not-found', { number: text.slice(0, 20) });
        return advance(conversation, { ruleNumber: Number(number[1]) }, now);
      }
      case 'point-code': {
        const pointCode = parseRuleCode(text);
        return advance(conversation, { pointCode, pointCodeExists: facts.pointCodeExists === true }, now);
      }
      case 'point-points':
        return advance(conversation, { pointPoints: parseRulePoints(text) }, now);
      case 'point-description': {
        const description = parseDescription(text);
        const zh = description.zh ?? description.en ?? '';
        const en = description.en ?? description.zh ?? '';
        return advance(conversation, { pointDescriptionZh: zh, pointDescriptionEn: en }, now);
      }
      case 'options':
        return advance(conversation, { optionLabels: readOptionLabels(text) }, now);
      case 'duration': {
        const minutes = parseVoteDuration(text);
        if (
          minutes === undefined ||
          minutes < VOTE_MIN_DURATION_MINUTES ||
          minutes > VOTE_MAX_DURATION_MINUTES
        )
          throw new DomainError('vote-duration-invalid');
        return advance(conversation, { durationMinutes: minutes }, now);
      }
      case 'quorum': {
        const percent = /^(\d{1,3})\s*[%％]?$/.exec(text);
        const value = percent ? Number(percent[1]) : 0;
        if (value < 1 || value > 100) throw new DomainError('vote-quorum-invalid');
        return advance(conversation, { quorumPercent: value }, now);
      }
      case 'list':
        return advance(conversation, { listMemberNumbers: readMemberNumbers(text) }, now);
      case 'kind':
      case 'secrecy':
      case 'threshold':
      case 'electorate':
      case 'confirm':
        // A fixed choice: the buttons, so nothing typed is misread.
        throw new DomainError('vote-draft-press-button');
    }
  });
}

/** Pure: a pressed choice. A button of a step already answered (an old message) is refused: `vote-draft-stale`. */
export function answerChoice(
  conversation: VoteConversation,
  step: VoteStep,
  choice: string,
  now: Date,
): Reading {
  if (step !== conversation.step) return { ok: false, code: 'vote-draft-stale' };
  if (!(STEP_CHOICES[step] as readonly string[]).includes(choice))
    return { ok: false, code: 'vote-draft-stale' };
  switch (step) {
    case 'kind':
      return {
        ok: true,
        conversation: advance(conversation, { kind: KINDS[choice as keyof typeof KINDS] }, now),
      };
    case 'point-points':
      // Only a rule the village has can be retired.
      if (!conversation.draft.pointCodeExists)
        return {
          ok: false,
          code: 'point-rule-not-found',
          params: { code: conversation.draft.pointCode ?? '' },
        };
      return { ok: true, conversation: advance(conversation, { pointPoints: null }, now) };
    case 'options':
      return { ok: true, conversation: advance(conversation, { optionLabels: [] }, now) };
    case 'duration':
      return {
        ok: true,
        conversation: advance(
          conversation,
          { durationMinutes: DURATION_CHOICES[choice as keyof typeof DURATION_CHOICES] },
          now,
        ),
      };
    case 'secrecy':
      return { ok: true, conversation: advance(conversation, { secret: choice === 'secret' }, now) };
    case 'quorum':
      return {
        ok: true,
        conversation: advance(
          conversation,
          { quorumPercent: choice === 'default' ? null : Number(choice) },
          now,
        ),
      };
    case 'threshold':
      return {
        ok: true,
        conversation: advance(
          conversation,
          { threshold: choice === 'two-thirds' ? 'TWO_THIRDS' : 'MAJORITY' },
          now,
        ),
      };
    case 'electorate': {
      const electorate = choice === 'households' ? 'HOUSEHOLDS' : choice === 'list' ? 'LIST' : 'MEMBERS';
      return { ok: true, conversation: advance(conversation, { electorate }, now) };
    }
    default:
      // 'confirm' is the bot's (launch or cancel); the text steps have no buttons.
      return { ok: false, code: 'vote-draft-stale' };
  }
}

/** Pure: the step after `step`, given what the draft holds by then. */
export function nextStep(step: VoteStep, draft: ConversationDraft): VoteStep {
  switch (step) {
    case 'title':
      return 'body';
    case 'body':
      return 'kind';
    case 'kind':
      if (draft.kind === 'AMEND_RULE' || draft.kind === 'REPEAL_RULE') return 'rule';
      if (draft.kind === 'POINT_RULE') return 'point-code';
      return 'options';
    case 'rule':
      return 'options';
    case 'point-code':
      return 'point-points';
    case 'point-points':
      // Retiring a rule, or changing the points of one the village has, needs no description.
      return draft.pointPoints !== null && !draft.pointCodeExists ? 'point-description' : 'options';
    case 'point-description':
      return 'options';
    case 'options':
      return 'duration';
    case 'duration':
      return 'secrecy';
    case 'secrecy':
      return 'quorum';
    case 'quorum':
      return 'threshold';
    case 'threshold':
      return 'electorate';
    case 'electorate':
      return draft.electorate === 'LIST' ? 'list' : 'confirm';
    case 'list':
    case 'confirm':
      return 'confirm';
  }
}

function advance(conversation: VoteConversation, answer: ConversationDraft, now: Date): VoteConversation {
  const draft = { ...conversation.draft, ...answer };
  return { step: nextStep(conversation.step, draft), askedAt: now.toISOString(), draft };
}

function read(run: () => VoteConversation): Reading {
  try {
    return { ok: true, conversation: run() };
  } catch (error) {
    if (error instanceof DomainError) {
      // The core's length refusals name the limit the secretary must keep to.
      const max = error.code === 'vote-title-invalid' ? VOTE_TITLE_MAX : VOTE_BODY_MAX;
      return { ok: false, code: error.code, params: { max, ...error.params } };
    }
    throw error;
  }
}

const DEFAULT_WORDS = new Set(['default', 'd', '默认', '用默认', '默认值', '好', 'ok']);
function isDefaultWord(text: string): boolean {
  return DEFAULT_WORDS.has(text.toLowerCase());
}

/**
 * "同意 / 不同意 / 弃权": the words for for, against and (optionally) abstain, in that order; separated
 * by "/", "、", "，", "," or new lines.
 */
export function readOptionLabels(text: string): string[] {
  const labels = text
    .split(/[/／、，,\n|]/)
    .map((label) => label.trim())
    .filter((label) => label.length > 0);
  if (labels.length < 2 || labels.length > 3 || new Set(labels).size !== labels.length)
    throw new DomainError('vote-options-invalid', { max: VOTE_OPTION_LABEL_MAX });
  return labels.map((label) =>
    validateShortText(label, { max: VOTE_OPTION_LABEL_MAX, error: 'vote-options-invalid' }),
  );
}

/** "3 5 8", "3,5,8", "3、5、8": member numbers, each once. */
export function readMemberNumbers(text: string): number[] {
  const parts = text.split(/[\s,，、;；]+/).filter((part) => part.length > 0);
  const numbers = parts.map((part) => (/^#?\d{1,6}$/.test(part) ? Number(part.replace('#', '')) : 0));
  if (numbers.length === 0 || numbers.some((n) => n < 1) || numbers.length > 500)
    throw new DomainError('vote-list-invalid', { numbers: text.slice(0, 40) });
  return [...new Set(numbers)];
}

/** The draft as launchVote takes it; undefined while a question it needs is unanswered. */
export function toVoteDraft(draft: ConversationDraft): VoteDraft | undefined {
  if (!draft.title || !draft.body || !draft.kind) return undefined;
  const options: VoteOptionDraft[] | undefined =
    draft.optionLabels && draft.optionLabels.length > 0
      ? draft.optionLabels.map((label, i) => ({
          meaning: (['FOR', 'AGAINST', 'ABSTAIN'] as const)[i] ?? 'ABSTAIN',
          label,
        }))
      : undefined;
  return {
    title: draft.title,
    body: draft.body,
    kind: draft.kind,
    ...(draft.ruleNumber !== undefined && { ruleNumber: draft.ruleNumber }),
    ...(draft.kind === 'POINT_RULE' && { pointRuleChange: pointRuleChangeOf(draft) }),
    ...(draft.talkItemNumber !== undefined && { talkItemNumber: draft.talkItemNumber }),
    ...(options && { options }),
    ...(draft.durationMinutes !== undefined && { durationMinutes: draft.durationMinutes }),
    ...(draft.secret !== undefined && { secret: draft.secret }),
    ...(draft.quorumPercent !== undefined && { quorumPercent: draft.quorumPercent }),
    ...(draft.threshold !== undefined && { threshold: draft.threshold }),
    ...(draft.electorate !== undefined && { electorate: draft.electorate }),
    ...(draft.listMemberNumbers !== undefined && { listMemberNumbers: draft.listMemberNumbers }),
  };
}

function pointRuleChangeOf(draft: ConversationDraft): NonNullable<VoteDraft['pointRuleChange']> {
  const code = draft.pointCode ?? '';
  if (draft.pointPoints === null || draft.pointPoints === undefined) return { action: 'retire', code };
  if (draft.pointCodeExists) return { action: 'edit', code, points: draft.pointPoints };
  return {
    action: 'add',
    code,
    points: draft.pointPoints,
    descriptionZh: draft.pointDescriptionZh ?? '',
    descriptionEn: draft.pointDescriptionEn ?? '',
  };
}
