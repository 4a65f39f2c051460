import type { TalkStatus } from '../../prisma/generated/enums.ts';

export type { TalkStatus };

/**
 * Everything that can happen to a talk item, and from which states. The table is the rule:
 * an action not listed for the item's state is refused, and every transition is recorded.
 */
export type TalkAction =
  | 'reply' // the secretary answers publicly; the first answer acknowledges the item
  | 'assign' // the secretary makes it a task for a cadre, with a due date
  | 'start' // the assigned cadre starts work
  | 'complete' // the assigned cadre (or the secretary) marks it done
  | 'rate-satisfied' // the raiser rates 3-5 stars and it is (partly) resolved
  | 'rate-unsatisfied' // 1-2 stars or "not resolved": reopened, the secretary is told
  | 'expire-unrated' // nobody rated it within 7 days
  | 'decline' // the secretary declines, with a reason (also a task under way: it is cancelled)
  | 'merge' // the secretary merges it into another item (also a task under way: it is cancelled)
  | 'reassign' // the secretary gives the task to another cadre or another due date
  | 'unassign'; // the secretary cancels the task: the item goes back to the inbox

const AWAITING_RESPONSE: TalkStatus[] = ['OPEN', 'REOPENED'];
const HANDLEABLE: TalkStatus[] = ['OPEN', 'ACKNOWLEDGED', 'REOPENED'];
const TASKED: TalkStatus[] = ['ASSIGNED', 'IN_PROGRESS'];

export const TRANSITIONS: Record<TalkAction, { from: readonly TalkStatus[]; to: TalkStatus | 'same' }> = {
  reply: { from: [...HANDLEABLE, 'ASSIGNED', 'IN_PROGRESS'], to: 'same' },
  assign: { from: HANDLEABLE, to: 'ASSIGNED' },
  start: { from: ['ASSIGNED'], to: 'IN_PROGRESS' },
  complete: { from: ['ASSIGNED', 'IN_PROGRESS'], to: 'DONE' },
  'rate-satisfied': { from: ['DONE'], to: 'RATED' },
  'rate-unsatisfied': { from: ['DONE'], to: 'REOPENED' },
  'expire-unrated': { from: ['DONE'], to: 'CLOSED_UNRATED' },
  decline: { from: [...HANDLEABLE, ...TASKED], to: 'DECLINED' },
  merge: { from: [...HANDLEABLE, ...TASKED], to: 'MERGED' },
  reassign: { from: TASKED, to: 'ASSIGNED' },
  unassign: { from: TASKED, to: 'ACKNOWLEDGED' },
};

/** States in which an item still needs someone to act. */
export const OPEN_STATES: readonly TalkStatus[] = [
  'OPEN',
  'ACKNOWLEDGED',
  'ASSIGNED',
  'IN_PROGRESS',
  'REOPENED',
];
export const CLOSED_STATES: readonly TalkStatus[] = ['RATED', 'DECLINED', 'MERGED', 'CLOSED_UNRATED'];

/**
 * Pure: the state after `action`, or undefined when the action is not allowed from `status`.
 * A public reply to an item nobody has answered yet acknowledges it.
 */
export function nextStatus(status: TalkStatus, action: TalkAction): TalkStatus | undefined {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) return undefined;
  if (rule.to !== 'same') return rule.to;
  return AWAITING_RESPONSE.includes(status) ? 'ACKNOWLEDGED' : status;
}

export function isAwaitingResponse(status: TalkStatus): boolean {
  return AWAITING_RESPONSE.includes(status);
}

/** 1-2 stars, or "not resolved" whatever the stars, reopens the item. */
export function ratingAction(
  stars: number,
  outcome: 'RESOLVED' | 'PARTLY_RESOLVED' | 'NOT_RESOLVED',
): TalkAction {
  return stars <= 2 || outcome === 'NOT_RESOLVED' ? 'rate-unsatisfied' : 'rate-satisfied';
}
