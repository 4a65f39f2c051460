import { DateTime } from 'luxon';
import { formatDue } from '../../core/talk/format-due.ts';
import type { TimelineEvent, VisibleTimeline } from '../../core/talk/read-items.ts';
import type { Translate } from './talk-item.ts';

/** The public record of an item, oldest first, times in the village's time zone. */
export function renderTimeline(t: Translate, timeline: VisibleTimeline, timezone: string): string {
  const { item } = timeline;
  const head = [
    t('talk-card-head', { number: item.number, category: t(`talk-category-${item.category}`) }),
    ...(item.title ? [item.title] : []),
    ...(item.text ? [item.text] : []),
    ...(item.voiceFileId && !item.title && !item.text ? [t('talk-card-voice')] : []),
    ...(item.latitude !== null && item.longitude !== null
      ? [t('talk-card-location', { latitude: item.latitude, longitude: item.longitude })]
      : []),
    t('talk-card-status', { status: t(`talk-status-${item.status}`), likes: item.likes }),
    ...(item.mergedInto !== null ? [t('talk-timeline-merged-into', { into: item.mergedInto })] : []),
    ...(item.hiddenBy ? [t('talk-timeline-hidden-for-supervisors', item.hiddenBy)] : []),
  ];
  const events = timeline.events.map(
    (event) => `${time(event.at, timezone)} ${renderEvent(t, event, timezone)}`,
  );
  return [...head, '', t('talk-timeline-title'), ...events].join('\n');
}

function renderEvent(t: Translate, event: TimelineEvent, timezone: string): string {
  switch (event.kind) {
    case 'hidden':
      return t('talk-event-hidden', { by: event.by, reason: event.reason });
    case 'restored':
      return t('talk-event-restored', { by: event.by, reason: event.reason });
    case 'task':
      return t('talk-event-task', {
        assignee: event.assignee,
        number: event.assigneeNumber,
        due: formatDue(event.dueAt, timezone),
      });
    case 'raised':
      return event.enteredBy
        ? t('talk-event-raised-for', { by: event.by, enteredBy: event.enteredBy })
        : t('talk-event-raised', { by: event.by });
    case 'status':
      return (
        t('talk-event-status', {
          by: event.by ?? t('talk-event-system'),
          status: t(`talk-status-${event.to}`),
        }) + (event.reason ? t('talk-event-reason', { reason: event.reason }) : '')
      );
    case 'comment':
      return t('talk-event-comment', { by: event.by, text: event.text, id: event.commentId.toString() });
    case 'comment-hidden':
      return t('talk-event-comment-hidden', {
        by: event.by,
        hiddenBy: event.hiddenBy,
        reason: event.reason,
        id: event.commentId.toString(),
      });
    case 'note':
      return (
        t('talk-event-note', { by: event.by, text: event.text ?? '' }) +
        (event.hasPhoto ? t('talk-event-photo') : '')
      );
    case 'rating':
      return (
        t('talk-event-rating', {
          by: event.by,
          stars: event.stars,
          outcome: t(`talk-outcome-${event.outcome}`),
        }) + (event.comment ? t('talk-event-rating-comment', { comment: event.comment }) : '')
      );
  }
}

function time(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('MM-dd HH:mm');
}

export function formatDay(at: Date, timezone: string): string {
  return DateTime.fromJSDate(at, { zone: timezone }).toFormat('yyyy-MM-dd');
}
