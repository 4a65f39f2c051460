import { z } from 'zod';
import type { TalkStatus } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import type { DomainErrorCode } from '../errors.ts';
import { moveCurrentVillage } from '../members/current-village.ts';
import { parseDueDate } from './parse-due-date.ts';
import { TRANSITIONS } from './talk-states.ts';

/**
 * A dialog step: the one question the bot asked a person in a village ("your comment on #3?",
 * "who should do #5?") and whose answer is their next plain text. Kept in ConversationState through
 * the update's transaction (it survives restarts and commits with the update), keyed by the person
 * AND the village, so a person in two villages has one step in each.
 *
 * A step ends when:
 * - its flow ends: the action it asked for is done, by the answer, a button or a command
 *   (`endStepAbout` in the action's own write);
 * - its item left the states it was about (`judgeStep` says 'moot' and the caller clears it);
 * - it is older than STEP_TTL_MINUTES (`judgeStep` says 'expired'; the late answer hears so);
 * - the person sends /cancel.
 * A wrong answer (`readAnswer` says why) leaves it standing: the bot says why and asks again.
 */
export const STEP_TTL_MINUTES = 30;

const number = z.number().int().positive();
const base = { number, askedAt: z.iso.datetime() };

const stepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('comment'), ...base }),
  z.object({ kind: z.literal('reply'), ...base }),
  z.object({ kind: z.literal('decline'), ...base }),
  /** Assigning: first the cadre (buttons or typed), then the due date (buttons or typed). */
  z.object({ kind: z.literal('assign'), ...base, cadreNumber: number.nullable().default(null) }),
  z.object({
    kind: z.literal('rate-comment'),
    ...base,
    round: number,
    stars: z.number().int().min(1).max(5),
    outcome: z.enum(['RESOLVED', 'PARTLY_RESOLVED', 'NOT_RESOLVED']),
  }),
]);
export type DialogStep = z.infer<typeof stepSchema>;
export type StepKind = DialogStep['kind'];
/** A step as asked: the time is the caller's to add. */
export type NewStep = DialogStep extends infer S
  ? S extends DialogStep
    ? Omit<S, 'askedAt'>
    : never
  : never;

export interface StepOwner {
  /** The person's Telegram user id. */
  userId: bigint | number;
  villageId: number;
}

const keyOf = (owner: StepOwner) => `talk-step:${owner.userId}:${owner.villageId}`;

/** The states an item must be in for each kind of question to still make sense. */
const LIVE_STATES: Record<StepKind, readonly TalkStatus[]> = {
  comment: [
    'OPEN',
    'ACKNOWLEDGED',
    'ASSIGNED',
    'IN_PROGRESS',
    'REOPENED',
    'DONE',
    'RATED',
    'DECLINED',
    'CLOSED_UNRATED',
  ],
  reply: TRANSITIONS.reply.from,
  decline: TRANSITIONS.decline.from,
  assign: [...TRANSITIONS.assign.from, ...TRANSITIONS.reassign.from],
  'rate-comment': ['DONE'],
};

export interface StepItem {
  status: TalkStatus;
  round: number;
  hidden: boolean;
}

export type StepVerdict =
  | { state: 'live' }
  | { state: 'expired' }
  /** The item is gone, hidden, or in a state the question no longer fits. */
  | { state: 'moot'; status: TalkStatus | null };

/** Pure: whether a step still stands for an answer arriving at `now`. */
export function judgeStep(step: DialogStep, item: StepItem | undefined, now: Date): StepVerdict {
  if (now.getTime() - Date.parse(step.askedAt) > STEP_TTL_MINUTES * 60_000) return { state: 'expired' };
  if (!item || item.hidden) return { state: 'moot', status: item?.status ?? null };
  if (!LIVE_STATES[step.kind].includes(item.status)) return { state: 'moot', status: item.status };
  if (step.kind === 'rate-comment' && item.round !== step.round)
    return { state: 'moot', status: item.status };
  return { state: 'live' };
}

/** Limits the answers are checked against before anything is written. */
export const ANSWER_LIMITS = { comment: 1000, reply: 1000, decline: 300, 'rate-comment': 500 } as const;

export type AnswerReading =
  | { ok: true; text: string }
  | { ok: true; cadreNumber: number; dueAt: Date | null }
  | { ok: false; code: DomainErrorCode; params?: Record<string, string | number> };

/**
 * Pure: reads a typed answer to a step, or says why it cannot be used (a locale key `error-<code>`),
 * so the bot can ask again rather than treat the answer as something else. Line breaks are kept.
 */
export function readAnswer(
  step: DialogStep,
  raw: string,
  timezone: string,
  now: Date = new Date(),
): AnswerReading {
  const text = raw.trim();
  if (text.length === 0) return { ok: false, code: 'talk-empty' };
  if (step.kind === 'assign') return readAssignment(text, step.cadreNumber, timezone, now);
  const max = ANSWER_LIMITS[step.kind];
  const length = [...text].length;
  if (length > max) return { ok: false, code: 'text-too-long', params: { max, length } };
  return { ok: true, text };
}

/**
 * Pure: an assignment as typed. Without a cadre yet: "2" (cadre 2; the due date is asked next) or
 * "2 3" (cadre 2, within 3 days); with one: just the due date ("3", "12-01").
 */
export function readAssignment(
  text: string,
  cadreNumber: number | null,
  timezone: string,
  now: Date = new Date(),
): Extract<AnswerReading, { cadreNumber: number }> | Extract<AnswerReading, { ok: false }> {
  if (cadreNumber !== null) {
    const dueAt = parseDueDate(text, timezone, now);
    return dueAt ? { ok: true, cadreNumber, dueAt } : { ok: false, code: 'talk-due-invalid' };
  }
  const [first = '', ...rest] = text.trim().split(/\s+/);
  const cadre = /^#?(\d{1,6})$/.exec(first);
  if (!cadre) return { ok: false, code: 'talk-assign-cadre-unreadable' };
  if (rest.length === 0) return { ok: true, cadreNumber: Number(cadre[1]), dueAt: null };
  const dueAt = parseDueDate(rest.join(' '), timezone, now);
  return dueAt ? { ok: true, cadreNumber: Number(cadre[1]), dueAt } : { ok: false, code: 'talk-due-invalid' };
}

export async function askStep(
  db: Db,
  owner: StepOwner,
  step: NewStep,
  now: Date = new Date(),
): Promise<void> {
  const value = stepSchema.parse({ ...step, askedAt: now.toISOString() });
  const key = keyOf(owner);
  await db.conversationState.upsert({ where: { key }, create: { key, value }, update: { value } });
  // The answer is a plain message, and plain messages act in the current village: a question asked
  // through another village's button makes that village current, so its answer lands there.
  await moveCurrentVillage(db, BigInt(owner.userId), owner.villageId);
}

/** The person's open step in the village; a value that no longer parses (an older shape) counts as none. */
export async function loadStep(db: Db, owner: StepOwner): Promise<DialogStep | undefined> {
  const row = await db.conversationState.findUnique({ where: { key: keyOf(owner) } });
  if (!row) return undefined;
  const parsed = stepSchema.safeParse(row.value);
  return parsed.success ? parsed.data : undefined;
}

export async function endStep(db: Db, owner: StepOwner): Promise<boolean> {
  const { count } = await db.conversationState.deleteMany({ where: { key: keyOf(owner) } });
  return count > 0;
}

/** The flow a step belonged to ended (the person acted on item `number` some other way): end it. */
export async function endStepAbout(db: Db, owner: StepOwner, number: number): Promise<boolean> {
  const step = await loadStep(db, owner);
  if (step?.number !== number) return false;
  return endStep(db, owner);
}

/** What judgeStep needs to know about the step's item. */
export async function loadStepItem(db: Db, villageId: number, number: number): Promise<StepItem | undefined> {
  const item = await db.talkItem.findUnique({
    where: { villageId_number: { villageId, number } },
    select: { status: true, round: true, hiddenAt: true },
  });
  return item ? { status: item.status, round: item.round, hidden: item.hiddenAt !== null } : undefined;
}
