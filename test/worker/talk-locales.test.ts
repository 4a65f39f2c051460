import { describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import type { TimerMessage } from '../../core/talk/task-reminders.ts';
import { renderMessage } from '../../worker/jobs/notify.ts';

/** Every message the talk timers send renders in both languages, with every variable filled in. */
const MESSAGES: Record<TimerMessage['key'], Record<string, string | number>> = {
  'talk-reminder-due': { number: 12, due: '2026-12-01' },
  'talk-overdue-escalation': { number: 12, cadre: '王干部', due: '2026-12-01 18:00' },
  'talk-overdue-cadre': { number: 12, due: '2026-12-01' },
  'talk-closed-unrated': { number: 12, days: 7 },
};

describe('talk timer messages', () => {
  const i18n = createI18n('zh-CN');
  for (const locale of ['zh-CN', 'en'] as const) {
    for (const [key, params] of Object.entries(MESSAGES)) {
      it(`${key} in ${locale}`, () => {
        const text = renderMessage(i18n, locale, { key, params });
        for (const value of Object.values(params)) expect(text).toContain(String(value));
        expect(text).not.toMatch(/[{}]/);
        if (locale === 'zh-CN') expect(text).toMatch(/第 12 号村民说事/);
        else expect(text).toMatch(/#12\b/);
      });
    }
  }
});
