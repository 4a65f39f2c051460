import { InlineKeyboard } from 'grammy';
import { STEP_CHOICES, type VoteStep } from '../../core/votes/vote-conversation.ts';
import type { VoteOptionMeaning } from '../../core/votes/vote-types.ts';
import {
  voteBallotCallback,
  voteCommentCallback,
  voteDraftCallback,
  voteLikeCallback,
} from '../callback-data/votes.ts';
import type { Translate } from '../render/talk-item.ts';
import { optionLabel } from '../render/vote-card.ts';

/** Under a vote's card: one button per option, then 👍 and 💬. Acts in the vote's village. */
export function ballotKeyboard(
  t: Translate,
  vote: {
    number: number;
    likes: number;
    options: { position: number; meaning: VoteOptionMeaning; label: string | null }[];
  },
  villageId: number,
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const option of vote.options)
    keyboard.text(
      optionLabel(t, option),
      voteBallotCallback.pack({ number: vote.number, position: option.position }, villageId),
    );
  return keyboard
    .row()
    .text(
      t('vote-card-button-like', { likes: vote.likes }),
      voteLikeCallback.pack({ number: vote.number }, villageId),
    )
    .text(t('vote-card-button-comment'), voteCommentCallback.pack({ number: vote.number }, villageId));
}

/** The choices of one /newvote question (none for a question answered by typing). */
export function draftKeyboard(t: Translate, step: VoteStep, villageId: number): InlineKeyboard | undefined {
  const choices: readonly string[] = STEP_CHOICES[step];
  if (choices.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  choices.forEach((choice, i) => {
    keyboard.text(
      t(`vote-launch-choice-${step}-${choice}`),
      voteDraftCallback.pack({ step, choice }, villageId),
    );
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}
