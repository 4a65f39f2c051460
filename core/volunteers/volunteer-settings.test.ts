import { describe, expect, it } from 'vitest';
import { readVolunteerSetting } from './volunteer-settings.ts';

describe('readVolunteerSetting', () => {
  it('reads quiet hours, over midnight too, in either language', () => {
    expect(readVolunteerSetting(['quiet', '22:00-07:00'])).toEqual({ kind: 'quiet', start: 1320, end: 420 });
    expect(readVolunteerSetting(['免打扰', '12:30～14:00'.replace('～', '-')])).toEqual({
      kind: 'quiet',
      start: 750,
      end: 840,
    });
    expect(readVolunteerSetting(['quiet', 'off'])).toEqual({ kind: 'quiet-off' });
  });

  it('reads the reminder lead, the no-show cost (always a deduction) and the paid budget', () => {
    expect(readVolunteerSetting(['reminder', '90'])).toEqual({ kind: 'reminder', minutes: 90 });
    expect(readVolunteerSetting(['noshow', '5'])).toEqual({ kind: 'no-show', points: -5 });
    expect(readVolunteerSetting(['缺席', '-8'])).toEqual({ kind: 'no-show', points: -8 });
    expect(readVolunteerSetting(['paid', '100'])).toEqual({ kind: 'paid', budgetStars: 100 });
    expect(readVolunteerSetting(['paid', 'off'])).toEqual({ kind: 'paid-off' });
  });

  it('leaves anything else to the other settings (or the usage)', () => {
    expect(readVolunteerSetting(['approval', 'on'])).toBeUndefined();
    expect(readVolunteerSetting(['quiet', '22:00-22:00'])).toBeUndefined();
    expect(readVolunteerSetting(['quiet', '25:00-07:00'])).toBeUndefined();
    expect(readVolunteerSetting(['reminder', '9999'])).toBeUndefined();
    expect(readVolunteerSetting(['noshow', '-500'])).toBeUndefined();
    expect(readVolunteerSetting(['paid', '100', 'stars'])).toBeUndefined();
  });
});
