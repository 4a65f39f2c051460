import { describe, expect, it } from 'vitest';
import {
  type DialogStep,
  judgeStep,
  type NewStep,
  readAnswer,
  STEP_TTL_MINUTES,
  type StepItem,
} from './dialog-step.ts';

const asked = new Date('2026-11-30T08:00:00Z');
const later = (minutes: number) => new Date(asked.getTime() + minutes * 60_000);
const step = (s: NewStep): DialogStep => ({ ...s, askedAt: asked.toISOString() }) as DialogStep;

const rateComment = step({ kind: 'rate-comment', number: 3, round: 1, stars: 4, outcome: 'RESOLVED' });
const assign = step({ kind: 'assign', number: 5, cadreNumber: null });
const item = (i: StepItem) => i;

describe('judgeStep', () => {
  it('stands while its item is in a state the question fits, within the time', () => {
    expect(judgeStep(rateComment, item({ status: 'DONE', round: 1, hidden: false }), later(29))).toEqual({
      state: 'live',
    });
    expect(judgeStep(assign, item({ status: 'ACKNOWLEDGED', round: 1, hidden: false }), later(1))).toEqual({
      state: 'live',
    });
  });

  it(`expires after ${STEP_TTL_MINUTES} minutes, whatever the item`, () => {
    expect(judgeStep(rateComment, item({ status: 'DONE', round: 1, hidden: false }), later(31))).toEqual({
      state: 'expired',
    });
  });

  it('is moot once its item moved on, was hidden, or is gone', () => {
    expect(judgeStep(rateComment, item({ status: 'RATED', round: 1, hidden: false }), later(1))).toEqual({
      state: 'moot',
      status: 'RATED',
    });
    // Reopened and done again: a new round, which the old question is not about.
    expect(judgeStep(rateComment, item({ status: 'DONE', round: 2, hidden: false }), later(1)).state).toBe(
      'moot',
    );
    // A task under way still fits (it becomes a reassignment); a task done does not.
    expect(judgeStep(assign, item({ status: 'ASSIGNED', round: 1, hidden: false }), later(1)).state).toBe(
      'live',
    );
    expect(judgeStep(assign, item({ status: 'DONE', round: 1, hidden: false }), later(1)).state).toBe('moot');
    expect(judgeStep(assign, item({ status: 'OPEN', round: 1, hidden: true }), later(1)).state).toBe('moot');
    expect(judgeStep(assign, undefined, later(1))).toEqual({ state: 'moot', status: null });
    const comment = step({ kind: 'comment', number: 1 });
    expect(judgeStep(comment, item({ status: 'MERGED', round: 1, hidden: false }), later(1)).state).toBe(
      'moot',
    );
    expect(judgeStep(comment, item({ status: 'RATED', round: 1, hidden: false }), later(1)).state).toBe(
      'live',
    );
  });
});

describe('readAnswer', () => {
  const tz = 'Asia/Shanghai';
  const now = asked;

  it('reads a cadre and a due date, or a cadre alone (the date is asked next)', () => {
    expect(readAnswer(assign, '2 3', tz, now)).toMatchObject({ ok: true, cadreNumber: 2 });
    expect(readAnswer(assign, '#4', tz, now)).toEqual({ ok: true, cadreNumber: 4, dueAt: null });
    const withCadre = step({ kind: 'assign', number: 5, cadreNumber: 2 });
    expect(readAnswer(withCadre, '7', tz, now)).toMatchObject({ ok: true, cadreNumber: 2 });
  });

  it('says why a typo cannot be used instead of taking it as something else', () => {
    expect(readAnswer(assign, '谢启富 3', tz, now)).toEqual({
      ok: false,
      code: 'talk-assign-cadre-unreadable',
    });
    expect(readAnswer(assign, '2 tomorrowish', tz, now)).toEqual({ ok: false, code: 'talk-due-invalid' });
    expect(readAnswer(step({ kind: 'assign', number: 5, cadreNumber: 2 }), 'soon', tz, now)).toEqual({
      ok: false,
      code: 'talk-due-invalid',
    });
  });

  it('keeps line breaks and names the limit of a text that is too long', () => {
    const comment = step({ kind: 'comment', number: 1 });
    expect(readAnswer(comment, ' first line\nsecond line ', tz, now)).toEqual({
      ok: true,
      text: 'first line\nsecond line',
    });
    expect(readAnswer(comment, 'x'.repeat(1001), tz, now)).toEqual({
      ok: false,
      code: 'text-too-long',
      params: { max: 1000, length: 1001 },
    });
    expect(readAnswer(rateComment, '   ', tz, now)).toEqual({ ok: false, code: 'talk-empty' });
  });
});
