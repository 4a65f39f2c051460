import type { Db } from '../db/client.ts';
import { moveCurrentVillage } from '../members/current-village.ts';
import { endStep } from '../talk/dialog-step.ts';
import type { ConversationOwner } from '../votes/vote-conversation-store.ts';
import { type RecruitConversation, recruitConversationSchema } from './recruit-conversation.ts';

/**
 * Where /recruit's draft waits between answers: a ConversationState row keyed by person and village,
 * written through the update's transaction (as /newvote's, vote-conversation-store.ts).
 */
const draftKey = (owner: ConversationOwner) => `recruit-draft:${owner.userId}:${owner.villageId}`;

export async function saveRecruitConversation(
  db: Db,
  owner: ConversationOwner,
  conversation: RecruitConversation,
): Promise<void> {
  const value = recruitConversationSchema.parse(conversation);
  const key = draftKey(owner);
  await db.conversationState.upsert({ where: { key }, create: { key, value }, update: { value } });
  // The answers are plain messages, which act in the current village; a talk question left standing
  // would take them instead, so it ends here.
  await moveCurrentVillage(db, BigInt(owner.userId), owner.villageId);
  await endStep(db, owner);
}

export async function loadRecruitConversation(
  db: Db,
  owner: ConversationOwner,
): Promise<RecruitConversation | undefined> {
  const row = await db.conversationState.findUnique({ where: { key: draftKey(owner) } });
  const parsed = row ? recruitConversationSchema.safeParse(row.value) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

export async function endRecruitConversation(db: Db, owner: ConversationOwner): Promise<boolean> {
  const { count } = await db.conversationState.deleteMany({ where: { key: draftKey(owner) } });
  return count > 0;
}
