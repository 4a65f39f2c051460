import { InlineKeyboard } from 'grammy';
import { householdConfirmationCallback, joinApprovalCallback } from '../callback-data/members.ts';
import type { Translate } from '../render/talk-item.ts';

/** Every button acts in the newcomer's village (the last argument), as its presser's member there. */
export function joinApprovalKeyboard(t: Translate, memberId: number, villageId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('join-button-approve'), joinApprovalCallback.pack({ memberId, approve: true }, villageId))
    .text(t('join-button-reject'), joinApprovalCallback.pack({ memberId, approve: false }, villageId));
}

export function householdConfirmationKeyboard(
  t: Translate,
  memberId: number,
  householdId: number,
  villageId: number,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      t('join-button-confirm-household'),
      householdConfirmationCallback.pack({ memberId, householdId, confirm: true }, villageId),
    )
    .text(
      t('join-button-refuse-household'),
      householdConfirmationCallback.pack({ memberId, householdId, confirm: false }, villageId),
    );
}
