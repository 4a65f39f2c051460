import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { DomainError } from '../../core/errors.ts';
import type { Membership } from '../../core/members/membership.ts';
import { addPointRule } from '../../core/points/add-point-rule.ts';
import { DEFAULT_POINT_RULES } from '../../core/points/default-rules.ts';
import { editPointRule } from '../../core/points/edit-point-rule.ts';
import { listPointRules } from '../../core/points/list-point-rules.ts';
import { retirePointRule } from '../../core/points/retire-point-rule.ts';
import { adoptSuggestion } from '../../core/talk/adopt-suggestion.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

let prisma: PrismaClient;
let secretary: Membership;
let villager: Membership;

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'accepted';
};

beforeAll(async () => {
  prisma = testPrisma();
  await resetDatabase(prisma);
  const { member } = await createTestVillage(prisma, [[2, '谢启富']]);
  secretary = await member(1);
  villager = await member(2);
});

afterAll(async () => {
  await prisma.$disconnect();
});

describe('the points rule table', () => {
  it('a new village starts with the default rules, each at version 1 by its creator', async () => {
    const rules = await listPointRules(prisma, { actor: villager });
    expect(rules.map((rule) => [rule.code, rule.points])).toEqual(
      [...DEFAULT_POINT_RULES].sort((a, b) => b.points - a.points).map((rule) => [rule.code, rule.points]),
    );
    expect(rules.find((rule) => rule.code === 'volunteer-hour')).toMatchObject({
      points: 5,
      descriptionZh: '志愿服务每小时',
      descriptionEn: 'Each hour of volunteer service',
    });
    const versions = await prisma.pointRuleVersion.findMany({ where: { villageId: secretary.villageId } });
    expect(versions).toHaveLength(DEFAULT_POINT_RULES.length);
    expect(versions.every((v) => v.version === 1 && v.changedById === secretary.memberId)).toBe(true);
  });

  it('adds, edits and retires, each a new version with its record and audit event', async () => {
    const added = await addPointRule(prisma, {
      actor: secretary,
      code: 'road-repair',
      points: 6,
      caps: { daily: 1 },
      description: { zh: '义务修路' },
    });
    expect(added).toMatchObject({
      version: 1,
      descriptionZh: '义务修路',
      descriptionEn: '义务修路',
      dailyCap: 1,
    });

    const { rule: edited, previous } = await editPointRule(prisma, {
      actor: secretary,
      code: 'road-repair',
      points: 7,
      caps: { yearly: 12 },
      description: { en: 'Repairing the road, unpaid' },
    });
    expect(previous.points).toBe(6);
    expect(edited).toMatchObject({
      version: 2,
      points: 7,
      dailyCap: 1,
      yearlyCap: 12,
      descriptionZh: '义务修路',
      descriptionEn: 'Repairing the road, unpaid',
    });
    const retired = await retirePointRule(prisma, { actor: secretary, code: 'road-repair' });
    expect(retired).toMatchObject({ version: 3, retired: true });

    const versions = await prisma.pointRuleVersion.findMany({
      where: { ruleId: added.ruleId },
      orderBy: { version: 'asc' },
    });
    expect(versions.map((v) => [v.version, v.points, v.retired, v.changedById])).toEqual([
      [1, 6, false, secretary.memberId],
      [2, 7, false, secretary.memberId],
      [3, 7, true, secretary.memberId],
    ]);
    const audit = await prisma.auditEvent.findMany({
      where: { villageId: secretary.villageId, subject: 'road-repair' },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((event) => event.action)).toEqual([
      'points.rule.add',
      'points.rule.edit',
      'points.rule.retire',
    ]);
    expect((await listPointRules(prisma, { actor: villager })).some((r) => r.code === 'road-repair')).toBe(
      false,
    );
  });

  it('refuses bad changes with their reasons, and villagers altogether', async () => {
    const add = (code: string) =>
      addPointRule(prisma, { actor: secretary, code, points: 3, caps: {}, description: { zh: '说明' } });
    expect(await codeOf(add('fighting'))).toBe('point-rule-exists');
    expect(await codeOf(add('road-repair'))).toBe('point-rule-code-retired');
    const edit = (code: string, points: number) =>
      editPointRule(prisma, { actor: secretary, code, points, caps: {}, description: undefined });
    expect(await codeOf(edit('no-such-rule', 3))).toBe('point-rule-not-found');
    expect(await codeOf(edit('road-repair', 3))).toBe('point-rule-retired');
    expect(await codeOf(edit('fighting', -50))).toBe('point-rule-unchanged');
    expect(await codeOf(retirePointRule(prisma, { actor: secretary, code: 'road-repair' }))).toBe(
      'point-rule-retired',
    );
    expect(
      await codeOf(
        addPointRule(prisma, {
          actor: villager,
          code: 'mine',
          points: 100,
          caps: {},
          description: { en: 'Me' },
        }),
      ),
    ).toBe('forbidden');
    expect(await codeOf(retirePointRule(prisma, { actor: villager, code: 'fighting' }))).toBe('forbidden');
  });

  it('of two edits made at once, exactly one wins; the other is told the rule changed', async () => {
    const edit = (tx: Parameters<Parameters<PrismaClient['$transaction']>[0]>[0], points: number) =>
      editPointRule(tx, {
        actor: secretary,
        code: 'help-neighbour',
        points,
        caps: {},
        description: undefined,
      });
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The first edit updates the row and holds its transaction open; the second reads version 1
    // meanwhile and then waits on the row lock.
    const first = prisma.$transaction(async (tx) => {
      await edit(tx, 9);
      await held;
    });
    await waitForRowLockWaiters(0);
    // Its outcome is taken at once: it is refused as soon as the first commits, before `await first` returns.
    const second = codeOf(prisma.$transaction((tx) => edit(tx, 10)));
    await waitForRowLockWaiters(1);
    release();
    await first;
    expect(await second).toBe('point-rule-changed-meanwhile');
    const rule = await prisma.pointRule.findFirstOrThrow({ where: { code: 'help-neighbour' } });
    expect(rule).toMatchObject({ points: 9, version: 2 });
    expect(await prisma.pointRuleVersion.count({ where: { ruleId: rule.id } })).toBe(2);
  });

  it('the database refuses zero points, a bad code and a cap of zero', async () => {
    const base = { villageId: secretary.villageId, descriptionZh: 'x', descriptionEn: 'x' };
    await expect(prisma.pointRule.create({ data: { ...base, code: 'zero', points: 0 } })).rejects.toThrow();
    await expect(
      prisma.pointRule.create({ data: { ...base, code: 'Bad_Code', points: 1 } }),
    ).rejects.toThrow();
    await expect(
      prisma.pointRule.create({ data: { ...base, code: 'capped', points: 1, dailyCap: 0 } }),
    ).rejects.toThrow();
  });

  it('adopting a suggestion uses the suggestion-adopted rule, and the fallback once it is retired', async () => {
    const raise = (text: string) =>
      raiseTalkItem(prisma, { actor: villager, draft: { category: 'SUGGESTION', text } });
    const first = await raise('在村口种树遮阴');
    await adoptSuggestion(prisma, { actor: secretary, number: first.number });
    const rule = await prisma.pointRule.findFirstOrThrow({ where: { code: 'suggestion-adopted' } });
    expect(await prisma.pointAward.findFirst({ where: { source: `talk-${first.itemId}` } })).toMatchObject({
      ruleId: rule.id,
      points: 20,
    });

    await retirePointRule(prisma, { actor: secretary, code: 'suggestion-adopted' });
    const second = await raise('修一个篮球场');
    await adoptSuggestion(prisma, { actor: secretary, number: second.number });
    expect(await prisma.pointAward.findFirst({ where: { source: `talk-${second.itemId}` } })).toMatchObject({
      ruleId: null,
      points: 5,
    });
  });
});

/** Waits until exactly `count` sessions of this database wait on a lock. */
async function waitForRowLockWaiters(count: number): Promise<void> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const [row] = await prisma.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if (Number(row?.n ?? 0) === count) return;
    if (Date.now() > deadline) throw new Error(`expected ${count} sessions waiting on a lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
