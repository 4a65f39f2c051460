import { InlineKeyboard } from 'grammy';
import { awardReviewCallback } from '../callback-data/points.ts';
import type { Translate } from '../render/talk-item.ts';

/** Under a points proposal sent to a reviewer; the buttons act in the proposal's village. */
export function awardReviewKeyboard(t: Translate, batchId: number, villageId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('points-button-approve'), awardReviewCallback.pack({ batchId, approve: true }, villageId))
    .text(t('points-button-reject'), awardReviewCallback.pack({ batchId, approve: false }, villageId));
}
