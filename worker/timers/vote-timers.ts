import { formatDue } from '../../core/talk/format-due.ts';
import { closeVote } from '../../core/votes/close-vote.ts';
import { findVotersToRemind } from '../../core/votes/remind-voters.ts';
import { pointRuleAnnounceKey } from '../points-schedule.ts';
import type { TimerWork } from './timer-work.ts';

export const voteResultPostKey = (voteId: number) => `vote-${voteId}-result`;
export const voteResultNoticeKey = (voteId: number, memberId: number) =>
  `vote-${voteId}-result-member-${memberId}`;
export const voteReminderNoticeKey = (voteId: number, memberId: number) =>
  `vote-${voteId}-reminder-member-${memberId}`;

const RESULT_NOTICE = {
  ADOPTED: 'vote-result-notice-adopted',
  REJECTED: 'vote-result-notice-rejected',
  NO_QUORUM: 'vote-result-notice-no-quorum',
} as const;

/**
 * The deadline: the vote is closed and counted once (core decides; a second firing finds it closed),
 * and in the same transaction the result is owed to the village group and to every voter, and an
 * adopted points-rule change its announcement as /pointrule owes it. A clock ahead of the deadline
 * waits until it.
 */
export const closeVoteTimer: TimerWork<'vote-close'> = async (tx, owed, { voteId }, { now }) => {
  const closed = await closeVote(tx, { voteId, now });
  if (closed.outcome === 'wait') return { outcome: 'wait', until: closed.until };
  if (closed.outcome !== 'closed') return { outcome: 'skipped', reason: closed.outcome };
  await owed.job(tx, 'vote-result-post', { dedupeKey: voteResultPostKey(voteId), voteId });
  if (closed.change.kind === 'point-rule') {
    const { ruleId, version } = closed.change;
    await owed.job(tx, 'points-rule-announce', {
      dedupeKey: pointRuleAnnounceKey(ruleId, version),
      ruleId,
      version,
    });
  }
  await owed.jobs(
    tx,
    'notify',
    closed.voterMemberIds.map((memberId) => ({
      dedupeKey: voteResultNoticeKey(voteId, memberId),
      memberId,
      message: {
        key: RESULT_NOTICE[closed.result],
        params: { number: closed.number, turnout: closed.turnout, electorate: closed.electorateSize },
      },
    })),
  );
  return { outcome: 'sent', notified: closed.voterMemberIds };
};

/**
 * A day before the close: every elector whose ballot is not cast yet hears that the vote closes soon,
 * once (the notice's key names the vote and the member, so a second firing, or the same notices owed
 * again after Redis lost them, sends nothing more). Nothing once the vote is closed or past its deadline.
 */
export const remindVotersTimer: TimerWork<'vote-reminder'> = async (tx, owed, { voteId }, { now }) => {
  const found = await findVotersToRemind(tx, { voteId });
  if (found.outcome === 'not-open') return { outcome: 'skipped', reason: 'vote-not-open' };
  if (found.closesAt <= now) return { outcome: 'skipped', reason: 'past-deadline' };
  if (found.memberIds.length === 0) return { outcome: 'skipped', reason: 'everyone-voted' };
  const village = await tx.vote.findUniqueOrThrow({
    where: { id: voteId },
    select: { village: { select: { timezone: true } } },
  });
  const closes = formatDue(found.closesAt, village.village.timezone);
  await owed.jobs(
    tx,
    'notify',
    found.memberIds.map((memberId) => ({
      dedupeKey: voteReminderNoticeKey(voteId, memberId),
      memberId,
      message: { key: 'vote-reminder-notice', params: { number: found.number, closes } },
    })),
  );
  return { outcome: 'sent', notified: found.memberIds };
};
