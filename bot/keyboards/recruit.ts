import { InlineKeyboard } from 'grammy';
import { RECRUIT_CHOICES, type RecruitStep } from '../../core/volunteers/recruit-conversation.ts';
import { recruitDraftCallback } from '../callback-data/volunteers.ts';
import type { Translate } from '../render/talk-item.ts';

/** The choices of one /recruit question; `paidAvailable` hides the paid broadcast where it cannot be used. */
export function recruitKeyboard(
  t: Translate,
  step: RecruitStep,
  villageId: number,
  options: { paidAvailable: boolean; shiftsSoFar: number },
): InlineKeyboard | undefined {
  const choices = (RECRUIT_CHOICES[step] as readonly string[]).filter(
    (choice) =>
      !(step === 'urgency' && choice === 'paid' && !options.paidAvailable) &&
      !(step === 'shifts' && options.shiftsSoFar === 0),
  );
  if (choices.length === 0) return undefined;
  const keyboard = new InlineKeyboard();
  for (const choice of choices)
    keyboard.text(t(`call-choice-${step}-${choice}`), recruitDraftCallback.pack({ step, choice }, villageId));
  return keyboard;
}
