import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { adoptSuggestion } from '../../core/talk/adopt-suggestion.ts';
import { askStep, endStepAbout, loadStep } from '../../core/talk/dialog-step.ts';
import { assignItem, declineItem, mergeItem, unassignItem } from '../../core/talk/handle-item.ts';
import { hideItem, restoreItem } from '../../core/talk/moderate.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { rateItem } from '../../core/talk/rate-item.ts';
import { getItemTimeline } from '../../core/talk/read-items.ts';
import { completeTask } from '../../core/talk/task-progress.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';

/** Handling as a secretary does it (issue 9): reassign, take back, decline a task, merge safely, hide and restore. */
const prisma: PrismaClient = testPrisma({ maxConnections: 4 });
afterAll(() => prisma.$disconnect());

let secretary: Membership;
let cadre: Membership;
let cadre2: Membership;
let raiser: Membership;
let supervisor: Membership;
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000);

beforeEach(async () => {
  await resetDatabase(prisma);
  const { member } = await createTestVillage(prisma, [
    [2, '王干部'],
    [3, '谢启富'],
    [4, '张监督'],
    [5, '李干部'],
  ]);
  secretary = await member(1);
  await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
  await grantRole(prisma, { actor: secretary, memberNumber: 5, role: 'CADRE' });
  await grantRole(prisma, { actor: secretary, memberNumber: 4, role: 'SUPERVISOR' });
  cadre = await member(2);
  raiser = await member(3);
  supervisor = await member(4);
  cadre2 = await member(5);
});

const raise = (text: string, category: 'FACILITY' | 'SUGGESTION' = 'FACILITY') =>
  raiseTalkItem(prisma, { actor: raiser, draft: { category, text } });
const assign = (number: number, cadreNumber: number, days = 3) =>
  assignItem(prisma, { actor: secretary, number, cadreNumber, dueAt: inDays(days) });

describe('handling a task', () => {
  it('reassigns a task: the same task, a new assignment number, the old one to cancel, a line in the history', async () => {
    await raise('路灯坏了');
    const first = await assign(1, 2);
    expect(first).toMatchObject({ assignment: 1, previous: null, assigneeName: '王干部' });
    const second = await assign(1, 5, 7);
    expect(second).toMatchObject({
      taskId: first.taskId,
      assignment: 2,
      assigneeMemberId: cadre2.memberId,
      previous: { taskId: first.taskId, assignment: 1, assigneeMemberId: cadre.memberId },
    });
    const changes = await prisma.talkStatusChange.findMany({ orderBy: { id: 'asc' } });
    expect(changes.map((c) => [c.fromStatus, c.toStatus, c.reason])).toEqual([
      [null, 'OPEN', null],
      ['OPEN', 'ASSIGNED', null],
      ['ASSIGNED', 'ASSIGNED', '李干部 (5)'],
    ]);
  });

  it('cancels a task back to the inbox, and gives it again later under a new assignment', async () => {
    await raise('水渠堵了');
    const first = await assign(1, 2);
    const taken = await unassignItem(prisma, { actor: secretary, number: 1 });
    expect(taken).toMatchObject({
      status: 'ACKNOWLEDGED',
      cancelled: { taskId: first.taskId, assignment: 1, assigneeMemberId: cadre.memberId },
    });
    expect((await prisma.talkTask.findUniqueOrThrow({ where: { id: first.taskId } })).status).toBe(
      'CANCELLED',
    );
    expect(await refusalOf(unassignItem(prisma, { actor: secretary, number: 1 }))).toBe(
      'talk-illegal-transition',
    );
    const again = await assign(1, 5);
    expect(again).toMatchObject({ taskId: first.taskId, assignment: 2, previous: null });
  });

  it('declines or merges an assigned item, cancelling its task', async () => {
    await raise('一');
    await raise('二');
    await raise('三');
    const one = await assign(1, 2);
    const declined = await declineItem(prisma, { actor: secretary, number: 1, reason: '明年再修' });
    expect(declined).toMatchObject({ status: 'DECLINED', cancelled: { taskId: one.taskId } });
    const two = await assign(2, 5);
    const merged = await mergeItem(prisma, { actor: secretary, number: 2, intoNumber: 3 });
    expect(merged).toMatchObject({
      status: 'MERGED',
      cancelled: { taskId: two.taskId, assigneeMemberId: cadre2.memberId },
    });
  });

  it('never makes a cycle when two items are merged into each other at once', async () => {
    await raise('村口的路灯不亮');
    await raise('村口路灯坏了');
    const outcomes = await Promise.allSettled([
      prisma.$transaction((tx) => mergeItem(tx, { actor: secretary, number: 1, intoNumber: 2 })),
      prisma.$transaction((tx) => mergeItem(tx, { actor: secretary, number: 2, intoNumber: 1 })),
    ]);
    // One wins; the other is refused (its target merged) or broken off as a deadlock, to be retried.
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const items = await prisma.talkItem.findMany({ orderBy: { number: 'asc' } });
    expect(items.filter((i) => i.status === 'MERGED')).toHaveLength(1);
    expect(items.filter((i) => i.mergedIntoId !== null)).toHaveLength(1);
    // The retry of the loser finds its target merged.
    const loser = items.find((i) => i.status !== 'MERGED');
    const winner = items.find((i) => i.status === 'MERGED');
    expect(
      await refusalOf(
        mergeItem(prisma, { actor: secretary, number: loser?.number ?? 0, intoNumber: winner?.number ?? 0 }),
      ),
    ).toBe('talk-illegal-transition');
    // And the database itself refuses an item merged into itself.
    await expect(
      prisma.talkItem.update({ where: { id: loser?.id ?? 0 }, data: { mergedIntoId: loser?.id ?? 0 } }),
    ).rejects.toThrow();
  });
});

describe('hidden items', () => {
  it('cannot be assigned, rated or adopted; the supervisors are told, read it, and restore it with a reason', async () => {
    await raise('某某家占了公路');
    await raise('建议装个垃圾桶', 'SUGGESTION');
    const task = await assign(1, 2);
    await completeTask(prisma, { actor: cadre, number: 1 });
    const hidden = await hideItem(prisma, { actor: secretary, number: 1, reason: '涉及个人隐私' });
    expect(hidden).toMatchObject({ supervisors: [supervisor.memberId], task: null, ratingRound: 1 });
    expect(await refusalOf(hideItem(prisma, { actor: secretary, number: 1, reason: '再藏一次' }))).toBe(
      'talk-hidden',
    );
    expect(
      await refusalOf(
        rateItem(prisma, { actor: raiser, number: 1, round: 1, stars: 5, outcome: 'RESOLVED' }),
      ),
    ).toBe('talk-hidden');
    const suggestionHidden = await hideItem(prisma, { actor: secretary, number: 2, reason: '重复' });
    expect(suggestionHidden.task).toBeNull();
    expect(await refusalOf(adoptSuggestion(prisma, { actor: secretary, number: 2 }))).toBe('talk-hidden');
    expect(await refusalOf(assign(2, 2))).toBe('talk-hidden');
    expect(task.taskId).toBeGreaterThan(0);

    // A villager reads that it was hidden; the supervisor reads what it said, and the hiding.
    expect((await getItemTimeline(prisma, { actor: raiser, number: 1 })).hidden).toMatchObject({
      reason: '涉及个人隐私',
    });
    const seen = await getItemTimeline(prisma, { actor: supervisor, number: 1 });
    if (seen.hidden) throw new Error('the supervisor should read it');
    expect(seen.item.text).toBe('某某家占了公路');
    expect(seen.item.hiddenBy).toEqual({ by: secretary.realName, reason: '涉及个人隐私' });
    expect(seen.events.find((e) => e.kind === 'hidden')).toMatchObject({ reason: '涉及个人隐私' });

    expect(await refusalOf(restoreItem(prisma, { actor: secretary, number: 1, reason: '误操作' }))).toBe(
      'forbidden',
    );
    const restored = await restoreItem(prisma, { actor: supervisor, number: 1, reason: '情况属实，应公开' });
    expect(restored.secretaries).toEqual([secretary.memberId]);
    const after = await getItemTimeline(prisma, { actor: raiser, number: 1 });
    if (after.hidden) throw new Error('restored');
    expect(after.events.filter((e) => e.kind === 'hidden' || e.kind === 'restored')).toMatchObject([
      { kind: 'hidden', reason: '涉及个人隐私' },
      { kind: 'restored', reason: '情况属实，应公开', by: '张监督' },
    ]);
    expect(await refusalOf(restoreItem(prisma, { actor: supervisor, number: 1, reason: '再来' }))).toBe(
      'talk-not-hidden',
    );
  });

  it('restores a task under way with a new assignment number, so its timers can be set again', async () => {
    await raise('桥栏杆松了');
    const task = await assign(1, 2);
    const hidden = await hideItem(prisma, { actor: secretary, number: 1, reason: '核实中' });
    expect(hidden.task).toEqual({ taskId: task.taskId, assignment: 1 });
    const restored = await restoreItem(prisma, { actor: supervisor, number: 1, reason: '核实完毕' });
    expect(restored.task).toMatchObject({ taskId: task.taskId, assignment: 2 });
  });
});

describe('dialog steps in the database', () => {
  it('are kept per person and village, and end when their flow does', async () => {
    const owner = { userId: 9001, villageId: secretary.villageId };
    const elsewhere = { userId: 9001, villageId: secretary.villageId + 1 };
    await askStep(prisma, owner, { kind: 'reply', number: 3 });
    expect(await loadStep(prisma, owner)).toMatchObject({ kind: 'reply', number: 3 });
    expect(await loadStep(prisma, elsewhere)).toBeUndefined();
    expect(await endStepAbout(prisma, owner, 4)).toBe(false);
    expect(await endStepAbout(prisma, owner, 3)).toBe(true);
    expect(await loadStep(prisma, owner)).toBeUndefined();
  });
});
