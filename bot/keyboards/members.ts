import { InlineKeyboard } from 'grammy';
import { householdConfirmationCallback, joinApprovalCallback } from '../callback-data/members.ts';
import type { Translate } from '../render/talk-item.ts';

export function joinApprovalKeyboard(t: Translate, memberId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('join-button-approve'), joinApprovalCallback.pack({ memberId, approve: true }))
    .text(t('join-button-reject'), joinApprovalCallback.pack({ memberId, approve: false }));
}

export function householdConfirmationKeyboard(
  t: Translate,
  memberId: number,
  householdId: number,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(
      t('join-button-confirm-household'),
      householdConfirmationCallback.pack({ memberId, householdId, confirm: true }),
    )
    .text(
      t('join-button-refuse-household'),
      householdConfirmationCallback.pack({ memberId, householdId, confirm: false }),
    );
}
