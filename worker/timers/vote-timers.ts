import type { TimerWork } from './timer-work.ts';

// SCAFFOLD (issue 11, being built): the close and the reminder are written by the "close side" of the
// votes work; until then a fired vote timer does nothing and says so.
export const closeVoteTimer: TimerWork<'vote-close'> = async () => ({
  outcome: 'skipped',
  reason: 'vote close not built yet',
});

export const remindVotersTimer: TimerWork<'vote-reminder'> = async () => ({
  outcome: 'skipped',
  reason: 'vote reminder not built yet',
});
