import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { findMembership } from '../../core/members/membership.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { timerKey } from '../../worker/owed.ts';
import { taskTimerKey } from '../../worker/talk-schedule.ts';
import type { Person, Stack } from './stack.ts';
import { bodyOf, sayAndWait, startVillage, waitForText } from './talk-helpers.ts';

/**
 * Handling as a secretary does it (issue 9), through the real bot and worker: a task reassigned (old
 * timers cancelled, both cadres told) and taken back to the inbox; an assigned item declined; a
 * hidden item the supervisor hears of, reads and restores, and that cannot be assigned meanwhile.
 * The secretary and one cadre speak English, the other cadre and the supervisor Chinese.
 */
let stack: Stack;
let prisma: PrismaClient;
let secretary: Person; // 1, en
let raiser: Person; // 2, en
let liMing: Person; // 3, en, cadre
let wang: Person; // 4, zh, cadre
let zhang: Person; // 5, zh, supervisor

async function raise(text: string): Promise<number> {
  const actor = await findMembership(prisma, BigInt(raiser.id));
  return (
    await prisma.$transaction((tx) => raiseTalkItem(tx, { actor, draft: { category: 'FACILITY', text } }))
  ).number;
}

async function timerStatus(kind: 'talk-task-reminder' | 'talk-task-overdue', key: string) {
  await stack.settled(prisma);
  return (await prisma.scheduledTimer.findUnique({ where: { key: timerKey(kind, key) } }))?.status;
}

beforeAll(async () => {
  ({
    stack,
    prisma,
    secretary,
    people: [raiser, liMing, wang, zhang],
  } = await startVillage({
    english: true,
    people: [
      {
        user: { id: 77002, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: 'Wang',
      },
      { user: { id: 77003, first_name: 'Li', language_code: 'en' }, name: 'Li Ming', household: 'Li' },
      { user: { id: 77004, first_name: 'Gang', language_code: 'zh-hans' }, name: '王刚', household: '王家' },
      {
        user: { id: 77005, first_name: 'Zhang', language_code: 'zh-hans' },
        name: '张监督',
        household: '张家',
      },
    ],
    cadres: [3, 4],
  }));
  await sayAndWait(stack, secretary, '/grant 5 supervisor', 'supervisor');
  await stack.settled(prisma);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe('handling, as a secretary does it', () => {
  it('reassigns a task: the old timers stop, the new cadre gets the task, the old one hears it is off', async () => {
    const number = await raise('The drain by the school is blocked');
    await sayAndWait(stack, secretary, `/assign ${number} 3 3`, 'assigned to Li Ming (No. 3)');
    const task = await prisma.talkTask.findFirstOrThrow({ where: { item: { number } } });
    expect(await timerStatus('talk-task-overdue', taskTimerKey(task.id))).toBe('PENDING');
    const since = stack.emulator.lastSeq();
    const answer = await sayAndWait(stack, secretary, `/assign ${number} 4 7`, `#${number} now goes to`);
    expect(bodyOf(answer)).toContain(`#${number} now goes to 王刚 (No. 4), due`);
    await waitForText(stack, wang.id, since, `您有一件新任务：第 ${number} 号`);
    await waitForText(stack, liMing.id, since, `#${number} was given to another cadre`);
    expect(await timerStatus('talk-task-overdue', taskTimerKey(task.id))).toBe('CANCELLED');
    expect(await timerStatus('talk-task-reminder', taskTimerKey(task.id))).toBe('CANCELLED');
    expect(await timerStatus('talk-task-overdue', taskTimerKey(task.id, 2))).toBe('PENDING');
    const timeline = await sayAndWait(stack, secretary, `/issue ${number}`, 'What happened:');
    expect(bodyOf(timeline)).toContain('assigned (王刚 (4))');

    // Taken back to the inbox: the cadre is told, the timers stop, the secretary can assign it again.
    const back = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, `/unassign ${number}`, `The task for #${number} is cancelled`);
    await waitForText(stack, wang.id, back, `第 ${number} 号的任务已取消`);
    expect(await timerStatus('talk-task-overdue', taskTimerKey(task.id, 2))).toBe('CANCELLED');
    await sayAndWait(stack, secretary, `/assign ${number} 3 3`, 'assigned to Li Ming (No. 3)');
    expect(await timerStatus('talk-task-overdue', taskTimerKey(task.id, 3))).toBe('PENDING');
  });

  it('declines an assigned item: its task is cancelled and the cadre told', async () => {
    const number = await raise('Paint the bridge');
    await sayAndWait(stack, secretary, `/assign ${number} 3 3`, 'assigned to Li Ming (No. 3)');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, `/decline ${number} After the harvest`, `#${number}`);
    await waitForText(stack, liMing.id, since, `The task for #${number} was cancelled`);
    await stack.settled(prisma);
    expect((await prisma.talkTask.findFirstOrThrow({ where: { item: { number } } })).status).toBe(
      'CANCELLED',
    );
  });

  it('hides an item: the supervisor is told, reads it, restores it; meanwhile it cannot be assigned', async () => {
    const number = await raise('The neighbour at No. 5 dumps rubbish');
    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, secretary, `/hide ${number} names a neighbour`, `#${number}`);
    await waitForText(stack, zhang.id, since, `隐藏了第 ${number} 号，理由：names a neighbour`);
    expect(bodyOf(await sayAndWait(stack, secretary, `/assign ${number} 3 3`, ''))).toContain(
      `Item #${number} is hidden`,
    );
    // A villager reads that it was hidden; the supervisor reads what it said.
    expect(bodyOf(await sayAndWait(stack, raiser, `/issue ${number}`, ''))).not.toContain('dumps rubbish');
    const seen = await sayAndWait(stack, zhang, `/issue ${number}`, '办理经过');
    expect(bodyOf(seen)).toContain('dumps rubbish');
    expect(bodyOf(seen)).toContain('⚠️ 已被');
    expect(bodyOf(await sayAndWait(stack, secretary, `/restore ${number} oops`, ''))).toContain(
      'not allowed',
    );
    const restoredAt = stack.emulator.lastSeq();
    await sayAndWait(stack, zhang, `/restore ${number} 情况属实`, `第 ${number} 号已恢复显示`);
    await waitForText(stack, secretary.id, restoredAt, `restored #${number}, reason: 情况属实`);
    const timeline = await sayAndWait(stack, raiser, `/issue ${number}`, 'What happened:');
    expect(bodyOf(timeline)).toContain('restored it, reason: 情况属实');
    expect(bodyOf(timeline)).toContain('hid it, reason: names a neighbour');
    await sayAndWait(stack, secretary, `/assign ${number} 3 3`, 'assigned to Li Ming (No. 3)');
  });
});
