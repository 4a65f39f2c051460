import { applyAward, nameStars, publishCheckpoint } from './points-timers.ts';
import { expireReservation } from './shop-timers.ts';
import { escalateOverdueTask, expireRating, remindTask } from './talk-task-timers.ts';
import type { TimerWorkRegistry } from './timer-work.ts';
import {
  callFanoutTimer,
  callRefreshTimer,
  shiftAwardsTimer,
  shiftReminderTimer,
} from './volunteer-timers.ts';
import { closeVoteTimer, remindVotersTimer } from './vote-timers.ts';

/** What each timer kind of worker/queues.ts's TIMERS does when it fires. */
export const TIMER_WORK: TimerWorkRegistry = {
  'points-award-final': applyAward,
  'points-checkpoint': publishCheckpoint,
  'points-weekly-stars': nameStars,
  'talk-task-reminder': remindTask,
  'talk-task-overdue': escalateOverdueTask,
  'talk-rating-expiry': expireRating,
  'vote-close': closeVoteTimer,
  'vote-reminder': remindVotersTimer,
  'call-fanout': callFanoutTimer,
  'call-refresh': callRefreshTimer,
  'shift-reminder': shiftReminderTimer,
  'shift-awards': shiftAwardsTimer,
  'shop-reservation-expiry': expireReservation,
};
