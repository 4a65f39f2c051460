import { z } from 'zod';
import { DomainError, type DomainErrorCode } from '../errors.ts';
import { validateLongText, validateShortText } from '../text/validate-text.ts';
import { parseMoment, parseShift } from './parse-shift.ts';
import { CALL_LIMITS, type CallDraft } from './volunteer-types.ts';

/**
 * /recruit as a conversation, like /newvote's (core/votes/vote-conversation.ts): one question at a
 * time, each answer checked as it comes, the draft kept in the database between answers
 * (recruit-conversation-store.ts). Pure: the bot reads the answer and renders what this module says.
 *
 * The order: title → description (or skip) → shifts, one per message, until "done" → points per hour
 * → who is asked → when sign-up closes → normal, urgent or urgent as a paid broadcast → the preview.
 * The quick form (`/recruit 15 east gate today 18:00-22:00`) fills a one-shift draft with the
 * defaults and goes straight to the preview.
 */

export const RECRUIT_STEPS = [
  'title',
  'description',
  'shifts',
  'points',
  'audience',
  'closes',
  'urgency',
  'confirm',
] as const;
export type RecruitStep = (typeof RECRUIT_STEPS)[number];

/** Points per hour when the cadre takes the default. */
export const DEFAULT_POINTS_PER_HOUR = 2;
export const RECRUIT_CONVERSATION_TTL_MINUTES = 60;

export const RECRUIT_CHOICES = {
  title: [],
  description: ['skip'],
  shifts: ['done'],
  points: ['default', '5', '10'],
  audience: ['members', 'volunteers'],
  closes: ['default'],
  urgency: ['normal', 'urgent', 'paid'],
  confirm: ['send', 'cancel'],
} as const satisfies Record<RecruitStep, readonly string[]>;

const iso = z.iso.datetime();
const draftSchema = z.object({
  title: z.string().optional(),
  description: z.string().nullable().optional(),
  shifts: z
    .array(z.object({ place: z.string(), startsAt: iso, endsAt: iso, capacity: z.number().int().positive() }))
    .optional(),
  pointsPerHour: z.number().int().min(0).optional(),
  audience: z.enum(['MEMBERS', 'VOLUNTEERS']).optional(),
  /** Null: when the first shift starts. */
  signupClosesAt: iso.nullable().optional(),
  urgent: z.boolean().optional(),
  paidBroadcast: z.boolean().optional(),
});
export type RecruitDraft = z.infer<typeof draftSchema>;

export const recruitConversationSchema = z.object({
  step: z.enum(RECRUIT_STEPS),
  askedAt: iso,
  draft: draftSchema,
});
export type RecruitConversation = z.infer<typeof recruitConversationSchema>;

export type RecruitReading =
  | { ok: true; conversation: RecruitConversation }
  | { ok: false; code: DomainErrorCode; params?: Record<string, string | number> };

export interface Clock {
  now: Date;
  timezone: string;
}

export function startRecruit(now: Date): RecruitConversation {
  return { step: 'title', askedAt: now.toISOString(), draft: {} };
}

/**
 * `/recruit [urgent] <a shift>`: a one-shift call with the defaults, at its preview. The title is the
 * bot's (localized) words around the place, which it passes in.
 */
export function quickRecruit(text: string, clock: Clock, titleOf: (place: string) => string): RecruitReading {
  return read(() => {
    const urgent = /^(urgent|紧急|急)\s+/i.exec(text.trim());
    const shift = parseShift(urgent ? text.trim().slice(urgent[0].length) : text, clock);
    const title = [...titleOf(shift.place)].slice(0, CALL_LIMITS.titleMax).join('');
    return {
      step: 'confirm',
      askedAt: clock.now.toISOString(),
      draft: {
        title,
        description: null,
        shifts: [{ ...shift, startsAt: shift.startsAt.toISOString(), endsAt: shift.endsAt.toISOString() }],
        pointsPerHour: DEFAULT_POINTS_PER_HOUR,
        audience: 'MEMBERS',
        signupClosesAt: null,
        urgent: urgent !== null,
        paidBroadcast: false,
      },
    };
  });
}

export function isRecruitExpired(conversation: RecruitConversation, now: Date): boolean {
  return now.getTime() - Date.parse(conversation.askedAt) > RECRUIT_CONVERSATION_TTL_MINUTES * 60_000;
}

/** A typed answer to the step asked. A wrong one says why and changes nothing. */
export function answerRecruitText(
  conversation: RecruitConversation,
  raw: string,
  clock: Clock,
): RecruitReading {
  const { step, draft } = conversation;
  const text = raw.trim();
  const choices = RECRUIT_CHOICES[step] as readonly string[];
  if (/^(default|默认|好|ok)$/i.test(text) && choices.includes('default'))
    return answerRecruitChoice(conversation, step, 'default', clock.now);
  if (/^(skip|跳过|无|没有)$/i.test(text) && choices.includes('skip'))
    return answerRecruitChoice(conversation, step, 'skip', clock.now);
  if (/^(done|完成|好了|就这些)$/i.test(text) && choices.includes('done'))
    return answerRecruitChoice(conversation, step, 'done', clock.now);
  return read(() => {
    switch (step) {
      case 'title':
        return advance(
          conversation,
          {
            title: validateShortText(text, { max: CALL_LIMITS.titleMax, error: 'call-title-invalid' }),
          },
          clock.now,
        );
      case 'description':
        return advance(
          conversation,
          {
            description: validateLongText(raw, {
              max: CALL_LIMITS.descriptionMax,
              error: 'call-description-invalid',
            }),
          },
          clock.now,
        );
      case 'shifts': {
        const shifts = draft.shifts ?? [];
        if (shifts.length >= CALL_LIMITS.shiftsMax)
          throw new DomainError('call-shifts-too-many', { max: CALL_LIMITS.shiftsMax });
        const shift = parseShift(text, clock);
        const added = {
          ...shift,
          startsAt: shift.startsAt.toISOString(),
          endsAt: shift.endsAt.toISOString(),
        };
        // Shifts are asked one per message: the step stays until "done".
        return { step, askedAt: clock.now.toISOString(), draft: { ...draft, shifts: [...shifts, added] } };
      }
      case 'points': {
        const points = /^(\d{1,3})$/.exec(text);
        const value = points ? Number(points[1]) : -1;
        if (value < 0 || value > CALL_LIMITS.pointsPerHourMax)
          throw new DomainError('call-points-invalid', { max: CALL_LIMITS.pointsPerHourMax });
        return advance(conversation, { pointsPerHour: value }, clock.now);
      }
      case 'closes':
        return advance(conversation, { signupClosesAt: readCloseTime(text, clock).toISOString() }, clock.now);
      case 'audience':
      case 'urgency':
      case 'confirm':
        throw new DomainError('vote-draft-press-button');
    }
  });
}

/** A pressed choice. A button of a step already answered (an old message) is refused as stale. */
export function answerRecruitChoice(
  conversation: RecruitConversation,
  step: RecruitStep,
  choice: string,
  now: Date,
): RecruitReading {
  if (step !== conversation.step || !(RECRUIT_CHOICES[step] as readonly string[]).includes(choice))
    return { ok: false, code: 'vote-draft-stale' };
  switch (step) {
    case 'description':
      return { ok: true, conversation: advance(conversation, { description: null }, now) };
    case 'shifts':
      if ((conversation.draft.shifts ?? []).length === 0)
        return { ok: false, code: 'call-shift-unread', params: { missing: 'shift' } };
      return { ok: true, conversation: advance(conversation, {}, now) };
    case 'points':
      return {
        ok: true,
        conversation: advance(
          conversation,
          { pointsPerHour: choice === 'default' ? DEFAULT_POINTS_PER_HOUR : Number(choice) },
          now,
        ),
      };
    case 'audience':
      return {
        ok: true,
        conversation: advance(
          conversation,
          { audience: choice === 'volunteers' ? 'VOLUNTEERS' : 'MEMBERS' },
          now,
        ),
      };
    case 'closes':
      return { ok: true, conversation: advance(conversation, { signupClosesAt: null }, now) };
    case 'urgency':
      return {
        ok: true,
        conversation: advance(
          conversation,
          { urgent: choice !== 'normal', paidBroadcast: choice === 'paid' },
          now,
        ),
      };
    default:
      return { ok: false, code: 'vote-draft-stale' };
  }
}

function readCloseTime(text: string, clock: Clock): Date {
  const moment = parseMoment(text, clock);
  if (!moment) throw new DomainError('call-time-unread');
  return moment;
}

export function nextRecruitStep(step: RecruitStep): RecruitStep {
  const index = RECRUIT_STEPS.indexOf(step);
  return RECRUIT_STEPS[Math.min(index + 1, RECRUIT_STEPS.length - 1)] ?? 'confirm';
}

function advance(conversation: RecruitConversation, answer: RecruitDraft, now: Date): RecruitConversation {
  return {
    step: nextRecruitStep(conversation.step),
    askedAt: now.toISOString(),
    draft: { ...conversation.draft, ...answer },
  };
}

function read(run: () => RecruitConversation): RecruitReading {
  try {
    return { ok: true, conversation: run() };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, code: error.code, params: { ...error.params } };
    throw error;
  }
}

/** The draft as createCall takes it; undefined while a question it needs is unanswered. */
export function toCallDraft(draft: RecruitDraft): CallDraft | undefined {
  if (!draft.title || !draft.shifts || draft.shifts.length === 0) return undefined;
  return {
    title: draft.title,
    description: draft.description ?? undefined,
    shifts: draft.shifts.map((shift) => ({
      place: shift.place,
      capacity: shift.capacity,
      startsAt: new Date(shift.startsAt),
      endsAt: new Date(shift.endsAt),
    })),
    pointsPerHour: draft.pointsPerHour ?? DEFAULT_POINTS_PER_HOUR,
    audience: draft.audience ?? 'MEMBERS',
    signupClosesAt: draft.signupClosesAt ? new Date(draft.signupClosesAt) : undefined,
    urgent: draft.urgent ?? false,
    paidBroadcast: draft.paidBroadcast ?? false,
  };
}
