import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { voteCloseKey, voteReminderKey } from '../../worker/votes-schedule.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForCallWithButton,
  waitForText,
} from './talk-helpers.ts';

/**
 * Rule votes closed in English through the real bot and worker processes: a secret ballot with a
 * quorum and two thirds (reminded to the non-voters only, adopted into the rulebook; its result names nobody, and no message to anyone but the voter
 * carries a voter's choice), an open ballot that a majority would pass but two thirds does not, and a
 * vote whose quorum is not met. The members hear in English; the group posts are in the village's language
 * (Chinese, the deployment's default). Deadlines are moved to the next seconds as the reconciler would.
 */
const GROUP = { id: -1_007_900_000, title: 'Friendship village', type: 'supergroup' as const };

let stack: Stack;
let prisma: PrismaClient;
let jobs: JobProducer;
let villageId: number;
let secretary: Person;
let voters: readonly Person[];

beforeAll(async () => {
  let people: readonly Person[];
  ({ stack, prisma, villageId, secretary, people } = await startVillage({
    english: true,
    people: [
      { user: { id: 79_002, first_name: 'Ann', language_code: 'en' }, name: 'Ann Lee', household: 'Lee' },
      { user: { id: 79_003, first_name: 'Bob', language_code: 'en' }, name: 'Bob Chen', household: 'Chen' },
      { user: { id: 79_004, first_name: 'Cai', language_code: 'en' }, name: 'Cai Wang', household: 'Wang' },
      { user: { id: 79_005, first_name: 'Dan', language_code: 'en' }, name: 'Dan Liu', household: 'Liu' },
      { user: { id: 79_006, first_name: 'Eve', language_code: 'en' }, name: 'Eve Zhou', household: 'Zhou' },
    ],
    group: GROUP,
  }));
  voters = people;
  jobs = createJobProducer({
    redisUrl: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: stack.redisPrefix,
    logger: createLogger('silent', 'votes-close-en-e2e'),
  });
}, 60_000);

afterAll(async () => {
  await jobs?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

async function choose(since: number, label: string): Promise<number> {
  const question = await waitForCallWithButton(stack, secretary.id, since, 'vnew:');
  const markup = question.params.reply_markup as unknown;
  const parsed = (typeof markup === 'string' ? JSON.parse(markup) : markup) as {
    inline_keyboard: { text: string; callback_data: string }[][];
  };
  const button = parsed.inline_keyboard.flat().find((b) => b.text.includes(label));
  if (!button) throw new Error(`no "${label}" button on: ${bodyOf(question)}`);
  return (await press(stack, secretary.user, messageIdOf(question), button.callback_data)).sinceSeq;
}

/** Launches a new-rule vote through /newvote with the given secrecy, quorum and threshold buttons. */
async function launch(title: string, secrecy: string, quorum: string, threshold: string): Promise<number> {
  await sayAndWait(stack, secretary, '/newvote', "the vote's title");
  await sayAndWait(stack, secretary, title, 'the rule text proposed');
  let since = stack.emulator.lastSeq();
  await sayAndWait(stack, secretary, `${title}, as the village agreed.`, 'This vote is to');
  for (const label of [
    'New rule',
    'Default: for / against / abstain',
    'Default: 5 days',
    secrecy,
    quorum,
    threshold,
  ])
    since = await choose(since, label);
  since = await choose(since, 'Every member (default)');
  await waitForText(stack, secretary.id, since, 'Please check the vote');
  since = await choose(since, 'Launch the vote');
  const done = await waitForText(stack, secretary.id, since, 'is launched');
  const number = Number(/Vote (\d+) is launched/.exec(bodyOf(done))?.[1]);
  await stack.settled(prisma, 30_000);
  return number;
}

/** Moves the vote's deadline and close timer to the next seconds; resolves with the group's result post. */
async function closeNow(number: number) {
  const vote = await prisma.vote.findFirstOrThrow({ where: { villageId, number } });
  const since = stack.emulator.lastSeq();
  const closesAt = new Date(Date.now() + 1_000);
  await prisma.vote.update({ where: { id: vote.id }, data: { closesAt } });
  const timer = await prisma.scheduledTimer.findUniqueOrThrow({
    where: { key: timerKey('vote-close', voteCloseKey(vote.id)) },
  });
  await prisma.scheduledTimer.update({ where: { id: timer.id }, data: { dueAt: closesAt } });
  await jobs.removeTimers([timer.id]);
  await jobs.addTimers([{ id: timer.id, dueAt: closesAt }]);
  const result = await waitForText(stack, GROUP.id, since, `第 ${number} 号表决结果`);
  await stack.settled(prisma, 20_000);
  return { since, result };
}

async function vote(person: Person, number: number, choice: string): Promise<void> {
  await sayAndWait(stack, person, `/vote ${number} ${choice}`, 'is recorded');
}

describe('closing rule votes, in English', () => {
  it('a secret ballot with a quorum and two thirds: adopted, and nobody’s choice in any message but their own', async () => {
    const number = await launch('Quiet after ten', 'Secret ballot', 'At least half', 'Two thirds');
    const [ann, bob, cai, dan] = voters as [Person, Person, Person, Person];
    for (const person of [ann, bob, cai]) await vote(person, number, 'for');
    await vote(dan, number, 'against');

    // The reminder, moved to the next second: only Eve and the secretary have not voted.
    const vote0 = await prisma.vote.findFirstOrThrow({ where: { villageId, number } });
    const reminder = await prisma.scheduledTimer.findUniqueOrThrow({
      where: { key: timerKey('vote-reminder', voteReminderKey(vote0.id)) },
    });
    const remindedSince = stack.emulator.lastSeq();
    const remindAt = new Date(Date.now() + 500);
    await prisma.scheduledTimer.update({ where: { id: reminder.id }, data: { dueAt: remindAt } });
    await jobs.removeTimers([reminder.id]);
    await jobs.addTimers([{ id: reminder.id, dueAt: remindAt }]);
    const eve = voters[4] as Person;
    for (const person of [eve, secretary])
      await waitForText(stack, person.id, remindedSince, 'you have not voted yet');
    await stack.settled(prisma, 20_000);
    for (const person of [ann, bob, cai, dan])
      expect(
        stack.emulator
          .calls({ chatId: person.id, method: 'sendMessage', ok: true, sinceSeq: remindedSince })
          .filter((call) => bodyOf(call).includes('you have not voted yet')),
      ).toEqual([]);

    const { since, result } = await closeNow(number);
    expect(bodyOf(result)).toContain('✅ 通过');
    expect(bodyOf(result)).toContain('4 / 6');
    const vote1 = await prisma.vote.findFirstOrThrow({ where: { villageId, number } });
    expect(vote1).toMatchObject({ status: 'CLOSED', result: 'ADOPTED', ballotKey: null });
    await waitForText(stack, ann.id, since, 'has closed: adopted');
    const rules = await sayAndWait(stack, ann, '/rules', 'Quiet after ten');
    expect(bodyOf(rules)).toContain('Quiet after ten, as the village agreed.');
    await sayAndWait(stack, ann, '/rules history', `vote ${number}`);

    // Nothing anyone else was sent since the launch ties a voter to a choice: no names in the group, and
    // the receipts list holds receipts and choices only.
    const group = stack.emulator.calls({
      chatId: GROUP.id,
      method: 'sendMessage',
      ok: true,
      sinceSeq: since,
    });
    expect(group.map(bodyOf).join('\n')).not.toMatch(/各人的选择|Ann Lee|Bob Chen|Cai Wang|Dan Liu/);
    const receipts = await sayAndWait(stack, secretary, `/receipts ${number}`, 'receipts');
    expect(bodyOf(receipts)).not.toMatch(/Ann|Bob|Cai|Dan|Eve/);
    expect(bodyOf(receipts).match(/[A-Z2-7]{10}/g)).toHaveLength(4);
    for (const person of [ann, bob, cai, dan])
      for (const call of stack.emulator.calls({ chatId: person.id, method: 'sendMessage', ok: true })) {
        const others = voters.filter((other) => other !== person).map((other) => other.user.first_name);
        for (const name of others) expect(bodyOf(call)).not.toContain(`${name} `);
      }
  });

  it('an open ballot that a majority would pass and two thirds does not: not adopted, with names', async () => {
    const number = await launch('Ban fireworks', 'Open ballot (default)', 'None (default)', 'Two thirds');
    const [ann, bob, cai, dan, eve] = voters as [Person, Person, Person, Person, Person];
    for (const person of [ann, bob, cai]) await vote(person, number, 'for');
    for (const person of [dan, eve]) await vote(person, number, 'against');
    const { since, result } = await closeNow(number);
    expect(bodyOf(result)).toContain('❌ 未通过');
    const names = await waitForText(stack, GROUP.id, since, '各人的选择');
    expect(bodyOf(names)).toMatch(/Ann Lee/);
    expect(bodyOf(names)).toMatch(/Eve Zhou/);
    await waitForText(stack, ann.id, since, 'has closed: not adopted');
    expect(await prisma.rule.count({ where: { villageId, title: 'Ban fireworks' } })).toBe(0);
  });

  it('a vote whose quorum is not met does not count, whatever its counts', async () => {
    const number = await launch(
      'Paint the gate red',
      'Open ballot (default)',
      'At least half',
      'Majority (default)',
    );
    await vote(voters[0] as Person, number, 'for');
    const { since, result } = await closeNow(number);
    expect(bodyOf(result)).toContain('参加人数不够');
    await waitForText(stack, (voters[0] as Person).id, since, 'too few took part');
    expect(await prisma.vote.findFirstOrThrow({ where: { villageId, number } })).toMatchObject({
      result: 'NO_QUORUM',
      turnout: 1,
    });
    expect(await prisma.rule.count({ where: { villageId, title: 'Paint the gate red' } })).toBe(0);
  });
});
