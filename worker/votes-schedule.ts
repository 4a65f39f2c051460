import type { Db } from '../core/db/client.ts';
import { voteCloseKey, voteReminderKey } from '../core/votes/vote-timer-keys.ts';
import type { Owed } from './owed.ts';

/**
 * The timers of a rule vote, set in the transaction that launches it (see talk-schedule.ts for the
 * pattern): the close at `closesAt`, and the reminder to the electors who have not voted
 * (VOTE_REMINDER_LEAD_MINUTES before the close; none for a vote shorter than that). One key per vote:
 * a launch retried sets them once, and a close that runs twice closes once (core decides).
 */
export { voteCloseKey, voteReminderKey };

export async function setVoteTimers(
  db: Db,
  owed: Owed,
  input: { voteId: number; closesAt: Date; reminderAt: Date | null },
): Promise<void> {
  await owed.timer(
    db,
    'vote-close',
    { dedupeKey: voteCloseKey(input.voteId), voteId: input.voteId },
    input.closesAt,
  );
  if (input.reminderAt)
    await owed.timer(
      db,
      'vote-reminder',
      { dedupeKey: voteReminderKey(input.voteId), voteId: input.voteId },
      input.reminderAt,
    );
}
