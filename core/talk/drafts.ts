import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { TALK_CATEGORIES } from './raise-talk-item.ts';

/**
 * Half-finished talk dialogs, kept in ConversationState through the update's transaction so they
 * survive a restart and commit (or roll back) with the update that wrote them. Two slots per chat:
 * what the member is about to submit (`speak`), and what their next plain text means (`await`).
 */
const speakDraftSchema = z.object({
  category: z.enum(TALK_CATEGORIES).nullable().default(null),
  title: z.string().nullable().default(null),
  text: z.string().nullable().default(null),
  photoFileId: z.string().nullable().default(null),
  voiceFileId: z.string().nullable().default(null),
  latitude: z.number().nullable().default(null),
  longitude: z.number().nullable().default(null),
  /** Set by /talk_for: the member number the item is raised for. */
  forMemberNumber: z.number().int().positive().nullable().default(null),
});
export type SpeakDraft = z.infer<typeof speakDraftSchema>;

const awaitSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('comment'), number: z.number().int().positive() }),
  z.object({ kind: z.literal('reply'), number: z.number().int().positive() }),
  z.object({ kind: z.literal('assign'), number: z.number().int().positive() }),
  z.object({ kind: z.literal('decline'), number: z.number().int().positive() }),
  z.object({
    kind: z.literal('rate-comment'),
    number: z.number().int().positive(),
    round: z.number().int().positive(),
    stars: z.number().int().min(1).max(5),
    outcome: z.enum(['RESOLVED', 'PARTLY_RESOLVED', 'NOT_RESOLVED']),
  }),
]);
export type AwaitedInput = z.infer<typeof awaitSchema>;

const SCHEMAS = { speak: speakDraftSchema, await: awaitSchema } as const;
type Slot = keyof typeof SCHEMAS;
type SlotValue<S extends Slot> = z.infer<(typeof SCHEMAS)[S]>;

const KEY_PREFIX: Record<Slot, string> = { speak: 'talk-draft', await: 'talk-await' };
const keyOf = (slot: Slot, chatId: number | bigint) => `${KEY_PREFIX[slot]}:${chatId}`;

export async function saveDraft<S extends Slot>(
  db: Db,
  slot: S,
  chatId: number | bigint,
  value: SlotValue<S>,
): Promise<void> {
  const parsed = SCHEMAS[slot].parse(value);
  const key = keyOf(slot, chatId);
  await db.conversationState.upsert({
    where: { key },
    create: { key, value: parsed },
    update: { value: parsed },
  });
}

/** The chat's draft in that slot; a value that no longer parses (an older shape) counts as none. */
export async function loadDraft<S extends Slot>(
  db: Db,
  slot: S,
  chatId: number | bigint,
): Promise<SlotValue<S> | undefined> {
  const row = await db.conversationState.findUnique({ where: { key: keyOf(slot, chatId) } });
  if (!row) return undefined;
  const parsed = SCHEMAS[slot].safeParse(row.value);
  return parsed.success ? (parsed.data as SlotValue<S>) : undefined;
}

export async function clearDraft(db: Db, slot: Slot, chatId: number | bigint): Promise<boolean> {
  const { count } = await db.conversationState.deleteMany({ where: { key: keyOf(slot, chatId) } });
  return count > 0;
}

export function emptySpeakDraft(): SpeakDraft {
  return speakDraftSchema.parse({});
}
