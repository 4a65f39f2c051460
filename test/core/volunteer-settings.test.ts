import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { readVolunteerSettings, setVolunteerSetting } from '../../core/volunteers/volunteer-settings.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/** The secretary's volunteer settings on real PostgreSQL: who may change them, and a budget never below what was spent. */
const prisma: PrismaClient = testPrisma();

beforeEach(() => resetDatabase(prisma));
afterAll(() => prisma.$disconnect());

describe('volunteer settings', () => {
  it('are the secretary’s to change, and read back as set', async () => {
    const { member } = await createTestVillage(prisma, [[2, '谢启富']]);
    const secretary = await member(1);
    const set = (setting: Parameters<typeof setVolunteerSetting>[1]['setting']) =>
      prisma.$transaction((tx) => setVolunteerSetting(tx, { actor: secretary, setting }));
    await set({ kind: 'quiet', start: 22 * 60, end: 7 * 60 });
    await set({ kind: 'reminder', minutes: 90 });
    await set({ kind: 'no-show', points: -8 });
    await set({ kind: 'paid', budgetStars: 50 });
    expect(await readVolunteerSettings(prisma, { actor: secretary })).toEqual({
      quietHours: { start: 1320, end: 420 },
      shiftReminderMinutes: 90,
      noShowPoints: -8,
      paidBroadcastEnabled: true,
      paidBroadcastBudgetStars: 50,
      paidBroadcastSpentTenths: 0,
    });
    const villager = await member(2);
    expect(
      await refusalOf(
        prisma.$transaction((tx) =>
          setVolunteerSetting(tx, { actor: villager, setting: { kind: 'quiet-off' } }),
        ),
      ),
    ).toBe('forbidden');
    expect(await prisma.auditEvent.count({ where: { action: 'village.settings' } })).toBe(4);
  });

  it('never sets a budget below the Stars paid calls have reserved', async () => {
    const { member } = await createTestVillage(prisma, []);
    const secretary = await member(1);
    await prisma.village.updateMany({
      data: { paidBroadcastEnabled: true, paidBroadcastBudgetStars: 100, paidBroadcastSpentTenths: 305 },
    });
    const lower = (budgetStars: number) =>
      prisma.$transaction((tx) =>
        setVolunteerSetting(tx, { actor: secretary, setting: { kind: 'paid', budgetStars } }),
      );
    expect(await refusalOf(lower(30))).toBe('call-paid-budget-below-spent');
    expect(await refusalOf(lower(31))).toBe('ok');
    expect((await readVolunteerSettings(prisma, { actor: secretary })).paidBroadcastBudgetStars).toBe(31);
  });
});
