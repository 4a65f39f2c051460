/**
 * The keys of a vote's timers (one of each per vote: a launch retried sets them once). Here rather
 * than in worker/votes-schedule.ts so the demo's seed, in core, writes the same rows.
 */
export const voteCloseKey = (voteId: number) => `vote-${voteId}-close`;
export const voteReminderKey = (voteId: number) => `vote-${voteId}-reminder`;
