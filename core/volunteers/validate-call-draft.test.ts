import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { validateCallDraft } from './validate-call-draft.ts';
import type { CallDraft, ShiftDraft } from './volunteer-types.ts';

const NOW = new Date('2026-12-01T02:00:00Z');
const HOUR = 3_600_000;
const at = (hoursFromNow: number) => new Date(NOW.getTime() + hoursFromNow * HOUR);

const shift = (over: Partial<ShiftDraft> = {}): ShiftDraft => ({
  place: ' 村口 检查站 ',
  startsAt: at(24),
  endsAt: at(28),
  capacity: 15,
  ...over,
});

const base: CallDraft = {
  title: ' 防汛巡堤 ',
  shifts: [shift()],
  pointsPerHour: 5,
  audience: 'MEMBERS',
  urgent: false,
  paidBroadcast: false,
};

function refusal(draft: Partial<CallDraft>): { code: string; params?: Record<string, unknown> } | 'ok' {
  try {
    validateCallDraft({ ...base, ...draft }, NOW);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, params: error.params };
    throw error;
  }
  return 'ok';
}

describe('validateCallDraft', () => {
  it('trims, numbers the shifts in order and closes sign-ups at the first start by default', () => {
    const valid = validateCallDraft(
      { ...base, description: '  带雨衣。 ', shifts: [shift(), shift({ startsAt: at(2), endsAt: at(3) })] },
      NOW,
    );
    expect(valid).toMatchObject({
      title: '防汛巡堤',
      description: '带雨衣。',
      pointsPerHour: 5,
      signupClosesAt: at(2),
      shifts: [
        { position: 1, place: '村口 检查站', capacity: 15, supervisorNumber: null },
        { position: 2, startsAt: at(2), endsAt: at(3) },
      ],
    });
    expect(validateCallDraft({ ...base, description: '   ' }, NOW).description).toBeNull();
  });

  it('refuses a bad title or description', () => {
    expect(refusal({ title: '  ' })).toMatchObject({ code: 'call-title-invalid' });
    expect(refusal({ title: '/start' })).toMatchObject({ code: 'call-title-invalid' });
    expect(refusal({ title: '巡'.repeat(101) })).toMatchObject({ code: 'text-too-long' });
    expect(refusal({ title: '巡'.repeat(100) })).toBe('ok');
    expect(refusal({ description: '说'.repeat(1001) })).toMatchObject({ code: 'text-too-long' });
  });

  it('wants 1 to 10 shifts', () => {
    expect(refusal({ shifts: [] })).toMatchObject({ code: 'call-shift-invalid' });
    expect(refusal({ shifts: Array.from({ length: 10 }, () => shift()) })).toBe('ok');
    expect(refusal({ shifts: Array.from({ length: 11 }, () => shift()) })).toMatchObject({
      code: 'call-shifts-too-many',
      params: { max: 10 },
    });
  });

  it('wants a place of 1–60 characters, naming the shift', () => {
    expect(refusal({ shifts: [shift(), shift({ place: ' ' })] })).toMatchObject({
      code: 'call-shift-invalid',
    });
    expect(refusal({ shifts: [shift({ place: '口'.repeat(61) })] })).toMatchObject({ code: 'text-too-long' });
    expect(refusal({ shifts: [shift({ place: '口'.repeat(60) })] })).toBe('ok');
  });

  it('wants a shift that ends after it starts, lasts at most 24 h, starts in the future and within 60 days', () => {
    const time = (startsAt: Date, endsAt: Date) =>
      refusal({ shifts: [shift(), shift({ startsAt, endsAt })] });
    const refused = { code: 'call-shift-time-invalid', params: { position: 2 } };
    expect(time(at(5), at(5))).toMatchObject(refused);
    expect(time(at(5), at(4))).toMatchObject(refused);
    expect(time(at(5), at(29.01))).toMatchObject(refused);
    expect(time(at(5), at(29))).toBe('ok');
    expect(time(at(0), at(1))).toMatchObject(refused);
    expect(time(at(-1), at(1))).toMatchObject(refused);
    expect(time(at(60 * 24), at(60 * 24 + 1))).toBe('ok');
    expect(time(at(60 * 24 + 0.01), at(60 * 24 + 1))).toMatchObject(refused);
    expect(time(new Date(Number.NaN), at(1))).toMatchObject(refused);
  });

  it('wants a capacity of 1 to 1000 and 0 to 100 points an hour', () => {
    const capacity = (n: number) => refusal({ shifts: [shift({ capacity: n })] });
    expect(capacity(0)).toMatchObject({ code: 'call-shift-capacity-invalid', params: { position: 1 } });
    expect(capacity(1001)).toMatchObject({ code: 'call-shift-capacity-invalid' });
    expect(capacity(2.5)).toMatchObject({ code: 'call-shift-capacity-invalid' });
    expect(capacity(1)).toBe('ok');
    expect(capacity(1000)).toBe('ok');
    expect(refusal({ pointsPerHour: -1 })).toMatchObject({ code: 'call-points-invalid' });
    expect(refusal({ pointsPerHour: 101 })).toMatchObject({ code: 'call-points-invalid' });
    expect(refusal({ pointsPerHour: 0 })).toBe('ok');
    expect(refusal({ pointsPerHour: 100 })).toBe('ok');
  });

  it('closes sign-ups after now and no later than the first start', () => {
    expect(refusal({ signupClosesAt: at(24) })).toBe('ok');
    expect(refusal({ signupClosesAt: at(12) })).toBe('ok');
    expect(refusal({ signupClosesAt: at(24.5) })).toMatchObject({ code: 'call-signup-close-invalid' });
    expect(refusal({ signupClosesAt: at(-1) })).toMatchObject({ code: 'call-signup-close-invalid' });
  });

  it('sends a paid broadcast only for an urgent call', () => {
    expect(refusal({ paidBroadcast: true })).toMatchObject({ code: 'call-paid-not-enabled' });
    expect(refusal({ paidBroadcast: true, urgent: true })).toBe('ok');
  });

  it('refuses a supervisor number that cannot be a member', () => {
    expect(refusal({ shifts: [shift({ supervisorNumber: 0 })] })).toMatchObject({
      code: 'call-supervisor-not-cadre',
    });
    expect(
      validateCallDraft({ ...base, shifts: [shift({ supervisorNumber: 7 })] }, NOW).shifts[0],
    ).toMatchObject({
      supervisorNumber: 7,
    });
  });
});
