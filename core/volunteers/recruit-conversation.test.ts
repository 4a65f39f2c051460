import { describe, expect, it } from 'vitest';
import {
  answerRecruitChoice,
  answerRecruitText,
  DEFAULT_POINTS_PER_HOUR,
  quickRecruit,
  type RecruitConversation,
  type RecruitReading,
  startRecruit,
  toCallDraft,
} from './recruit-conversation.ts';

const clock = { now: new Date('2026-12-01T02:00:00Z'), timezone: 'Asia/Shanghai' };
const ok = (reading: RecruitReading): RecruitConversation => {
  if (!reading.ok) throw new Error(`refused: ${reading.code}`);
  return reading.conversation;
};

describe('the /recruit conversation', () => {
  it('asks title, description, shifts until done, points, audience, close, urgency, then the preview', () => {
    let c = startRecruit(clock.now);
    c = ok(answerRecruitText(c, '东门防疫值守', clock));
    expect(c.step).toBe('description');
    c = ok(answerRecruitChoice(c, 'description', 'skip', clock.now));
    expect(c.step).toBe('shifts');
    // "done" before any shift is refused with the reason.
    expect(answerRecruitChoice(c, 'shifts', 'done', clock.now)).toMatchObject({
      ok: false,
      code: 'call-shift-unread',
    });
    c = ok(answerRecruitText(c, '东门 今天 18:00-22:00 15', clock));
    c = ok(answerRecruitText(c, '西门 明天 8:00-12:00 6', clock));
    expect(c.step).toBe('shifts');
    expect(answerRecruitText(c, '西门 明天 8:00', clock)).toMatchObject({
      ok: false,
      code: 'call-shift-unread',
    });
    c = ok(answerRecruitText(c, '完成', clock));
    expect(c.step).toBe('points');
    expect(answerRecruitText(c, '500', clock)).toMatchObject({ ok: false, code: 'call-points-invalid' });
    c = ok(answerRecruitText(c, '5', clock));
    c = ok(answerRecruitChoice(c, 'audience', 'volunteers', clock.now));
    c = ok(answerRecruitText(c, '17:30', clock));
    c = ok(answerRecruitChoice(c, 'urgency', 'paid', clock.now));
    expect(c.step).toBe('confirm');
    expect(toCallDraft(c.draft)).toEqual({
      title: '东门防疫值守',
      description: undefined,
      shifts: [
        {
          place: '东门',
          capacity: 15,
          startsAt: new Date('2026-12-01T10:00:00Z'),
          endsAt: new Date('2026-12-01T14:00:00Z'),
        },
        {
          place: '西门',
          capacity: 6,
          startsAt: new Date('2026-12-02T00:00:00Z'),
          endsAt: new Date('2026-12-02T04:00:00Z'),
        },
      ],
      pointsPerHour: 5,
      audience: 'VOLUNTEERS',
      signupClosesAt: new Date('2026-12-01T09:30:00Z'),
      urgent: true,
      paidBroadcast: true,
    });
  });

  it('refuses an old button and a typed answer to a button question', () => {
    const c = ok(answerRecruitText(startRecruit(clock.now), 'Clean-up', clock));
    expect(answerRecruitChoice(c, 'urgency', 'urgent', clock.now)).toMatchObject({
      ok: false,
      code: 'vote-draft-stale',
    });
    const atAudience = { ...c, step: 'audience' as const };
    expect(answerRecruitText(atAudience, 'everyone', clock)).toMatchObject({ ok: false });
    expect(answerRecruitText({ ...c, step: 'closes' }, 'soon', clock)).toMatchObject({
      ok: false,
      code: 'call-time-unread',
    });
  });

  it('the quick form fills a one-shift call with the defaults and goes to the preview', () => {
    const c = ok(
      quickRecruit('urgent 15 east gate today 18:00-22:00', clock, (place) => `Volunteers: ${place}`),
    );
    expect(c.step).toBe('confirm');
    expect(toCallDraft(c.draft)).toMatchObject({
      title: 'Volunteers: east gate',
      pointsPerHour: DEFAULT_POINTS_PER_HOUR,
      audience: 'MEMBERS',
      urgent: true,
      paidBroadcast: false,
      shifts: [{ place: 'east gate', capacity: 15 }],
    });
    expect(quickRecruit('east gate today', clock, (p) => p)).toMatchObject({
      ok: false,
      code: 'call-shift-unread',
    });
  });
});
