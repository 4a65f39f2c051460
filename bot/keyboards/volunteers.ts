import { InlineKeyboard } from 'grammy';
import type { CallCardView } from '../../core/volunteers/call-card.ts';
import { shiftCheckInCallback, shiftJoinCallback } from '../callback-data/volunteers.ts';
import type { Translate } from '../render/talk-item.ts';

/**
 * Under a call's card (invite, group post, /calls): one button per shift, "join" while it has seats and
 * "join the waiting list" once it is full. None once sign-ups are closed. Acts in the call's village.
 */
export function callJoinKeyboard(
  t: Translate,
  card: Pick<CallCardView, 'number' | 'isOpen' | 'shifts'>,
  villageId: number,
): InlineKeyboard | undefined {
  if (!card.isOpen) return undefined;
  const keyboard = new InlineKeyboard();
  for (const shift of card.shifts) {
    const full = shift.taken >= shift.capacity;
    keyboard
      .text(
        t(full ? 'call-button-waitlist' : 'call-button-join', {
          position: shift.position,
          place: shift.place,
        }),
        shiftJoinCallback.pack({ call: card.number, shift: shift.position }, villageId),
      )
      .row();
  }
  return keyboard;
}

/** Under a shift's reminder: check in (the shift by the call's number and its position). */
export function shiftCheckInKeyboard(
  t: Translate,
  shift: { call: number; shift: number },
  villageId: number,
): InlineKeyboard {
  return new InlineKeyboard().text(t('call-button-check-in'), shiftCheckInCallback.pack(shift, villageId));
}
