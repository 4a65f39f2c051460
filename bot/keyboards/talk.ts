import { InlineKeyboard } from 'grammy';
import type { SimilarItem } from '../../core/talk/find-similar-items.ts';
import { TALK_CATEGORIES } from '../../core/talk/raise-talk-item.ts';
import {
  OUTCOMES,
  type Outcome,
  talkAssignCadreCallback,
  talkAssignDueCallback,
  talkCategoryCallback,
  talkCommentCallback,
  talkDraftCallback,
  talkFollowCallback,
  talkInboxCallback,
  talkLikeCallback,
  talkRateCallback,
  talkReportCallback,
  talkTaskCallback,
} from '../callback-data/talk.ts';
import type { Translate } from '../render/talk-item.ts';

export function categoryKeyboard(t: Translate): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  TALK_CATEGORIES.forEach((category, i) => {
    keyboard.text(t(`talk-category-${category}`), talkCategoryCallback.pack({ category }));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

/** "Is it one of these?": a me-too per similar item, then submit or cancel. */
export function draftKeyboard(t: Translate, similar: SimilarItem[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const item of similar) {
    keyboard.text(t('talk-button-metoo-number', { number: item.number }), talkLikeCallback.pack(item)).row();
  }
  return keyboard
    .text(t('talk-button-submit'), talkDraftCallback.pack({ submit: true }))
    .text(t('talk-button-cancel'), talkDraftCallback.pack({ submit: false }));
}

/** Under the item's post in the village group (and under /issue). */
export function itemKeyboard(t: Translate, item: { number: number; likes: number }): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('talk-button-metoo', { count: item.likes }), talkLikeCallback.pack(item))
    .text(t('talk-button-comment'), talkCommentCallback.pack(item))
    .text(t('talk-button-follow'), talkFollowCallback.pack(item));
}

export function inboxKeyboard(t: Translate, number: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('talk-button-reply'), talkInboxCallback.pack({ action: 'reply', number }))
    .text(t('talk-button-assign'), talkInboxCallback.pack({ action: 'assign', number }))
    .row()
    .text(t('talk-button-decline'), talkInboxCallback.pack({ action: 'decline', number }))
    .text(t('talk-button-merge'), talkInboxCallback.pack({ action: 'merge', number }));
}

export function taskKeyboard(t: Translate, number: number, status: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (status === 'ASSIGNED')
    keyboard.text(t('talk-button-start'), talkTaskCallback.pack({ action: 'start', number }));
  return keyboard.text(t('talk-button-done'), talkTaskCallback.pack({ action: 'done', number }));
}

export function reportKeyboard(t: Translate, commentIds: bigint[]): InlineKeyboard | undefined {
  if (commentIds.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  commentIds.slice(-10).forEach((commentId, i) => {
    keyboard.text(
      t('talk-button-report', { id: commentId.toString() }),
      talkReportCallback.pack({ commentId }),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export function starsKeyboard(item: { number: number; round: number }): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let stars = 1; stars <= 5; stars++)
    keyboard.text('★'.repeat(stars), talkRateCallback.pack({ ...item, stars }));
  return keyboard;
}

export function outcomeKeyboard(
  t: Translate,
  step: { number: number; round: number; stars: number },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const outcome of OUTCOMES)
    keyboard.text(t(`talk-outcome-${outcome}`), talkRateCallback.pack({ ...step, outcome })).row();
  return keyboard;
}

export function skipCommentKeyboard(
  t: Translate,
  step: { number: number; round: number; stars: number; outcome: Outcome },
): InlineKeyboard {
  return new InlineKeyboard().text(t('talk-button-skip'), talkRateCallback.pack({ ...step, skip: true }));
}

/** The village's cadres, two a row: "李明 · 4". */
export function cadreKeyboard(
  number: number,
  cadres: ReadonlyArray<{ number: number; name: string }>,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  cadres.forEach((cadre, i) => {
    keyboard.text(
      `${cadre.name} · ${cadre.number}`,
      talkAssignCadreCallback.pack({ number, cadre: cadre.number }),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export function dueKeyboard(t: Translate, number: number, cadre: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('talk-button-due-3'), talkAssignDueCallback.pack({ number, cadre, due: '3' }))
    .text(t('talk-button-due-7'), talkAssignDueCallback.pack({ number, cadre, due: '7' }))
    .text(t('talk-button-due-date'), talkAssignDueCallback.pack({ number, cadre, due: 'date' }));
}
