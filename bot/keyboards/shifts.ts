import { InlineKeyboard } from 'grammy';
import type { MyShift, ShiftVolunteer } from '../../core/volunteers/my-shifts.ts';
import {
  shiftCancelCallback,
  shiftCheckInCallback,
  shiftCheckOutCallback,
  shiftScoreCallback,
} from '../callback-data/volunteers.ts';
import type { Translate } from '../render/talk-item.ts';

/** Under /myshifts: per sign-up, check in or out when that is what comes next, and cancel while it can. */
export function myShiftsKeyboard(t: Translate, shifts: readonly MyShift[]): InlineKeyboard | undefined {
  const keyboard = new InlineKeyboard();
  let buttons = 0;
  for (const { shift, status, checkInAt, checkOutAt } of shifts) {
    const ref = { call: shift.callNumber, shift: shift.position };
    const label = `${shift.callNumber}.${shift.position}`;
    if (status === 'CONFIRMED' && !checkInAt)
      keyboard.text(
        t('shift-button-check-in', { ref: label }),
        shiftCheckInCallback.pack(ref, shift.villageId),
      );
    if (status === 'CONFIRMED' && checkInAt && !checkOutAt)
      keyboard.text(
        t('shift-button-check-out', { ref: label }),
        shiftCheckOutCallback.pack(ref, shift.villageId),
      );
    if (!checkInAt)
      keyboard.text(t('shift-button-cancel', { ref: label }), shiftCancelCallback.pack(ref, shift.villageId));
    keyboard.row();
    buttons += 2;
  }
  return buttons > 0 ? keyboard : undefined;
}

/** Telegram allows 100 buttons on a message: a row of six per volunteer fits sixteen. */
export const SCORE_KEYBOARD_MAX_VOLUNTEERS = 16;

/** Under a supervisor's /shift: per volunteer "#12 absent" and the scores 1–5. */
export function scoreKeyboard(
  t: Translate,
  shift: { villageId: number; callNumber: number; position: number },
  volunteers: readonly ShiftVolunteer[],
): InlineKeyboard | undefined {
  if (volunteers.length === 0 || volunteers.length > SCORE_KEYBOARD_MAX_VOLUNTEERS) return undefined;
  const keyboard = new InlineKeyboard();
  for (const volunteer of volunteers) {
    const ref = { call: shift.callNumber, shift: shift.position, member: volunteer.number };
    if (!volunteer.checkInAt)
      keyboard.text(
        t('shift-button-absent', { number: volunteer.number }),
        shiftScoreCallback.pack({ ...ref, score: 0 }, shift.villageId),
      );
    for (let score = 1; score <= 5; score++)
      keyboard.text(
        volunteer.score === score ? `${score}⭐` : String(score),
        shiftScoreCallback.pack({ ...ref, score }, shift.villageId),
      );
    keyboard.row();
  }
  return keyboard;
}
