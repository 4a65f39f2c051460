import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { type Membership, requireAllowed } from '../members/membership.ts';

/**
 * The village's volunteer settings, changed by the secretary with /settings: quiet hours (calls that
 * are not urgent wait them out), how long before a shift its volunteers are reminded, what a no-show
 * costs, and whether urgent calls may go as paid broadcasts, within how many Stars in all.
 */
export type VolunteerSetting =
  | { kind: 'quiet'; start: number; end: number }
  | { kind: 'quiet-off' }
  | { kind: 'reminder'; minutes: number }
  | { kind: 'no-show'; points: number }
  | { kind: 'paid'; budgetStars: number }
  | { kind: 'paid-off' };

export interface VolunteerSettings {
  quietHours: { start: number; end: number } | null;
  shiftReminderMinutes: number;
  noShowPoints: number;
  paidBroadcastEnabled: boolean;
  paidBroadcastBudgetStars: number;
  /** Tenths of a Star already reserved by paid calls. */
  paidBroadcastSpentTenths: number;
}

const minutesOf = (hour: string, minute: string) => Number(hour) * 60 + Number(minute);

/**
 * Pure: `/settings <words>` read as a volunteer setting, or undefined when the words are about
 * something else (or malformed, which /settings answers with its usage).
 * quiet 22:00-07:00 | quiet off · reminder 60 · noshow -5 · paid 100 | paid off (and the Chinese words).
 */
export function readVolunteerSetting(args: readonly string[]): VolunteerSetting | undefined {
  const [name = '', value = '', ...rest] = args.map((arg) => arg.toLowerCase());
  if (rest.length > 0) return undefined;
  if (['quiet', '免打扰'].includes(name)) {
    if (['off', '关', '关闭'].includes(value)) return { kind: 'quiet-off' };
    const range = /^(\d{1,2})[:：](\d{2})[-–~至到](\d{1,2})[:：](\d{2})$/.exec(value);
    if (!range) return undefined;
    const [, h1 = '', m1 = '', h2 = '', m2 = ''] = range;
    const start = minutesOf(h1, m1);
    const end = minutesOf(h2, m2);
    if (Number(h1) > 23 || Number(h2) > 23 || Number(m1) > 59 || Number(m2) > 59 || start === end)
      return undefined;
    return { kind: 'quiet', start, end };
  }
  if (['reminder', '提醒'].includes(name) && /^\d{1,4}$/.test(value)) {
    const minutes = Number(value);
    return minutes <= 2880 ? { kind: 'reminder', minutes } : undefined;
  }
  if (['noshow', '缺席'].includes(name) && /^-?\d{1,3}$/.test(value)) {
    const points = -Math.abs(Number(value));
    return points >= -100 ? { kind: 'no-show', points } : undefined;
  }
  if (['paid', '付费群发'].includes(name)) {
    if (['off', '关', '关闭'].includes(value)) return { kind: 'paid-off' };
    if (/^\d{1,6}$/.test(value)) return { kind: 'paid', budgetStars: Number(value) };
  }
  return undefined;
}

export async function readVolunteerSettings(
  db: Db,
  input: { actor: Membership | undefined },
): Promise<VolunteerSettings> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const village = await db.village.findUniqueOrThrow({
    where: { id: actor.villageId },
    select: {
      quietHoursStart: true,
      quietHoursEnd: true,
      shiftReminderMinutes: true,
      noShowPoints: true,
      paidBroadcastEnabled: true,
      paidBroadcastBudgetStars: true,
      paidBroadcastSpentTenths: true,
    },
  });
  const { quietHoursStart: start, quietHoursEnd: end, ...rest } = village;
  return { quietHours: start !== null && end !== null ? { start, end } : null, ...rest };
}

/**
 * Secretary only. A budget is the Stars paid calls may spend in all, so it cannot go below what they
 * have reserved already: one conditional update (the CHECK on Village is the backstop).
 */
export async function setVolunteerSetting(
  db: Db,
  input: { actor: Membership | undefined; setting: VolunteerSetting },
): Promise<void> {
  const actor = requireAllowed(input.actor, 'village.settings');
  const { setting } = input;
  const where = { id: actor.villageId };
  switch (setting.kind) {
    case 'quiet':
      await db.village.update({
        where,
        data: { quietHoursStart: setting.start, quietHoursEnd: setting.end },
      });
      break;
    case 'quiet-off':
      await db.village.update({ where, data: { quietHoursStart: null, quietHoursEnd: null } });
      break;
    case 'reminder':
      await db.village.update({ where, data: { shiftReminderMinutes: setting.minutes } });
      break;
    case 'no-show':
      await db.village.update({ where, data: { noShowPoints: setting.points } });
      break;
    case 'paid-off':
      await db.village.update({ where, data: { paidBroadcastEnabled: false } });
      break;
    case 'paid': {
      const { count } = await db.village.updateMany({
        where: { ...where, paidBroadcastSpentTenths: { lte: setting.budgetStars * 10 } },
        data: { paidBroadcastEnabled: true, paidBroadcastBudgetStars: setting.budgetStars },
      });
      if (count === 0) {
        const { paidBroadcastSpentTenths: spent } = await db.village.findUniqueOrThrow({
          where,
          select: { paidBroadcastSpentTenths: true },
        });
        throw new DomainError('call-paid-budget-below-spent', { spent: (spent / 10).toFixed(1) });
      }
      break;
    }
  }
  await db.auditEvent.create({
    data: { villageId: actor.villageId, actorId: actor.memberId, action: 'village.settings', data: setting },
  });
}
