import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { moveCurrentVillage } from '../members/current-village.ts';
import { endStep } from '../talk/dialog-step.ts';
import { conversationSchema, type VoteConversation } from './vote-conversation.ts';

/**
 * Where /newvote's conversation, and the one question "your comment on vote N?", wait between
 * answers: ConversationState rows keyed by the person and the village (as talk's dialog steps), written
 * through the update's transaction, so they survive restarts and commit with the answer. No memory.
 */
export interface ConversationOwner {
  userId: bigint | number;
  villageId: number;
}

const draftKey = (owner: ConversationOwner) => `vote-draft:${owner.userId}:${owner.villageId}`;
const commentKey = (owner: ConversationOwner) => `vote-comment:${owner.userId}:${owner.villageId}`;

export async function saveVoteConversation(
  db: Db,
  owner: ConversationOwner,
  conversation: VoteConversation,
): Promise<void> {
  const value = conversationSchema.parse(conversation);
  const key = draftKey(owner);
  await db.conversationState.upsert({ where: { key }, create: { key, value }, update: { value } });
  // The answers are plain messages, which act in the current village: make it this one. A talk
  // question left standing would take them instead, so it ends here.
  await moveCurrentVillage(db, BigInt(owner.userId), owner.villageId);
  await endStep(db, owner);
  await db.conversationState.deleteMany({ where: { key: commentKey(owner) } });
}

/** The person's conversation in the village; a value of an older shape counts as none. */
export async function loadVoteConversation(
  db: Db,
  owner: ConversationOwner,
): Promise<VoteConversation | undefined> {
  const row = await db.conversationState.findUnique({ where: { key: draftKey(owner) } });
  const parsed = row ? conversationSchema.safeParse(row.value) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

export async function endVoteConversation(db: Db, owner: ConversationOwner): Promise<boolean> {
  const { count } = await db.conversationState.deleteMany({ where: { key: draftKey(owner) } });
  return count > 0;
}

const commentStepSchema = z.object({ voteNumber: z.number().int().positive(), askedAt: z.iso.datetime() });
export type VoteCommentStep = z.infer<typeof commentStepSchema>;

/** The 💬 button asked for a comment on vote `voteNumber`: the next plain text is it. */
export async function askVoteComment(
  db: Db,
  owner: ConversationOwner,
  voteNumber: number,
  now: Date,
): Promise<void> {
  const key = commentKey(owner);
  const value = { voteNumber, askedAt: now.toISOString() };
  await db.conversationState.upsert({ where: { key }, create: { key, value }, update: { value } });
  await moveCurrentVillage(db, BigInt(owner.userId), owner.villageId);
  await endStep(db, owner);
}

export async function loadVoteCommentStep(
  db: Db,
  owner: ConversationOwner,
): Promise<VoteCommentStep | undefined> {
  const row = await db.conversationState.findUnique({ where: { key: commentKey(owner) } });
  const parsed = row ? commentStepSchema.safeParse(row.value) : undefined;
  return parsed?.success ? parsed.data : undefined;
}

export async function endVoteCommentStep(db: Db, owner: ConversationOwner): Promise<boolean> {
  const { count } = await db.conversationState.deleteMany({ where: { key: commentKey(owner) } });
  return count > 0;
}
