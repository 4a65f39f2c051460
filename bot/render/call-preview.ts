import { formatCallTime, formatShiftTime } from '../../core/volunteers/call-card.ts';
import type { RecruitDraft } from '../../core/volunteers/recruit-conversation.ts';
import type { Translate } from './talk-item.ts';

/** What the cadre is about to send, with what it costs when it goes as a paid broadcast. */
export interface CallQuote {
  recipients: number;
  paidCostTenths: number;
}

export function renderCallPreview(
  t: Translate,
  draft: RecruitDraft,
  timezone: string,
  quote: CallQuote,
): string {
  const shifts = (draft.shifts ?? [])
    .map((shift, i) =>
      t('call-preview-shift', {
        position: i + 1,
        place: shift.place,
        time: formatShiftTime(new Date(shift.startsAt), new Date(shift.endsAt), timezone),
        capacity: shift.capacity,
      }),
    )
    .join('\n');
  const closes = draft.signupClosesAt
    ? formatCallTime(new Date(draft.signupClosesAt), timezone)
    : t('call-preview-closes-at-start');
  const urgency = draft.paidBroadcast ? 'paid' : draft.urgent ? 'urgent' : 'normal';
  return t('call-preview', {
    title: draft.title ?? '',
    description: draft.description ?? '',
    shifts,
    points: draft.pointsPerHour ?? 0,
    audience: draft.audience === 'VOLUNTEERS' ? 'volunteers' : 'members',
    recipients: quote.recipients,
    closes,
    urgency,
    // Tenths of a Star, shown as Stars with one decimal.
    cost: (quote.paidCostTenths / 10).toFixed(1),
  });
}
