import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awardReviewCallback } from '../../bot/callback-data/points.ts';
import {
  recruitDraftCallback,
  shiftCheckInCallback,
  shiftCheckOutCallback,
  shiftJoinCallback,
  shiftScoreCallback,
} from '../../bot/callback-data/volunteers.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership } from '../../core/members/membership.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { shiftAwardsKey, shiftReminderKey } from '../../core/volunteers/call-keys.ts';
import type { RecordedCall, UserSpec } from '../../tools/bot-api-emulator/index.ts';
import { timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer, type TimerName } from '../../worker/queues.ts';
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
 * A volunteer call from the quick form to the ledger through the real bot and worker processes, in
 * Chinese: the cadre's `/recruit 4 东门 …`, its preview (reach) and send; the call to 50 members and
 * the group, the cadre's progress message; joins by the invite's button, by a reply to the invite, by
 * /join_shift and by the group post's button until the shift is full; two more on the waiting list; a
 * cancellation from /myshifts that promotes the first waiting, who is told; the reminder (moved to the
 * next seconds) only to those signed up; check-in by button, by command and by the supervisor for
 * someone without a phone; the two hours of the shift passed by moving its times; check-out; scores by
 * button and by /score, a no-show; /shiftdone; the secretary approves the batch and the points land in
 * the ledger. Then the next steps: a late reply, a refusal for a villager who tries /recruit.
 */
const GROUP = { id: -1_007_900_000, title: '大石盖村村民群', type: 'supergroup' as const };
const ZONE = 'Asia/Shanghai';
const SEEDED = 43;

let stack: Stack;
let prisma: PrismaClient;
let jobs: JobProducer;
let villageId: number;
let secretary: Person; // member 1
let cadre: Person; // member 2, supervises the call
let people: Person[]; // members 3–8
const invites = new Map<number, RecordedCall>();

const person = (id: number, name: string) => ({
  user: { id, first_name: name, language_code: 'zh-hans' } satisfies UserSpec,
  name,
  household: `${name}家`,
});

beforeAll(async () => {
  let rest: Person[];
  ({
    stack,
    prisma,
    villageId,
    secretary,
    people: [cadre, ...rest],
  } = await startVillage({
    people: [
      person(79_002, '王干部'),
      person(79_003, '谢启富'),
      person(79_004, '薛小军'),
      person(79_005, '张大妈'),
      person(79_006, '李四'),
      person(79_007, '赵六'),
      person(79_008, '钱七'),
    ],
    cadres: [2],
    group: GROUP,
  }));
  people = rest;
  // Members 9–51 through the use cases (quicker than 43 conversations); all have opened the bot.
  const { inviteCode } = await prisma.village.findUniqueOrThrow({ where: { id: villageId } });
  for (let i = 0; i < SEEDED; i++) {
    const user: UserSpec = { id: 79_100 + i, first_name: `村民${i + 9}`, language_code: 'zh-hans' };
    await syncUser(prisma, user);
    await joinVillage(prisma, { userId: BigInt(user.id), inviteCode });
    for (const text of [`村民${i + 9}`, `第${i + 9}户`]) {
      const membership = await findMembership(prisma, BigInt(user.id));
      if (!membership) throw new Error(`user ${user.id} did not join`);
      await prisma.$transaction((tx) => answerOnboarding(tx, { membership, text }));
    }
    stack.emulator.addChat({ user });
  }
  // Points apply as soon as they are approved, so the ledger shows them within the test.
  await prisma.village.update({ where: { id: villageId }, data: { appealWindowHours: 0 } });
  jobs = createJobProducer({
    redisUrl: String(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    prefix: stack.redisPrefix,
    logger: createLogger('silent', 'volunteers-e2e'),
  });
}, 120_000);

afterAll(async () => {
  await jobs?.close();
  await stack?.stop();
  await prisma?.$disconnect();
});

/** Moves a timer to `dueAt`: its row, and its delayed job in Redis (as the reconciler would re-add it). */
async function moveTimer(name: TimerName, key: string, dueAt: Date): Promise<void> {
  const timer = await prisma.scheduledTimer.findUniqueOrThrow({ where: { key: timerKey(name, key) } });
  expect(timer.status).toBe('PENDING');
  await prisma.scheduledTimer.update({ where: { id: timer.id }, data: { dueAt } });
  await jobs.removeTimers([timer.id]);
  await jobs.addTimers([{ id: timer.id, dueAt }]);
}

/** Moves the shift (and its sign-ups' copies of its times) so that it starts `startsInMinutes` from now. */
async function moveShift(shiftId: number, startsInMinutes: number): Promise<void> {
  await prisma.$executeRaw`
    WITH moved AS (
      SELECT (now() AT TIME ZONE 'UTC') + ${startsInMinutes} * interval '1 minute' - "startsAt" AS by
      FROM "VolunteerShift" WHERE id = ${shiftId})
    UPDATE "VolunteerShift" s SET "startsAt" = s."startsAt" + moved.by, "endsAt" = s."endsAt" + moved.by
    FROM moved WHERE s.id = ${shiftId}`;
  await prisma.$executeRaw`
    UPDATE "SignUp" su SET "startsAt" = s."startsAt", "endsAt" = s."endsAt"
    FROM "VolunteerShift" s WHERE s.id = su."shiftId" AND s.id = ${shiftId}`;
}

/** Waits for an edit of a message in `chatId` whose new text contains `needle`. */
async function waitForEdit(chatId: number, needle: string, timeoutMs = 20_000): Promise<RecordedCall> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const edit = stack.emulator
      .calls({ chatId, method: 'editMessageText', ok: true })
      .find((c) => bodyOf(c).includes(needle));
    if (edit) return edit;
    if (Date.now() > deadline) throw new Error(`no edit containing "${needle}" in chat ${chatId}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const inviteOf = (p: Person) => {
  const invite = invites.get(p.id);
  if (!invite) throw new Error(`no invite for ${p.id}`);
  return invite;
};

describe('a volunteer call in Chinese, from the quick form to the ledger', () => {
  const start = DateTime.now().setZone(ZONE).plus({ minutes: 95 }).startOf('minute');
  const end = start.plus({ hours: 2 });
  let shiftId: number;
  const shiftIdOf = () => shiftId;
  let groupPost: RecordedCall;

  it('previews the quick form with its reach, sends it, and tells the cadre it is on its way', async () => {
    const quick = `/recruit 4 东门 ${start.toFormat('yyyy-MM-dd')} ${start.toFormat('HH:mm')}-${end.toFormat('HH:mm')}`;
    const preview = await sayAndWait(stack, cadre, quick, '请核对招募');
    expect(bodyOf(preview)).toContain('招募志愿者：东门');
    expect(bodyOf(preview)).toContain('全体村民（50 人）');
    expect(bodyOf(preview)).toContain(
      `1. 东门，${start.toFormat('MM-dd HH:mm')}–${end.toFormat('HH:mm')}，4 人`,
    );
    const sent = await press(
      stack,
      cadre.user,
      messageIdOf(preview),
      recruitDraftCallback.pack({ step: 'confirm', choice: 'send' }, villageId),
    );
    await waitForText(stack, cadre.id, sent.sinceSeq, '第 1 号招募正在发给 50 人');
    const call = await prisma.volunteerCall.findFirstOrThrow({
      where: { villageId },
      include: { shifts: true },
    });
    expect(call).toMatchObject({ number: 1, recipients: 50, pointsPerHour: 2, urgent: false });
    shiftId = call.shifts[0]?.id ?? 0;
  });

  it('reaches the 50 members and the group once each, and the cadre sees the progress', async () => {
    const everyone = [secretary, ...people];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const sent = stack.emulator
        .calls({ method: 'sendMessage', ok: true })
        .filter((c) => bodyOf(c).includes('志愿招募 第 1 号'));
      const chats = new Set(sent.map((c) => Number(c.params.chat_id)));
      if (chats.size >= 51) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const sent = stack.emulator
      .calls({ method: 'sendMessage', ok: true })
      .filter((c) => bodyOf(c).includes('志愿招募 第 1 号'));
    // 50 private invites and the group post, each once; never to the cadre who posted it.
    expect(sent).toHaveLength(51);
    expect(new Set(sent.map((c) => Number(c.params.chat_id))).size).toBe(51);
    expect(sent.some((c) => Number(c.params.chat_id) === cadre.id)).toBe(false);
    for (const p of everyone) {
      const invite = sent.find((c) => Number(c.params.chat_id) === p.id);
      if (!invite) throw new Error(`member ${p.id} got no invite`);
      expect(buttonsOf(invite)).toContain(shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId));
      invites.set(p.id, invite);
    }
    groupPost = sent.find((c) => Number(c.params.chat_id) === GROUP.id) as RecordedCall;
    expect(bodyOf(groupPost)).toContain('东门');
    // One progress message, sent once and edited until everyone has it.
    const progress = stack.emulator
      .calls({ chatId: cadre.id, method: 'sendMessage', ok: true })
      .filter((c) => bodyOf(c).includes('第 1 号招募'));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    await waitForEdit(cadre.id, '发送完毕：已送达 50，发送失败 0，共 50 位', 30_000);
  }, 60_000);

  it('fills the shift by button, reply, command and the group post, then keeps a waiting list in order', async () => {
    const [qifu, xiaojun, auntie, lisi, zhao, qian] = people as [
      Person,
      Person,
      Person,
      Person,
      Person,
      Person,
    ];
    const joinButton = shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId);

    const byButton = await press(stack, qifu.user, messageIdOf(inviteOf(qifu)), joinButton);
    expect(byButton.answer).toContain('报名成功');
    await waitForText(stack, qifu.id, byButton.sinceSeq, '报名成功：第 1 号招募第 1 班，东门');

    const reply = stack.emulator.replyTo(xiaojun.user, messageIdOf(inviteOf(xiaojun)), '1');
    await waitForText(stack, xiaojun.id, reply.sinceSeq, '报名成功');

    await sayAndWait(stack, auntie, '/join_shift 1.1', '报名成功');

    const fromGroup = await press(stack, lisi.user, messageIdOf(groupPost), joinButton, GROUP.id);
    expect(fromGroup.answer).toContain('报名成功');
    await waitForText(stack, lisi.id, fromGroup.sinceSeq, '报名成功');

    const waiting = await press(stack, zhao.user, messageIdOf(inviteOf(zhao)), joinButton);
    expect(waiting.answer).toContain('候补名单上排第 1 位');
    await sayAndWait(stack, qian, '/join_shift 1', '候补名单上排第 2 位');
    // Pressed again: the same place, nothing changed.
    expect((await press(stack, zhao.user, messageIdOf(inviteOf(zhao)), joinButton)).answer).toContain(
      '排第 1 位',
    );

    const shift = await prisma.volunteerShift.findUniqueOrThrow({ where: { id: shiftId } });
    expect(shift.taken).toBe(4);
    expect(shift.filledAt).not.toBeNull();

    // Within a refresh bucket the group post shows the shift full.
    const deadline = Date.now() + 25_000;
    let edited: RecordedCall | undefined;
    while (!edited && Date.now() < deadline) {
      edited = stack.emulator
        .calls({ chatId: GROUP.id, method: 'editMessageText', ok: true })
        .find((c) => Number(c.params.message_id) === messageIdOf(groupPost) && bodyOf(c).includes('已满'));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(edited, 'the group post was edited to show the shift full').toBeDefined();

    // /calls shows the call still open, its shift full: the button now joins the waiting list.
    const listed = await sayAndWait(stack, secretary, '/calls', '志愿招募 第 1 号');
    expect(bodyOf(listed)).toContain('已满 4/4 人');
    expect(buttonsOf(listed)).toEqual([joinButton]);
  }, 60_000);

  it('lets a volunteer cancel from /myshifts; the first waiting member gets the seat and is told', async () => {
    const [qifu, , , , zhao] = people as [Person, Person, Person, Person, Person];
    const list = await sayAndWait(stack, qifu, '/myshifts', '您的志愿班次');
    expect(bodyOf(list)).toContain('1.1 东门');
    const cancel = buttonsOf(list).find((data) => data.startsWith('sx:'));
    if (!cancel) throw new Error('no cancel button');
    const done = await press(stack, qifu.user, messageIdOf(list), cancel);
    await waitForText(stack, qifu.id, done.sinceSeq, '已取消第 1 号招募第 1 班');
    await waitForText(stack, zhao.id, done.sinceSeq, '有人退出了：您已转为正式报名');
    const signUps = await prisma.signUp.findMany({ where: { shiftId }, orderBy: { memberId: 'asc' } });
    expect(signUps.filter((s) => s.status === 'CONFIRMED')).toHaveLength(4);
    expect(signUps.filter((s) => s.status === 'WAITLISTED')).toHaveLength(1);
  });

  it('reminds only those signed up, with a check-in button', async () => {
    const [qifu, xiaojun, auntie, lisi, zhao, qian] = people as [
      Person,
      Person,
      Person,
      Person,
      Person,
      Person,
    ];
    const since = stack.emulator.lastSeq();
    await moveTimer('shift-reminder', shiftReminderKey(shiftId), new Date(Date.now() + 500));
    for (const p of [xiaojun, auntie, lisi, zhao]) {
      const reminder = await waitForText(stack, p.id, since, '东门', 20_000);
      expect(buttonsOf(reminder)).toContain(shiftCheckInCallback.pack({ call: 1, shift: 1 }, villageId));
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const p of [qifu, qian, secretary])
      expect(stack.emulator.calls({ chatId: p.id, method: 'sendMessage', sinceSeq: since })).toHaveLength(0);
  }, 60_000);

  it('checks in by button, by command and by the supervisor; scores, a no-show, check-out; points reviewed into the ledger', async () => {
    const [, xiaojun, auntie, lisi, zhao] = people as [Person, Person, Person, Person, Person];
    const numberOf = async (p: Person) =>
      (await prisma.member.findFirstOrThrow({ where: { villageId, userId: BigInt(p.id) } })).number;

    // The shift begins.
    await moveShift(shiftId, -1);
    const reminder = await waitForText(stack, xiaojun.id, 0, '签到');
    const checkedIn = await press(
      stack,
      xiaojun.user,
      messageIdOf(reminder),
      shiftCheckInCallback.pack({ call: 1, shift: 1 }, villageId),
    );
    expect(checkedIn.answer).toContain('签到成功');
    await sayAndWait(stack, auntie, '/checkin 1.1', '签到成功');
    // 李四 has no phone with him today: the supervisor checks him in, and he is told.
    const lisiNumber = await numberOf(lisi);
    const byCadre = await sayAndWait(stack, cadre, `/checkin 1.1 ${lisiNumber}`, `已为 ${lisiNumber} 号`);
    await waitForText(stack, lisi.id, byCadre.seq, '负责人为您签到了');

    // Two hours pass: the shift ended a minute ago, and the check-ins were at its start.
    await moveShift(shiftId, -121);
    await prisma.$executeRaw`UPDATE "SignUp" SET "checkInAt" = "startsAt" WHERE "shiftId" = ${shiftId} AND "checkInAt" IS NOT NULL`;
    await sayAndWait(stack, xiaojun, '/checkout 1.1', '签退成功');
    const mine = await sayAndWait(stack, auntie, '/myshifts', '已签到');
    const checkOut = shiftCheckOutCallback.pack({ call: 1, shift: 1 }, villageId);
    expect(buttonsOf(mine)).toContain(checkOut);
    expect((await press(stack, auntie.user, messageIdOf(mine), checkOut)).answer).toContain('签退成功');

    // The supervisor's list: scores by button and by command, 赵六 never came.
    const list = await sayAndWait(stack, cadre, '/shift 1.1', '第 1 号招募第 1 班');
    const xiaojunNumber = await numberOf(xiaojun);
    const auntieNumber = await numberOf(auntie);
    const zhaoNumber = await numberOf(zhao);
    const five = shiftScoreCallback.pack({ call: 1, shift: 1, member: xiaojunNumber, score: 5 }, villageId);
    expect((await press(stack, cadre.user, messageIdOf(list), five)).answer).toContain('评分 5');
    await sayAndWait(stack, cadre, `/score 1.1 ${auntieNumber} 3`, '评分 3');
    const absent = shiftScoreCallback.pack({ call: 1, shift: 1, member: zhaoNumber, score: 0 }, villageId);
    expect((await press(stack, cadre.user, messageIdOf(list), absent)).answer).toContain('缺席');

    const since = stack.emulator.lastSeq();
    await sayAndWait(stack, cadre, '/shiftdone 1.1', '评分结束');
    const notice = await waitForText(stack, secretary.id, since, '待审核的志愿积分');
    const batch = await prisma.pointAward.findFirstOrThrow({
      where: { villageId, source: `shift:${shiftId}` },
      orderBy: { id: 'asc' },
    });
    const approve = awardReviewCallback.pack(
      { batchId: batch.batchId ?? batch.id, approve: true },
      villageId,
    );
    expect(buttonsOf(notice)).toContain(approve);
    await press(stack, secretary.user, messageIdOf(notice), approve);

    // 2 hours × 2 points: 小军 scored 5 (× 1.2 → 5), 张大妈 3 (× 0.8 → 3), 李四 unscored and never
    // checked out (counted to the end: 4), 赵六 absent (the village's −5).
    const deadline = Date.now() + 20_000;
    let entries: { memberId: number; amount: number }[] = [];
    while (entries.length < 4 && Date.now() < deadline) {
      entries = await prisma.ledgerEntry.findMany({
        where: { villageId },
        select: { memberId: true, amount: true },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const memberIds = await Promise.all(
      [xiaojun, auntie, lisi, zhao].map(
        async (p) =>
          (await prisma.member.findFirstOrThrow({ where: { villageId, userId: BigInt(p.id) } })).id,
      ),
    );
    const amountOf = (memberId: number | undefined) => entries.find((e) => e.memberId === memberId)?.amount;
    expect(memberIds.map(amountOf)).toEqual([5, 3, 4, -5]);
    expect(entries).toHaveLength(4);
    // The timer at the end of the scoring window finds the work done.
    const timer = await prisma.scheduledTimer.findUniqueOrThrow({
      where: { key: timerKey('shift-awards', shiftAwardsKey(shiftId)) },
    });
    await moveTimer('shift-awards', shiftAwardsKey(shiftId), new Date(Date.now() + 300));
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await prisma.pointAward.count({ where: { source: `shift:${shiftId}` } })).toBe(4);
    expect(timer.status).toBe('PENDING');
  }, 90_000);

  it('answers the next steps: a late reply to the invite, and a villager who tries /recruit', async () => {
    const [qifu, , , , , qian] = people as [Person, Person, Person, Person, Person, Person];
    const late = stack.emulator.replyTo(qifu.user, messageIdOf(inviteOf(qifu)), '1');
    // Sign-up closed when the shift started: refused in plain words, nothing written.
    await waitForText(stack, qifu.id, late.sinceSeq, '第 1 号志愿活动');
    expect(await prisma.signUp.count({ where: { shiftId: shiftIdOf(), status: { not: 'CANCELLED' } } })).toBe(
      5,
    );
    await sayAndWait(stack, qian, '/recruit 3 西门 明天 8:00-10:00', '您没有权限');
    expect(await prisma.volunteerCall.count({ where: { villageId } })).toBe(1);
  });
});
