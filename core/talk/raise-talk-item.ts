import type { TalkCategory } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';
import { TELEGRAM_CAPTION_LIMIT, TELEGRAM_TEXT_LIMIT } from '../text/validate-text.ts';
import { allocateNumber } from '../villages/allocate-number.ts';

export const TALK_CATEGORIES = [
  'FACILITY',
  'ENVIRONMENT',
  'SAFETY',
  'SUGGESTION',
  'DISPUTE',
  'OTHER',
] as const satisfies readonly TalkCategory[];
export const TALK_TITLE_MAX = 60;

/** What a villager said: any of text, a photo (with caption), a voice message, a location. */
export interface TalkDraft {
  category: TalkCategory;
  title?: string | null;
  text?: string | null;
  photoFileId?: string | null;
  voiceFileId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface RaisedItem {
  itemId: number;
  number: number;
  raiserMemberId: number;
  raiserUserId: bigint;
  enteredByMemberId: number | null;
}

/**
 * Speak: creates the item with the village's next number; the raiser follows it. A cadre or the
 * secretary may raise it for a villager who phoned or came to the office (`forMemberNumber`).
 */
export async function raiseTalkItem(
  db: Db,
  input: { actor: Membership | undefined; draft: TalkDraft; forMemberNumber?: number },
): Promise<RaisedItem> {
  const onBehalf = input.forMemberNumber !== undefined;
  const actor = requireAllowed(input.actor, onBehalf ? 'talk.speak-for' : 'talk.speak');
  const draft = validateDraft(input.draft);

  let raiser = { id: actor.memberId, userId: BigInt(0) };
  if (onBehalf) {
    const member = await db.member.findUnique({
      where: { villageId_number: { villageId: actor.villageId, number: input.forMemberNumber ?? 0 } },
    });
    if (member?.status !== 'ACTIVE')
      throw new DomainError('member-not-found', { number: input.forMemberNumber ?? 0 });
    raiser = { id: member.id, userId: member.userId };
  } else {
    const me = await db.member.findUniqueOrThrow({ where: { id: actor.memberId } });
    raiser = { id: me.id, userId: me.userId };
  }

  const number = await allocateNumber(db, actor.villageId, 'nextTalkNumber');
  const item = await db.talkItem.create({
    data: {
      villageId: actor.villageId,
      number,
      raiserId: raiser.id,
      enteredById: onBehalf ? actor.memberId : null,
      ...draft,
      follows: { create: { memberId: raiser.id } },
      statusChanges: { create: { toStatus: 'OPEN', actorId: actor.memberId } },
    },
  });
  return {
    itemId: item.id,
    number,
    raiserMemberId: raiser.id,
    raiserUserId: raiser.userId,
    enteredByMemberId: onBehalf ? actor.memberId : null,
  };
}

/** Pure: trims, checks Telegram's limits, and requires something to be said. */
export function validateDraft(draft: TalkDraft): TalkDraft {
  const text = draft.text?.trim() || null;
  const title = draft.title?.trim() || null;
  const hasContent = text || draft.photoFileId || draft.voiceFileId || draft.latitude != null;
  if (!hasContent) throw new DomainError('talk-empty');
  const limit = draft.photoFileId ? TELEGRAM_CAPTION_LIMIT : TELEGRAM_TEXT_LIMIT;
  if (text && [...text].length > limit)
    throw new DomainError('text-too-long', { max: limit, length: [...text].length });
  if (title && [...title].length > TALK_TITLE_MAX)
    throw new DomainError('text-too-long', { max: TALK_TITLE_MAX, length: [...title].length });
  if (!TALK_CATEGORIES.includes(draft.category as (typeof TALK_CATEGORIES)[number]))
    throw new DomainError('talk-empty');
  return {
    category: draft.category,
    title,
    text,
    photoFileId: draft.photoFileId ?? null,
    voiceFileId: draft.voiceFileId ?? null,
    latitude: draft.latitude ?? null,
    longitude: draft.longitude ?? null,
  };
}
