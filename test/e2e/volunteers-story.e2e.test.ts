import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recruitDraftCallback, shiftJoinCallback } from '../../bot/callback-data/volunteers.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import type { RecordedCall, UserSpec } from '../../tools/bot-api-emulator/index.ts';
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
 * The seed's story (../shared/seeds, the Yingshanhong plan in Daicun town): "During the epidemic this
 * year, the cadres of Dashigai Village launched a 'recruitment of volunteers' activity on the platform.
 * In just 5 minutes, a team of 15 people was assembled."
 *
 * Through the real bot and worker processes: a cadre's call for 15 volunteers (one shift at the village
 * entrance, capacity 15) goes to 200 members and the village group. 40 of them answer by the invite's
 * button (every fifth by the group post's), each at a moment of the story's first 5 minutes. Time is
 * compressed: the presses follow each other as fast as the bot answers, and the story's clock is
 * advanced before each by moving what the call recorded so far (its posting and fan-out moments, its
 * shift's "full since") back by the time that passes. The first 15 to press get the seats in the order
 * they pressed, the next 25 the waiting list, 1 to 25 in that order; nobody sees an error; the cadre's
 * one progress message ends with the shift full and how long it took; the group post shows it full.
 */
const GROUP = { id: -1_007_920_000, title: '大石盖村村民群', type: 'supergroup' as const };
const ZONE = 'Asia/Shanghai';
/** Members seeded through the use cases: with the secretary, the call reaches 200. */
const SEEDED = 199;
const CAPACITY = 15;
const ANSWERING = 40;
/** The story's second at which the k-th answer comes: the first half a minute after the post, then one every 6 s. */
const answerAt = (k: number) => 30 + 6 * k;

let stack: Stack;
let prisma: PrismaClient;
let villageId: number;
let secretary: Person;
let cadre: Person;
const seeded: UserSpec[] = [];

beforeAll(async () => {
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [cadre],
  } = await startVillage({
    people: [
      {
        user: { id: 80_002, first_name: '孙干部', language_code: 'zh-hans' },
        name: '孙国柱',
        household: '孙家',
      },
    ],
    cadres: [2],
    group: GROUP,
  }));
  // Members 3–201 through the use cases (quicker than 199 conversations); all have opened the bot.
  const { inviteCode } = await prisma.village.findUniqueOrThrow({ where: { id: villageId } });
  for (let i = 0; i < SEEDED; i++) {
    const user: UserSpec = { id: 80_100 + i, first_name: `村民${i + 3}`, language_code: 'zh-hans' };
    await syncUser(prisma, user);
    await joinVillage(prisma, { userId: BigInt(user.id), inviteCode });
    for (const text of [`村民${i + 3}`, `第${i + 3}户`]) {
      const membership = await findMembership(prisma, BigInt(user.id));
      if (!membership) throw new Error(`user ${user.id} did not join`);
      await prisma.$transaction((tx) => answerOnboarding(tx, { membership, text }));
    }
    stack.emulator.addChat({ user });
    seeded.push(user);
  }
}, 150_000);

afterAll(async () => {
  await stack?.stop();
  await prisma?.$disconnect();
});

/**
 * The story's clock: it is `seconds` after the call was posted. What the call recorded so far (when it
 * was posted and fanned out, when its shift filled) moves back by the time that passes, so intervals
 * between those moments stay as they happened and "now" is that far into the story.
 */
async function storyClockAt(callId: number, seconds: number): Promise<void> {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM (now() AT TIME ZONE 'UTC') - "createdAt") * 1000)::float8 AS ms
    FROM "VolunteerCall" WHERE id = ${callId}`;
  const by = Math.round(seconds * 1000 - (row?.ms ?? 0));
  if (by <= 0) throw new Error(`the story is already ${row?.ms} ms in, past ${seconds} s`);
  await prisma.$transaction([
    prisma.$executeRaw`
      UPDATE "VolunteerCall"
      SET "createdAt" = "createdAt" - ${by}::int * interval '1 millisecond',
          "fanoutAt" = "fanoutAt" - ${by}::int * interval '1 millisecond'
      WHERE id = ${callId}`,
    prisma.$executeRaw`
      UPDATE "VolunteerShift" SET "filledAt" = "filledAt" - ${by}::int * interval '1 millisecond'
      WHERE "callId" = ${callId} AND "filledAt" IS NOT NULL`,
  ]);
}

/** How far into the story the database's clock is, in ms. */
async function storyMs(callId: number): Promise<number> {
  const [row] = await prisma.$queryRaw<{ ms: number }[]>`
    SELECT (extract(epoch FROM (now() AT TIME ZONE 'UTC') - "createdAt") * 1000)::float8 AS ms
    FROM "VolunteerCall" WHERE id = ${callId}`;
  return row?.ms ?? Number.NaN;
}

async function until<T>(what: string, find: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const edits = (chatId: number, messageId: number) =>
  stack.emulator
    .calls({ chatId, method: 'editMessageText', ok: true })
    .filter((c) => Number(c.params.message_id) === messageId);

describe('Dashigai: 15 volunteers in 5 minutes', () => {
  const start = DateTime.now().setZone(ZONE).plus({ minutes: 90 }).startOf('minute');
  const end = start.plus({ hours: 4 });
  const time = `${start.toFormat('MM-dd HH:mm')}–${end.toFormat(end.hasSame(start, 'day') ? 'HH:mm' : 'MM-dd HH:mm')}`;
  let callId = 0;
  let shiftId = 0;
  const invites = new Map<number, RecordedCall>();
  let groupPost: RecordedCall;
  let progress: RecordedCall;
  /** The 40 who answer, in the order they press: not the members' order. */
  let answering: UserSpec[] = [];

  it('the cadre calls for 15 at the village entrance: the preview says it reaches 200', async () => {
    const quick = `/recruit ${CAPACITY} 村口检查点 ${start.toFormat('yyyy-MM-dd')} ${start.toFormat('HH:mm')}-${end.toFormat('HH:mm')}`;
    const preview = await sayAndWait(stack, cadre, quick, '请核对招募');
    expect(bodyOf(preview)).toContain('招募志愿者：村口检查点');
    expect(bodyOf(preview)).toContain(`1. 村口检查点，${time}，15 人`);
    expect(bodyOf(preview)).toContain('全体村民（200 人）');
    const sent = await press(
      stack,
      cadre.user,
      messageIdOf(preview),
      recruitDraftCallback.pack({ step: 'confirm', choice: 'send' }, villageId),
    );
    await waitForText(stack, cadre.id, sent.sinceSeq, '第 1 号招募正在发给 200 人');
    const call = await prisma.volunteerCall.findFirstOrThrow({
      where: { villageId },
      include: { shifts: true },
    });
    expect(call).toMatchObject({ number: 1, recipients: 200, urgent: false });
    expect(call.shifts.map((s) => [s.capacity, s.taken])).toEqual([[CAPACITY, 0]]);
    callId = call.id;
    shiftId = call.shifts[0]?.id ?? 0;
  });

  it('reaches the 200 and the group, once each; the cadre gets one progress message', async () => {
    const everyone = [secretary.user, ...seeded];
    const sent = await until('the 200 invites and the post', () => {
      const found = stack.emulator
        .calls({ method: 'sendMessage', ok: true })
        .filter((c) => bodyOf(c).includes('志愿招募 第 1 号'));
      return new Set(found.map((c) => Number(c.params.chat_id))).size >= everyone.length + 1
        ? found
        : undefined;
    });
    expect(sent).toHaveLength(everyone.length + 1);
    for (const user of everyone) {
      const invite = sent.find((c) => Number(c.params.chat_id) === user.id);
      if (!invite) throw new Error(`member ${user.id} got no invite`);
      expect(buttonsOf(invite)).toEqual([shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId)]);
      invites.set(user.id, invite);
    }
    expect(sent.some((c) => Number(c.params.chat_id) === cadre.id)).toBe(false);
    groupPost = sent.find((c) => Number(c.params.chat_id) === GROUP.id) as RecordedCall;
    expect(bodyOf(groupPost)).toContain(`1. 村口检查点  ${time}  已报 0/15 人`);

    const head = '✅ 第 1 号招募发送完毕：已送达 200，发送失败 0，共 200 位。';
    await until('the progress message to say all 200 were delivered', () =>
      stack.emulator
        .calls({ chatId: cadre.id, method: ['sendMessage', 'editMessageText'], ok: true })
        .find((c) => bodyOf(c).startsWith(head)),
    );
    const progresses = stack.emulator
      .calls({ chatId: cadre.id, method: 'sendMessage', ok: true })
      .filter((c) => bodyOf(c).includes('各班报名'));
    expect(progresses).toHaveLength(1);
    progress = progresses[0] as RecordedCall;
    await stack.settled(prisma, 30_000);
  }, 90_000);

  it('40 answer within 5 minutes: the first 15 get the seats, the next 25 wait in the order they pressed', async () => {
    answering = Array.from({ length: ANSWERING }, (_, k) => seeded[(k * 37) % SEEDED] as UserSpec);
    const since = stack.emulator.lastSeq();
    const join = shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId);
    const answers: { answer: string; showAlert: boolean; sinceSeq: number }[] = [];
    for (const [k, user] of answering.entries()) {
      await storyClockAt(callId, answerAt(k));
      // Every fifth presses the group post; the others their own invite.
      answers.push(
        k % 5 === 4
          ? await press(stack, user, messageIdOf(groupPost), join, GROUP.id)
          : await press(stack, user, messageIdOf(invites.get(user.id) as RecordedCall), join),
      );
    }
    // All 40 answered within the story's 5 minutes (the last at 264 s, plus the bot's answer).
    expect(await storyMs(callId)).toBeLessThan(300_000);

    const seated = `✅ 报名成功：第 1 号招募第 1 班，村口检查点，${time}。开始前我会提醒您。`;
    const waiting = (place: number) =>
      `这个班次已满。您在第 1 号招募第 1 班（村口检查点，${time}）的候补名单上排第 ${place} 位；有人退出我会告诉您。`;
    const expected = answering.map((_, k) => (k < CAPACITY ? seated : waiting(k - CAPACITY + 1)));
    expect(answers.map((a) => a.answer)).toEqual(expected);
    expect(answers.filter((a) => a.showAlert)).toHaveLength(0);
    // Each hears it once more in private (a press on the group post too), and nothing else.
    for (const [k, user] of answering.entries()) {
      await waitForText(stack, user.id, since, expected[k] as string);
      expect(
        stack.emulator.calls({ chatId: user.id, method: 'sendMessage', sinceSeq: since }).map(bodyOf),
        `messages to answerer ${k}`,
      ).toEqual([expected[k]]);
    }

    // The database agrees: exactly the first 15 hold seats, the rest wait 1..25 in pressing order.
    const memberIdOf = new Map(
      (await prisma.member.findMany({ where: { villageId }, select: { id: true, userId: true } })).map(
        (m) => [Number(m.userId), m.id],
      ),
    );
    const ids = answering.map((user) => memberIdOf.get(user.id));
    const signUps = await prisma.signUp.findMany({ where: { shiftId } });
    const confirmed = signUps.filter((s) => s.status === 'CONFIRMED');
    expect(confirmed).toHaveLength(CAPACITY);
    expect(new Set(confirmed.map((s) => s.memberId))).toEqual(new Set(ids.slice(0, CAPACITY)));
    const waitlisted = signUps
      .filter((s) => s.status === 'WAITLISTED')
      .sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
    expect(waitlisted.map((s) => s.memberId)).toEqual(ids.slice(CAPACITY));
    expect(waitlisted.map((s) => s.waitlistPosition)).toEqual(
      Array.from({ length: ANSWERING - CAPACITY }, (_, i) => i + 1),
    );
    expect(signUps).toHaveLength(ANSWERING);
    const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(shift.taken).toBe(CAPACITY);

    // No error anywhere: no answer or message says something went wrong, no update failed.
    await stack.settled(prisma, 30_000);
    const said = stack.emulator
      .calls({ method: ['sendMessage', 'answerCallbackQuery'], sinceSeq: since })
      .map((c) => bodyOf(c) || String(c.params.text ?? ''));
    expect(said.filter((text) => /出了点问题|没有保存|something went wrong/i.test(text))).toEqual([]);
    expect(stack.emulator.calls({ sinceSeq: since, ok: false })).toEqual([]);
    expect(await prisma.inboundUpdate.count({ where: { lastError: { not: null } } })).toBe(0);
  }, 120_000);

  it('the cadre’s progress message ends with the shift full and how long it took; the group post shows it full', async () => {
    const call = await prisma.volunteerCall.findUniqueOrThrow({ where: { id: callId } });
    const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    if (!shift.filledAt) throw new Error('the shift never filled');
    // The 15th answer came 114 s into the story: full within 2 minutes of the post (the story's 5 at most).
    const tookMs = shift.filledAt.getTime() - call.createdAt.getTime();
    expect(tookMs).toBeGreaterThanOrEqual(answerAt(CAPACITY - 1) * 1000);
    expect(tookMs).toBeLessThan((answerAt(CAPACITY - 1) + 5) * 1000);
    const minutes = Math.round(tookMs / 60_000);
    expect(minutes).toBe(2);

    const full = `1. 村口检查点：15/15 人，已满（发出后 ${minutes} 分钟 报满）`;
    const progressId = messageIdOf(progress);
    await until('the progress message to show the shift full', () =>
      edits(cadre.id, progressId).find((c) => bodyOf(c).includes(full)),
    );
    // Every refresh owed has run: the message's last state is its final one.
    const deadline = Date.now() + 30_000;
    while (
      (await prisma.scheduledTimer.count({
        where: { status: 'PENDING', key: { contains: `call-${callId}-refresh` } },
      })) > 0
    ) {
      if (Date.now() > deadline) throw new Error('a refresh of the call never ran');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await stack.settled(prisma, 30_000);
    // Sent once, edited since: every edit in the cadre's chat is of that one message.
    expect(
      stack.emulator
        .calls({ chatId: cadre.id, method: 'sendMessage', ok: true })
        .filter((c) => bodyOf(c).includes('各班报名')),
    ).toHaveLength(1);
    const cadreEdits = stack.emulator.calls({ chatId: cadre.id, method: 'editMessageText', ok: true });
    expect(cadreEdits.length).toBeGreaterThan(0);
    expect(cadreEdits.every((c) => Number(c.params.message_id) === progressId)).toBe(true);
    expect(bodyOf(cadreEdits.at(-1) as RecordedCall)).toBe(
      [
        '✅ 第 1 号招募发送完毕：已送达 200，发送失败 0，共 200 位。（发送失败的多半是没有打开过机器人。）',
        '各班报名：',
        full,
      ].join('\n'),
    );

    const postEdits = edits(GROUP.id, messageIdOf(groupPost));
    expect(postEdits.length).toBeGreaterThan(0);
    const lastPost = bodyOf(postEdits.at(-1) as RecordedCall);
    expect(lastPost).toContain(`1. 村口检查点  ${time}  已满 15/15 人（可以排队）`);
    expect(buttonsOf(postEdits.at(-1) as RecordedCall)).toEqual([
      shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId),
    ]);

    // A member who did not answer sees the shift full on the invite too.
    const idle = seeded.find((user) => !answering.includes(user)) as UserSpec;
    const idleInvite = invites.get(idle.id) as RecordedCall;
    const idleEdit = await until('the invite of a member who did not answer to show it full', () =>
      edits(idle.id, messageIdOf(idleInvite)).find((c) => bodyOf(c).includes('已满 15/15 人')),
    );
    expect(bodyOf(idleEdit)).toContain(`1. 村口检查点  ${time}  已满 15/15 人（可以排队）`);
  }, 90_000);
});
