import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { TALK_CATEGORIES } from './raise-talk-item.ts';

/**
 * Half-finished talk dialogs, kept in ConversationState through the update's transaction so they
 * survive a restart and commit (or roll back) with the update that wrote them: what the member is
 * about to submit (`speak`). What their next plain text answers is a dialog step (dialog-step.ts).
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
  /** The village it is raised in: one chat has one draft, and its buttons act in that village only. */
  villageId: z.number().int().positive().nullable().default(null),
});
export type SpeakDraft = z.infer<typeof speakDraftSchema>;

const SCHEMAS = { speak: speakDraftSchema } as const;
type Slot = keyof typeof SCHEMAS;
type SlotValue<S extends Slot> = z.infer<(typeof SCHEMAS)[S]>;

const KEY_PREFIX: Record<Slot, string> = { speak: 'talk-draft' };
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
