import { describe, expect, it } from 'vitest';
import type { TalkStatus } from '../../prisma/generated/enums.ts';
import { nextStatus, ratingAction, type TalkAction, TRANSITIONS } from './talk-states.ts';

const STATUSES: TalkStatus[] = [
  'OPEN',
  'ACKNOWLEDGED',
  'ASSIGNED',
  'IN_PROGRESS',
  'DONE',
  'RATED',
  'REOPENED',
  'DECLINED',
  'MERGED',
  'CLOSED_UNRATED',
];
const ACTIONS = Object.keys(TRANSITIONS) as TalkAction[];

/** The whole table, written out by hand: every (state, action) pair and its outcome. */
const EXPECTED: Record<TalkStatus, Partial<Record<TalkAction, TalkStatus>>> = {
  OPEN: { reply: 'ACKNOWLEDGED', assign: 'ASSIGNED', decline: 'DECLINED', merge: 'MERGED' },
  ACKNOWLEDGED: { reply: 'ACKNOWLEDGED', assign: 'ASSIGNED', decline: 'DECLINED', merge: 'MERGED' },
  ASSIGNED: {
    reply: 'ASSIGNED',
    start: 'IN_PROGRESS',
    complete: 'DONE',
    decline: 'DECLINED',
    merge: 'MERGED',
    reassign: 'ASSIGNED',
    unassign: 'ACKNOWLEDGED',
  },
  IN_PROGRESS: {
    reply: 'IN_PROGRESS',
    complete: 'DONE',
    decline: 'DECLINED',
    merge: 'MERGED',
    reassign: 'ASSIGNED',
    unassign: 'ACKNOWLEDGED',
  },
  DONE: { 'rate-satisfied': 'RATED', 'rate-unsatisfied': 'REOPENED', 'expire-unrated': 'CLOSED_UNRATED' },
  RATED: {},
  REOPENED: { reply: 'ACKNOWLEDGED', assign: 'ASSIGNED', decline: 'DECLINED', merge: 'MERGED' },
  DECLINED: {},
  MERGED: {},
  CLOSED_UNRATED: {},
};

describe('talk state machine', () => {
  for (const status of STATUSES) {
    for (const action of ACTIONS) {
      const expected = EXPECTED[status][action];
      it(`${status} --${action}--> ${expected ?? 'refused'}`, () => {
        expect(nextStatus(status, action)).toBe(expected);
      });
    }
  }

  it('has no way out of a closed state', () => {
    for (const status of ['RATED', 'DECLINED', 'MERGED', 'CLOSED_UNRATED'] as const) {
      expect(ACTIONS.map((action) => nextStatus(status, action)).filter(Boolean)).toEqual([]);
    }
  });
});

describe('ratingAction', () => {
  it('reopens on 1-2 stars or "not resolved"', () => {
    expect(ratingAction(1, 'RESOLVED')).toBe('rate-unsatisfied');
    expect(ratingAction(2, 'PARTLY_RESOLVED')).toBe('rate-unsatisfied');
    expect(ratingAction(5, 'NOT_RESOLVED')).toBe('rate-unsatisfied');
    expect(ratingAction(3, 'PARTLY_RESOLVED')).toBe('rate-satisfied');
    expect(ratingAction(5, 'RESOLVED')).toBe('rate-satisfied');
  });
});
