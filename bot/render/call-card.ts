import {
  type CallCardView,
  formatCallTime,
  formatShiftTime,
  type ShiftView,
} from '../../core/volunteers/call-card.ts';
import type { Translate } from './talk-item.ts';

/**
 * A volunteer call as text: for a member (their invite), the village group (the post) or the cadre's
 * preview before sending. Pure: the call's data and `t` in the reader's language. Sent without
 * parse_mode, so the cadre's words show exactly as typed. The buttons are bot/keyboards/volunteers.ts's.
 */
export type CallCardAudience = 'member' | 'group' | 'preview';

export function renderShiftLine(t: Translate, shift: ShiftView, timezone: string): string {
  const params = {
    position: shift.position,
    place: shift.place,
    time: formatShiftTime(shift.startsAt, shift.endsAt, timezone),
    taken: shift.taken,
    capacity: shift.capacity,
  };
  return t(shift.taken >= shift.capacity ? 'call-card-shift-full' : 'call-card-shift', params);
}

export function renderCallCard(t: Translate, card: CallCardView, audience: CallCardAudience): string {
  const lines = [
    t(card.urgent ? 'call-card-title-urgent' : 'call-card-title', { number: card.number, title: card.title }),
  ];
  if (card.description) lines.push(card.description);
  lines.push('', ...card.shifts.map((shift) => renderShiftLine(t, shift, card.timezone)), '');
  if (card.pointsPerHour > 0) lines.push(t('call-card-points', { points: card.pointsPerHour }));
  lines.push(t('call-card-closes', { closes: formatCallTime(card.signupClosesAt, card.timezone) }));
  if (audience === 'preview') lines.push(t('call-card-preview-how'));
  else lines.push(card.isOpen ? t(`call-card-how-${audience}`) : t('call-card-closed'));
  return lines.join('\n');
}

/** The cadre's one message about a call's fan-out, and how its shifts fill. */
export interface FanoutProgressView {
  number: number;
  sent: number;
  failed: number;
  total: number;
  /** The invites wait for the end of the quiet hours (a moment in the village's zone), or go now. */
  deferredUntil: Date | null;
  settled: boolean;
  timezone: string;
  createdAt: Date;
  shifts: (ShiftView & { filledAt: Date | null })[];
}

export function renderFanoutProgress(t: Translate, progress: FanoutProgressView): string {
  const { number, sent, failed, total } = progress;
  const head = progress.deferredUntil
    ? t('call-progress-deferred', {
        number,
        total,
        at: formatCallTime(progress.deferredUntil, progress.timezone),
      })
    : t(progress.settled ? 'call-progress-done' : 'call-progress', { number, sent, failed, total });
  const shifts = progress.shifts.map((shift) => {
    const params = {
      position: shift.position,
      place: shift.place,
      taken: shift.taken,
      capacity: shift.capacity,
    };
    if (shift.taken < shift.capacity || !shift.filledAt) return t('call-progress-shift', params);
    const minutes = Math.max(
      0,
      Math.round((shift.filledAt.getTime() - progress.createdAt.getTime()) / 60_000),
    );
    return t('call-progress-shift-full', {
      ...params,
      duration: t('call-duration', { hours: Math.floor(minutes / 60), minutes: minutes % 60 }),
    });
  });
  return [head, t('call-progress-shifts'), ...shifts].join('\n');
}
