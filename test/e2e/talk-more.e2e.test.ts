import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import type { RecordedCall } from '../../tools/bot-api-emulator/index.ts';
import { timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { taskTimerKey } from '../../worker/talk-schedule.ts';
import type { Person, Stack } from './stack.ts';
import {
  bodyOf,
  buttonsOf,
  messageIdOf,
  press,
  sayAndWait,
  startVillage,
  waitForText,
} from './talk-helpers.ts';

/**
 * The rest of Villagers Talk through the real bot and worker processes, in English (group posts in
 * the village's Chinese): a voice message and a location as items, /talk_for on behalf of a villager,
 * reporting and hiding, adopting a suggestion, a progress photo, and the overdue escalation.
 */
let stack: Stack;
let prisma: PrismaClient;
let jobs: JobProducer;
let secretary: Person; // member 1, switched to English
let villager: Person; // member 2
let elder: Person; // member 3: phones the office rather than typing
let neighbour: Person; // member 4
let cadre: Person; // member 5
const GROUP = { id: -100700, title: 'Youyi square' };
const NOT_ALLOWED = 'You are not allowed to do that. Send /help to see the commands you can use.';
let voiceFileId = '';

/** From the category question (already asked in `ask`) to the bot's answer to ✅ Submit. */
async function chooseAndSubmit(person: Person, ask: RecordedCall, category: number) {
  const chosen = await press(stack, person.user, messageIdOf(ask), `tcat:${category}@${villageId}`);
  const confirm = await waitForText(stack, person.id, chosen.sinceSeq, 'Submit it?');
  expect(buttonsOf(confirm)).toContain(`tdraft:ok@${villageId}`);
  const submitted = await press(stack, person.user, messageIdOf(confirm), `tdraft:ok@${villageId}`);
  // The answer is sent inside the update's transaction: wait for the commit before others act on it.
  await stack.settled(prisma);
  return submitted.sinceSeq;
}

async function memberId(number: number): Promise<number> {
  return (await prisma.member.findFirstOrThrow({ where: { number } })).id;
}

let villageId: number;

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [villager, elder, neighbour, cadre],
  } = await startVillage({
    people: [
      {
        user: { id: 74002, first_name: 'Xiuying', language_code: 'en' },
        name: 'Wang Xiuying',
        household: 'Wang household',
      },
      {
        user: { id: 74003, first_name: 'Xie', language_code: 'en' },
        name: 'Xie Laohan',
        household: 'Xie household',
      },
      {
        user: { id: 74004, first_name: 'Zhang', language_code: 'en' },
        name: 'Zhang Li',
        household: 'Zhang household',
      },
      {
        user: { id: 74005, first_name: 'Li', language_code: 'en' },
        name: 'Li Ming',
        household: 'Li household',
      },
    ],
    cadres: [5],
    english: true,
    group: GROUP,
  }));
  jobs = createJobProducer({
    redisUrl: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: stack.redisPrefix,
    logger: createLogger('silent', 'talk-more-e2e'),
  });
}, 60_000);

afterAll(async () => {
  await jobs?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

describe('Villagers Talk: voice, location, on behalf, moderation, adoption, progress, overdue', () => {
  it('takes a voice message with a typed title, posts it to the group as voice, and /issue plays it', async () => {
    const voice = stack.emulator.injectMessage({ user: villager.user, content: { voice: { duration: 5 } } });
    voiceFileId = voice.message?.voice?.file_id ?? '';
    expect(voiceFileId).not.toBe('');
    await waitForText(stack, villager.id, voice.sinceSeq, 'Voice message received');
    const titled = stack.emulator.sendText(villager.user, 'Broken pump at the well');
    const ask = await waitForText(stack, villager.id, titled.sinceSeq, 'Which kind of matter is it?');
    const since = await chooseAndSubmit(villager, ask, 0);
    await waitForText(stack, villager.id, since, 'Submitted as #1.');

    const post = await stack.emulator.waitForCall({
      chatId: GROUP.id,
      method: 'sendVoice',
      ok: true,
      sinceSeq: since,
    });
    expect(post.params.voice).toBe(voiceFileId);
    expect(bodyOf(post)).toContain('【村民说事 第 1 号 · 设施】');
    expect(bodyOf(post)).toContain('Broken pump at the well');
    expect(bodyOf(post)).toContain('提出人：Wang Xiuying');
    expect(buttonsOf(post)).toEqual([
      `tlike:1@${villageId}`,
      `tcomm:1@${villageId}`,
      `tfollow:1@${villageId}`,
    ]);
    const [stored] = stack.emulator.chatMessages(GROUP.id).filter((m) => m.messageId === messageIdOf(post));
    expect(stored?.kind).toBe('voice');
    expect(stored?.voice).toMatchObject({ file_id: voiceFileId, duration: 5 });

    const item = await prisma.talkItem.findFirstOrThrow({ where: { number: 1 } });
    expect(item).toMatchObject({ voiceFileId, title: 'Broken pump at the well', text: null });
    expect(item.groupMessageId).toBe(BigInt(messageIdOf(post)));

    const issueSeq = stack.emulator.sendText(neighbour.user, '/issue 1').sinceSeq;
    const shown = await stack.emulator.waitForCall({
      chatId: neighbour.id,
      method: 'sendVoice',
      ok: true,
      sinceSeq: issueSeq,
    });
    expect(shown.params.voice).toBe(voiceFileId);
    expect(bodyOf(shown)).toBe('[Villagers Talk #1 · Facility]');
    const timeline = await waitForText(stack, neighbour.id, issueSeq, 'What happened:');
    expect(bodyOf(timeline)).toContain('Broken pump at the well');
    expect(bodyOf(timeline)).toContain('raised by Wang Xiuying');
    expect(stack.emulator.chatMessages(neighbour.id).some((m) => m.voice?.file_id === voiceFileId)).toBe(
      true,
    );
  });

  it('takes a location with a few words, shows its coordinates and pin in the group and in /issue', async () => {
    const pin = stack.emulator.injectMessage({
      user: villager.user,
      content: { location: { latitude: 30.99351, longitude: 104.28417 } },
    });
    await waitForText(stack, villager.id, pin.sinceSeq, 'Which kind of matter is it?');
    const words = stack.emulator.sendText(villager.user, 'Rubbish dumped by the river');
    const ask = await waitForText(stack, villager.id, words.sinceSeq, 'Which kind of matter is it?');
    const since = await chooseAndSubmit(villager, ask, 1);
    await waitForText(stack, villager.id, since, 'Submitted as #2.');
    const post = await waitForText(stack, GROUP.id, since, '第 2 号');
    expect(bodyOf(post)).toContain('Rubbish dumped by the river');
    // Five decimals: Fluent's default of three would move the spot by up to a hundred metres.
    expect(bodyOf(post)).toContain('📍 位置：30.99351, 104.28417');
    const groupPin = await stack.emulator.waitForCall({
      chatId: GROUP.id,
      method: 'sendLocation',
      sinceSeq: since,
    });
    expect(groupPin.result).toMatchObject({
      location: { latitude: 30.99351, longitude: 104.28417 },
      reply_to_message: { message_id: messageIdOf(post) },
    });
    const item = await prisma.talkItem.findFirstOrThrow({ where: { number: 2 } });
    expect(item).toMatchObject({ latitude: 30.99351, longitude: 104.28417, category: 'ENVIRONMENT' });

    const issueSeq = stack.emulator.sendText(neighbour.user, '/issue 2').sinceSeq;
    const timeline = await waitForText(stack, neighbour.id, issueSeq, 'What happened:');
    expect(bodyOf(timeline)).toContain('📍 Location: 30.99351, 104.28417');
    expect(bodyOf(timeline)).toContain('Rubbish dumped by the river');
    const shownPin = await stack.emulator.waitForCall({
      chatId: neighbour.id,
      method: 'sendLocation',
      ok: true,
      sinceSeq: issueSeq,
    });
    expect(shownPin.params).toMatchObject({ latitude: 30.99351, longitude: 104.28417 });
  });

  it('lets a cadre raise an item for a villager who phoned: it says who for whom, and the villager follows it', async () => {
    expect(bodyOf(await sayAndWait(stack, villager, '/talk_for 3 the bridge railing', 'not allowed'))).toBe(
      NOT_ALLOWED,
    );
    const started = stack.emulator.sendText(
      cadre.user,
      '/talk_for 3 The railing of the group 2 bridge is loose',
    );
    const ask = await waitForText(stack, cadre.id, started.sinceSeq, 'Which kind of matter is it?');
    const since = await chooseAndSubmit(cadre, ask, 2);
    await waitForText(stack, cadre.id, since, 'Recorded for member 3 as #3.');
    await waitForText(stack, elder.id, since, 'A cadre recorded an item for you: #3.');
    const post = await waitForText(stack, GROUP.id, since, '第 3 号');
    expect(bodyOf(post)).toContain('提出人：Xie Laohan（Li Ming 代为登记）');

    const item = await prisma.talkItem.findFirstOrThrow({ where: { number: 3 } });
    expect(item.raiserId).toBe(await memberId(3));
    expect(item.enteredById).toBe(await memberId(5));
    const follows = await prisma.talkFollow.findMany({
      where: { itemId: item.id },
      select: { memberId: true },
    });
    expect(follows.map((f) => f.memberId)).toEqual([await memberId(3)]);

    const timeline = await sayAndWait(stack, elder, '/issue 3', 'What happened:');
    expect(bodyOf(timeline)).toContain('Li Ming recorded it for Xie Laohan');
    expect(bodyOf(timeline)).toContain('The railing of the group 2 bridge is loose');

    // The villager hears of the discussion like on an item of their own.
    const commentSeq = stack.emulator.lastSeq();
    await sayAndWait(
      stack,
      neighbour,
      '/comment 3 I nearly fell there last week',
      'Your comment on #3 is posted.',
    );
    await waitForText(stack, elder.id, commentSeq, 'New comment on #3. Send /issue 3 to read it.');
    expect(await prisma.talkItem.count({ where: { raiserId: await memberId(5) } })).toBe(0);
  });

  it('takes reports (button and command, once per member), tells the secretary once, and hides a comment in public', async () => {
    await sayAndWait(
      stack,
      neighbour,
      '/comment 2 The people of group 4 dump it there, they are pigs',
      'Your comment on #2 is posted.',
    );
    await stack.settled(prisma);
    const comment = await prisma.talkComment.findFirstOrThrow({ where: { text: { contains: 'pigs' } } });
    const id = comment.id.toString();

    const issueSeq = stack.emulator.sendText(villager.user, '/issue 2').sinceSeq;
    const hint = await waitForText(stack, villager.id, issueSeq, 'If a comment is improper');
    expect(buttonsOf(hint)).toContain(`trep:${id}@${villageId}`);
    const reportSeq = stack.emulator.lastSeq();
    const reported = await press(stack, villager.user, messageIdOf(hint), `trep:${id}@${villageId}`);
    expect(reported.answer).toBe(`Thank you; the secretary will look at comment ${id} (1 reports).`);
    await waitForText(stack, secretary.id, reportSeq, `Comment ${id} on #2 was reported as improper.`);
    expect(bodyOf(await sayAndWait(stack, elder, `/report ${id}`, 'Thank you'))).toContain('(2 reports)');
    expect(bodyOf(await sayAndWait(stack, villager, `/report ${id}`, 'Thank you'))).toContain('(2 reports)');
    expect(await prisma.talkCommentReport.count({ where: { commentId: comment.id } })).toBe(2);

    expect(bodyOf(await sayAndWait(stack, neighbour, `/hidecomment ${id} rude`, 'not allowed'))).toBe(
      NOT_ALLOWED,
    );
    await sayAndWait(stack, secretary, `/hidecomment ${id} insulting neighbours`, `Comment ${id} is hidden`);
    await stack.settled(prisma);
    const afterSeq = stack.emulator.lastSeq();
    const timeline = await sayAndWait(stack, villager, '/issue 2', 'What happened:');
    expect(bodyOf(timeline)).toContain(
      `a comment [${id}] by Zhang Li was hidden by 李书记, reason: insulting neighbours`,
    );
    expect(bodyOf(timeline)).not.toContain('pigs');
    await stack.settled(prisma);
    // Nothing visible is left to report on #2.
    const hints = stack.emulator
      .calls({ chatId: villager.id, method: 'sendMessage', sinceSeq: afterSeq })
      .filter((call) => bodyOf(call).includes('If a comment is improper'));
    expect(hints).toEqual([]);
    const notices = stack.emulator
      .calls({ chatId: secretary.id, method: 'sendMessage', sinceSeq: reportSeq })
      .filter((call) => bodyOf(call).includes('was reported as improper'));
    expect(notices).toHaveLength(1);
  });

  it('hides an item with a reason: /issue says who hid it and why, the group post too, and /issues leaves it out', async () => {
    const before = await prisma.talkItem.findFirstOrThrow({ where: { number: 2 } });
    expect(bodyOf(await sayAndWait(stack, villager, '/hide 2 no reason', 'not allowed'))).toBe(NOT_ALLOWED);
    await sayAndWait(
      stack,
      secretary,
      '/hide 2 names a neighbouring group without proof',
      'Item #2 is hidden.',
    );
    await stack.settled(prisma);

    expect(bodyOf(await sayAndWait(stack, villager, '/issue 2', 'hidden'))).toBe(
      'Item #2 was hidden by 李书记. Reason: names a neighbouring group without proof',
    );
    const [post] = stack.emulator
      .chatMessages(GROUP.id)
      .filter((m) => BigInt(m.messageId) === before.groupMessageId);
    expect(post?.text).toBe(
      '第 2 号村民说事已被 李书记 隐藏，原因：names a neighbouring group without proof',
    );
    expect(post?.replyMarkup).toBeUndefined();

    const issues = bodyOf(await sayAndWait(stack, neighbour, '/issues', 'Open items'));
    expect(issues).toContain('#1 [Facility] Broken pump at the well');
    expect(issues).toContain('#3 [Safety]');
    expect(issues).not.toContain('#2 ');
    const row = await prisma.talkItem.findFirstOrThrow({ where: { number: 2 } });
    expect(row.hiddenById).toBe(await memberId(1));
  });

  it('adopts a suggestion once (one proposed points award) and refuses to adopt anything else', async () => {
    const started = stack.emulator.sendText(villager.user, '/talk Plant trees along the main road for shade');
    const ask = await waitForText(stack, villager.id, started.sinceSeq, 'Which kind of matter is it?');
    const since = await chooseAndSubmit(villager, ask, 3);
    await waitForText(stack, villager.id, since, 'Submitted as #4.');

    const adoptSeq = stack.emulator.lastSeq();
    expect(bodyOf(await sayAndWait(stack, secretary, '/adopt 4', 'adopted'))).toBe(
      'Suggestion #4 is adopted; points were proposed for the person who raised it.',
    );
    await waitForText(stack, villager.id, adoptSeq, 'Your suggestion #4 was adopted');
    expect(bodyOf(await sayAndWait(stack, secretary, '/adopt 4', 'adopted'))).toBe(
      'Suggestion #4 was already adopted.',
    );
    expect(bodyOf(await sayAndWait(stack, secretary, '/adopt 1', 'not a suggestion'))).toContain(
      'Item #1 is not a suggestion, so it cannot be adopted.',
    );
    expect(bodyOf(await sayAndWait(stack, villager, '/adopt 4', 'not allowed'))).toBe(NOT_ALLOWED);
    await stack.settled(prisma);

    const suggestion = await prisma.talkItem.findFirstOrThrow({ where: { number: 4 } });
    const rule = await prisma.pointRule.findFirst({ where: { code: 'suggestion-adopted' } });
    const awards = await prisma.pointAward.findMany();
    expect(awards).toHaveLength(1);
    expect(awards[0]).toMatchObject({
      memberId: await memberId(2),
      proposedById: await memberId(1),
      source: `talk-${suggestion.id}`,
      points: rule?.points ?? 5,
    });
    expect(suggestion.adopted).toBe(true);
    expect((await prisma.talkItem.findFirstOrThrow({ where: { number: 1 } })).adopted).toBe(false);
  });

  it('records a progress photo captioned /progress, and the timeline shows it', async () => {
    await sayAndWait(stack, secretary, '/assign 1 5 3', '(No. 5), due');
    await stack.settled(prisma);
    const photo = stack.emulator.injectMessage({
      user: cadre.user,
      content: { photo: {}, caption: '/progress 1 New pump is in, testing tomorrow' },
    });
    await waitForText(stack, cadre.id, photo.sinceSeq, 'Progress on #1 recorded.');
    await waitForText(stack, villager.id, photo.sinceSeq, 'New progress on #1.');
    await stack.settled(prisma);
    const note = await prisma.talkTaskNote.findFirstOrThrow({ where: { task: { item: { number: 1 } } } });
    expect(note.photoFileId).toBe(photo.message?.photo?.at(-1)?.file_id);
    expect(note.text).toBe('New pump is in, testing tomorrow');
    // The photo is a progress note, not a new item.
    expect(await prisma.talkItem.count()).toBe(4);
    expect(await prisma.conversationState.count({ where: { key: `talk-draft:${cadre.id}` } })).toBe(0);

    const timeline = await sayAndWait(stack, neighbour, '/issue 1', 'What happened:');
    expect(bodyOf(timeline)).toContain(
      'Li Ming noted progress: New pump is in, testing tomorrow (with photo)',
    );
  });

  it('escalates an overdue task to the secretary and the cadre, once each', async () => {
    const task = await prisma.talkTask.findFirstOrThrow({ where: { item: { number: 1 } } });
    expect(task.assigneeId).toBe(await memberId(5));
    // "/assign 1 5 3" made it due in three days, and a due date the bot accepts is at least the end of
    // today. To see the escalation within the test, the due date moves to a few seconds from now, and
    // so does the overdue timer the bot wrote with the assignment (worker/talk-schedule.ts): its row,
    // and its delayed job in Redis, which is replaced the way the reconciler would add it.
    const dueAt = new Date(Date.now() + 3_000);
    await prisma.talkTask.update({ where: { id: task.id }, data: { dueAt } });
    const overdue = await prisma.scheduledTimer.findUniqueOrThrow({
      where: { key: timerKey('talk-task-overdue', taskTimerKey(task.id)) },
    });
    expect(overdue.status).toBe('PENDING');
    await prisma.scheduledTimer.update({ where: { id: overdue.id }, data: { dueAt } });
    const since = stack.emulator.lastSeq();
    await jobs.removeTimers([overdue.id]);
    await jobs.addTimers([{ id: overdue.id, dueAt }]);

    const escalation = await waitForText(stack, secretary.id, since, 'Talk item #1 is overdue');
    expect(bodyOf(escalation)).toContain('Li Ming was to finish it by');
    expect(escalation.time).toBeGreaterThanOrEqual(dueAt.getTime());
    await waitForText(stack, cadre.id, since, 'Talk item #1 is past its due date');
    // Time for a second run, if there were one, to arrive.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const overdueTo = (chatId: number, needle: string) =>
      stack.emulator
        .calls({ chatId, method: 'sendMessage', ok: true, sinceSeq: since })
        .filter((call) => bodyOf(call).includes(needle));
    expect(overdueTo(secretary.id, 'Talk item #1 is overdue')).toHaveLength(1);
    expect(overdueTo(cadre.id, 'Talk item #1 is past its due date')).toHaveLength(1);
    expect(overdueTo(villager.id, 'overdue')).toEqual([]);
  });

  it('never failed an update', async () => {
    await stack.settled(prisma);
    expect(await prisma.inboundUpdate.findMany({ where: { attempts: { gt: 0 } } })).toEqual([]);
  });
});
