import type { Action } from '../core/roles/permissions.ts';

/**
 * The commands shown in Telegram's menu and in /help. `action` is what a member must be allowed
 * to do to see the command in their /help; commands without one are for everybody.
 * The description is the locale key `command-<name>`.
 */
export interface CommandSpec {
  name: string;
  action?: Action;
  /** Shown before someone has joined a village. */
  forNewcomers?: boolean;
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'start', forNewcomers: true },
  { name: 'join', forNewcomers: true },
  { name: 'me', action: 'profile.view' },
  { name: 'village', forNewcomers: true },
  { name: 'help', forNewcomers: true },
  { name: 'lang', forNewcomers: true },
  { name: 'talk', action: 'talk.speak' },
  { name: 'issues', action: 'profile.view' },
  { name: 'issue', action: 'profile.view' },
  { name: 'comment', action: 'talk.speak' },
  { name: 'follow', action: 'profile.view' },
  { name: 'unfollow', action: 'profile.view' },
  { name: 'rate', action: 'profile.view' },
  { name: 'report', action: 'talk.speak' },
  { name: 'talk_for', action: 'talk.speak-for' },
  { name: 'tasks', action: 'talk.progress' },
  { name: 'progress', action: 'talk.progress' },
  { name: 'done', action: 'talk.progress' },
  { name: 'inbox', action: 'talk.handle' },
  { name: 'reply', action: 'talk.handle' },
  { name: 'assign', action: 'talk.handle' },
  { name: 'unassign', action: 'talk.handle' },
  { name: 'decline', action: 'talk.handle' },
  { name: 'merge', action: 'talk.handle' },
  { name: 'adopt', action: 'talk.handle' },
  { name: 'hide', action: 'talk.handle' },
  { name: 'hidecomment', action: 'talk.handle' },
  { name: 'restore', action: 'talk.restore' },
  { name: 'rules', action: 'profile.view' },
  { name: 'receipts', action: 'profile.view' },
  { name: 'points', action: 'profile.view' },
  { name: 'top', action: 'profile.view' },
  { name: 'credit', action: 'profile.view' },
  { name: 'negative', action: 'credit.negative' },
  { name: 'pointrule', action: 'points.rules' },
  { name: 'verify', action: 'profile.view' },
  { name: 'stars', action: 'profile.view' },
  { name: 'qr', action: 'household-qr.show' },
  { name: 'award', action: 'points.propose' },
  { name: 'awards', action: 'points.review' },
  { name: 'award_ok', action: 'points.review' },
  { name: 'award_no', action: 'points.review' },
  { name: 'appeal', action: 'points.appeal' },
  { name: 'appeals', action: 'points.appeal.decide' },
  { name: 'appeal_uphold', action: 'points.appeal.decide' },
  { name: 'appeal_reject', action: 'points.appeal.decide' },
  { name: 'votes', action: 'vote.cast' },
  { name: 'vote', action: 'vote.cast' },
  { name: 'votecomment', action: 'vote.comment' },
  { name: 'newvote', action: 'vote.launch' },
  { name: 'proxyvote', action: 'vote.proxy' },
  { name: 'recruit', action: 'volunteer.post' },
  { name: 'myshifts', action: 'volunteer.join' },
  { name: 'join_shift', action: 'volunteer.join' },
  { name: 'cancel_shift', action: 'volunteer.join' },
  { name: 'checkin', action: 'volunteer.join' },
  { name: 'checkout', action: 'volunteer.join' },
  { name: 'rateshift', action: 'volunteer.join' },
  { name: 'reportshift', action: 'volunteer.join' },
  { name: 'calls', action: 'volunteer.join' },
  { name: 'shift', action: 'volunteer.supervise' },
  { name: 'score', action: 'volunteer.supervise' },
  { name: 'shiftdone', action: 'volunteer.supervise' },
  { name: 'report_ok', action: 'points.appeal.decide' },
  { name: 'report_no', action: 'points.appeal.decide' },
  { name: 'shop', action: 'shop.redeem' },
  { name: 'myorders', action: 'shop.redeem' },
  { name: 'redeem', action: 'shop.fulfil' },
  { name: 'linkgroup', action: 'group.link' },
  { name: 'invite', action: 'village.invite' },
  { name: 'settings', action: 'village.settings' },
  { name: 'grant', action: 'role.grant' },
  { name: 'revoke', action: 'role.revoke' },
  { name: 'cancel' },
];

/** Only for BOT_ADMINS; never listed in the public menu. */
export const ADMIN_COMMANDS: readonly CommandSpec[] = [{ name: 'newvillage' }];
