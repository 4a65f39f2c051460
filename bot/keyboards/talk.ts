import { InlineKeyboard } from 'grammy';
import type { SimilarItem } from '../../core/talk/find-similar-items.ts';
import { TALK_CATEGORIES } from '../../core/talk/raise-talk-item.ts';
import {
  type DueChoice,
  type InboxAction,
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

/*
 * Every button names the village it acts in (the last argument), so a button pressed after its
 * presser switched village still acts where it was shown.
 */

export function categoryKeyboard(t: Translate, villageId: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  TALK_CATEGORIES.forEach((category, i) => {
    keyboard.text(t(`talk-category-${category}`), talkCategoryCallback.pack({ category }, villageId));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

/** "Is it one of these?": a me-too per similar item, then submit or cancel. */
export function draftKeyboard(t: Translate, similar: SimilarItem[], villageId: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const item of similar) {
    keyboard
      .text(t('talk-button-metoo-number', { number: item.number }), talkLikeCallback.pack(item, villageId))
      .row();
  }
  return keyboard
    .text(t('talk-button-submit'), talkDraftCallback.pack({ submit: true }, villageId))
    .text(t('talk-button-cancel'), talkDraftCallback.pack({ submit: false }, villageId));
}

/** Under the item's post in the village group (and under /issue). */
export function itemKeyboard(
  t: Translate,
  item: { number: number; likes: number },
  villageId: number,
): InlineKeyboard {
  return new InlineKeyboard()
    .text(t('talk-button-metoo', { count: item.likes }), talkLikeCallback.pack(item, villageId))
    .text(t('talk-button-comment'), talkCommentCallback.pack(item, villageId))
    .text(t('talk-button-follow'), talkFollowCallback.pack(item, villageId));
}

export function inboxKeyboard(t: Translate, number: number, villageId: number): InlineKeyboard {
  const button = (action: InboxAction) =>
    [t(`talk-button-${action}`), talkInboxCallback.pack({ action, number }, villageId)] as const;
  return new InlineKeyboard()
    .text(...button('reply'))
    .text(...button('assign'))
    .row()
    .text(...button('decline'))
    .text(...button('merge'));
}

export function taskKeyboard(
  t: Translate,
  number: number,
  status: string,
  villageId: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (status === 'ASSIGNED')
    keyboard.text(t('talk-button-start'), talkTaskCallback.pack({ action: 'start', number }, villageId));
  return keyboard.text(t('talk-button-done'), talkTaskCallback.pack({ action: 'done', number }, villageId));
}

export function reportKeyboard(
  t: Translate,
  commentIds: bigint[],
  villageId: number,
): InlineKeyboard | undefined {
  if (commentIds.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  commentIds.slice(-10).forEach((commentId, i) => {
    keyboard.text(
      t('talk-button-report', { id: commentId.toString() }),
      talkReportCallback.pack({ commentId }, villageId),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export function starsKeyboard(item: { number: number; round: number }, villageId: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let stars = 1; stars <= 5; stars++)
    keyboard.text('★'.repeat(stars), talkRateCallback.pack({ ...item, stars }, villageId));
  return keyboard;
}

export function outcomeKeyboard(
  t: Translate,
  step: { number: number; round: number; stars: number },
  villageId: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const outcome of OUTCOMES)
    keyboard.text(t(`talk-outcome-${outcome}`), talkRateCallback.pack({ ...step, outcome }, villageId)).row();
  return keyboard;
}

export function skipCommentKeyboard(
  t: Translate,
  step: { number: number; round: number; stars: number; outcome: Outcome },
  villageId: number,
): InlineKeyboard {
  return new InlineKeyboard().text(
    t('talk-button-skip'),
    talkRateCallback.pack({ ...step, skip: true }, villageId),
  );
}

/** The village's cadres, two a row: "李明 · 4". */
export function cadreKeyboard(
  number: number,
  cadres: ReadonlyArray<{ number: number; name: string }>,
  villageId: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  cadres.forEach((cadre, i) => {
    keyboard.text(
      `${cadre.name} · ${cadre.number}`,
      talkAssignCadreCallback.pack({ number, cadre: cadre.number }, villageId),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}

export function dueKeyboard(t: Translate, number: number, cadre: number, villageId: number): InlineKeyboard {
  const button = (due: DueChoice) =>
    [t(`talk-button-due-${due}`), talkAssignDueCallback.pack({ number, cadre, due }, villageId)] as const;
  return new InlineKeyboard()
    .text(...button('3'))
    .text(...button('7'))
    .text(...button('date'));
}
