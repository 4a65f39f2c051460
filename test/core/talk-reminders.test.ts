import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { formatDue } from '../../core/talk/format-due.ts';
import { assignItem } from '../../core/talk/handle-item.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { rateItem } from '../../core/talk/rate-item.ts';
import { completeTask, startTask } from '../../core/talk/task-progress.ts';
import {
  closeUnratedItem,
  findReminderRecipients,
  RATING_WINDOW_DAYS,
  RATING_WINDOW_MS,
  TASK_REMINDER_LEAD_MS,
} from '../../core/talk/task-reminders.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';

const prisma: PrismaClient = testPrisma();
afterAll(() => prisma.$disconnect());

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let secretary: Membership;
let deputy: Membership;
let cadre: Membership;
let raiser: Membership;

beforeEach(async () => {
  await resetDatabase(prisma);
  const { member } = await createTestVillage(prisma, [
    [2, '王干部'],
    [3, '谢启富'],
    [4, '赵副书记'],
  ]);
  secretary = await member(1);
  await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
  await grantRole(prisma, { actor: secretary, memberNumber: 4, role: 'SECRETARY' });
  cadre = await member(2);
  raiser = await member(3);
  deputy = await member(4);
});

/** An item raised by the villager and assigned to the cadre, due `dueInMs` after `now`. */
async function assignedTask(now: Date, dueInMs = 3 * DAY) {
  const item = await raiseTalkItem(prisma, {
    actor: raiser,
    draft: { category: 'FACILITY', text: '三组的水沟坏了，下雨就淹' },
  });
  const dueAt = new Date(now.getTime() + dueInMs);
  const task = await assignItem(prisma, {
    actor: secretary,
    number: item.number,
    cadreNumber: 2,
    dueAt,
    now,
  });
  return { ...task, dueAt };
}

describe('findReminderRecipients', () => {
  it('reminds the assigned cadre once the lead before the due date has begun, with the due date in village time', async () => {
    const now = new Date();
    const task = await assignedTask(now);
    const remindAt = new Date(task.dueAt.getTime() - TASK_REMINDER_LEAD_MS);

    expect(await findReminderRecipients(prisma, { taskId: task.taskId, kind: 'reminder', now })).toEqual({
      outcome: 'wait',
      until: remindAt,
    });
    expect(
      await findReminderRecipients(prisma, { taskId: task.taskId, kind: 'reminder', now: remindAt }),
    ).toEqual({
      outcome: 'send',
      messages: [
        {
          memberId: cadre.memberId,
          key: 'talk-reminder-due',
          params: { number: task.number, due: formatDue(task.dueAt, 'Asia/Shanghai') },
        },
      ],
    });
  });

  it('still reminds while the task is in progress, but not once the due date has passed', async () => {
    const now = new Date();
    const task = await assignedTask(now);
    await startTask(prisma, { actor: cadre, number: task.number });
    const late = new Date(task.dueAt.getTime() - HOUR);
    expect(
      await findReminderRecipients(prisma, { taskId: task.taskId, kind: 'reminder', now: late }),
    ).toMatchObject({ outcome: 'send' });
    const afterDue = new Date(task.dueAt.getTime() + 1);
    expect(
      await findReminderRecipients(prisma, { taskId: task.taskId, kind: 'reminder', now: afterDue }),
    ).toEqual({ outcome: 'skip', reason: 'past-due' });
  });

  it('escalates an overdue task to every secretary and tells the cadre', async () => {
    const now = new Date();
    const task = await assignedTask(now);
    expect(await findReminderRecipients(prisma, { taskId: task.taskId, kind: 'overdue', now })).toEqual({
      outcome: 'wait',
      until: task.dueAt,
    });
    const due = formatDue(task.dueAt, 'Asia/Shanghai');
    const decision = await findReminderRecipients(prisma, {
      taskId: task.taskId,
      kind: 'overdue',
      now: task.dueAt,
    });
    expect(decision).toEqual({
      outcome: 'send',
      messages: [
        {
          memberId: secretary.memberId,
          key: 'talk-overdue-escalation',
          params: { number: 1, cadre: '王干部', due },
        },
        {
          memberId: deputy.memberId,
          key: 'talk-overdue-escalation',
          params: { number: 1, cadre: '王干部', due },
        },
        { memberId: cadre.memberId, key: 'talk-overdue-cadre', params: { number: 1, due } },
      ],
    });
  });

  it('tells a secretary who is the assignee only once, as the assignee', async () => {
    const now = new Date();
    const item = await raiseTalkItem(prisma, {
      actor: raiser,
      draft: { category: 'OTHER', text: '路灯不亮' },
    });
    const dueAt = new Date(now.getTime() + DAY);
    const task = await assignItem(prisma, {
      actor: secretary,
      number: item.number,
      cadreNumber: 4,
      dueAt,
      now,
    });
    const decision = await findReminderRecipients(prisma, {
      taskId: task.taskId,
      kind: 'overdue',
      now: dueAt,
    });
    expect(decision.outcome === 'send' && decision.messages.map((m) => [m.memberId, m.key])).toEqual([
      [secretary.memberId, 'talk-overdue-escalation'],
      [deputy.memberId, 'talk-overdue-cadre'],
    ]);
  });

  it('has nothing to say once the task is done, nor for a task of an earlier round', async () => {
    const now = new Date();
    const task = await assignedTask(now);
    await completeTask(prisma, { actor: cadre, number: task.number });
    const afterDue = new Date(task.dueAt.getTime() + HOUR);
    for (const kind of ['reminder', 'overdue'] as const) {
      expect(await findReminderRecipients(prisma, { taskId: task.taskId, kind, now: afterDue })).toEqual({
        outcome: 'skip',
        reason: 'task-finished',
      });
    }
    expect(await findReminderRecipients(prisma, { taskId: 999_999, kind: 'overdue', now })).toEqual({
      outcome: 'skip',
      reason: 'task-missing',
    });

    // Round 1's task, made to look open again: the item has moved on to round 2.
    await rateItem(prisma, {
      actor: raiser,
      number: task.number,
      round: 1,
      stars: 1,
      outcome: 'NOT_RESOLVED',
    });
    await prisma.talkTask.update({ where: { id: task.taskId }, data: { status: 'ASSIGNED' } });
    await assignItem(prisma, {
      actor: secretary,
      number: task.number,
      cadreNumber: 2,
      dueAt: new Date(now.getTime() + 2 * DAY),
      now,
    });
    expect(
      await findReminderRecipients(prisma, { taskId: task.taskId, kind: 'overdue', now: afterDue }),
    ).toEqual({
      outcome: 'skip',
      reason: 'superseded',
    });
  });

  it('leaves out a cadre who has left the village, but still tells the secretaries', async () => {
    const now = new Date();
    const task = await assignedTask(now);
    await prisma.member.update({ where: { id: cadre.memberId }, data: { status: 'LEFT' } });
    expect(
      await findReminderRecipients(prisma, {
        taskId: task.taskId,
        kind: 'reminder',
        now: new Date(task.dueAt.getTime() - HOUR),
      }),
    ).toEqual({ outcome: 'skip', reason: 'no-recipients' });
    const overdue = await findReminderRecipients(prisma, {
      taskId: task.taskId,
      kind: 'overdue',
      now: task.dueAt,
    });
    expect(overdue.outcome === 'send' && overdue.messages.map((m) => m.memberId)).toEqual([
      secretary.memberId,
      deputy.memberId,
    ]);
  });
});

describe('closeUnratedItem', () => {
  async function doneTask(doneAt: Date) {
    const task = await assignedTask(new Date(doneAt.getTime() - DAY), 2 * DAY);
    const done = await completeTask(prisma, { actor: cadre, number: task.number, now: doneAt });
    return { ...task, ...done };
  }

  it('waits out the rating window, then closes the item as resolved-unrated and tells the raiser', async () => {
    const doneAt = new Date(Date.now() - DAY);
    const task = await doneTask(doneAt);
    const closesAt = new Date(doneAt.getTime() + RATING_WINDOW_MS);
    expect(await closeUnratedItem(prisma, { itemId: task.itemId, round: 1 })).toEqual({
      outcome: 'wait',
      until: closesAt,
    });
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: task.itemId } })).status).toBe('DONE');

    const expected = {
      outcome: 'send',
      messages: [
        {
          memberId: raiser.memberId,
          key: 'talk-closed-unrated',
          params: { number: task.number, days: RATING_WINDOW_DAYS },
        },
      ],
    };
    expect(await closeUnratedItem(prisma, { itemId: task.itemId, round: 1, now: closesAt })).toEqual(
      expected,
    );
    // Repeated (a retry after a crash before the message was enqueued): the same message, no second close.
    expect(await closeUnratedItem(prisma, { itemId: task.itemId, round: 1, now: closesAt })).toEqual(
      expected,
    );

    const item = await prisma.talkItem.findUniqueOrThrow({ where: { id: task.itemId } });
    expect(item.status).toBe('CLOSED_UNRATED');
    const closes = await prisma.talkStatusChange.findMany({
      where: { itemId: task.itemId, toStatus: 'CLOSED_UNRATED' },
    });
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ fromStatus: 'DONE', actorId: null });
  });

  it('leaves a rated item alone, and a round the item has left', async () => {
    const doneAt = new Date(Date.now() - 8 * DAY);
    const task = await doneTask(doneAt);
    await rateItem(prisma, {
      actor: raiser,
      number: task.number,
      round: 1,
      stars: 2,
      outcome: 'PARTLY_RESOLVED',
    });
    // Reopened: round 2 now. Round 1's timer finds nothing to do.
    expect(await closeUnratedItem(prisma, { itemId: task.itemId, round: 1 })).toEqual({
      outcome: 'skip',
      reason: 'superseded',
    });
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: task.itemId } })).status).toBe('REOPENED');

    await assignItem(prisma, {
      actor: secretary,
      number: task.number,
      cadreNumber: 2,
      dueAt: new Date(Date.now() + DAY),
    });
    await completeTask(prisma, { actor: cadre, number: task.number, now: doneAt });
    await rateItem(prisma, { actor: raiser, number: task.number, round: 2, stars: 5, outcome: 'RESOLVED' });
    expect(await closeUnratedItem(prisma, { itemId: task.itemId, round: 2 })).toEqual({
      outcome: 'skip',
      reason: 'not-expired',
    });
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: task.itemId } })).status).toBe('RATED');
    expect(await closeUnratedItem(prisma, { itemId: 999_999, round: 1 })).toEqual({
      outcome: 'skip',
      reason: 'item-missing',
    });
  });
});
