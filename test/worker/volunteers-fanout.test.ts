import { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shiftCheckInCallback, shiftJoinCallback } from '../../bot/callback-data/volunteers.ts';
import { createI18n } from '../../bot/i18n.ts';
import type { PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import type { Membership } from '../../core/members/membership.ts';
import { callFanoutKey, shiftReminderKey } from '../../core/volunteers/call-keys.ts';
import { createCall, type LaunchedCall } from '../../core/volunteers/create-call.ts';
import type { CallDraft } from '../../core/volunteers/volunteer-types.ts';
import {
  type BotApiEmulator,
  createBotApiEmulator,
  type RecordedCall,
} from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { handleCallInvite } from '../../worker/jobs/call-invite.ts';
import { Owed, timerKey } from '../../worker/owed.ts';
import { createJobProducer, type JobProducer } from '../../worker/queues.ts';
import { GroupWindows } from '../../worker/telegram-limits.ts';
import { oweCallLaunch, oweCallRefresh } from '../../worker/volunteers-schedule.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import {
  deleteRedisPrefix,
  REDIS_URL,
  sleep,
  TEST_BOT_TOKEN,
  testConfig,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * A volunteer call's fan-out through the real worker (in process), real PostgreSQL and Redis, against
 * the Bot API emulator with Telegram's limits on: launched as the bot launches it (createCall and
 * oweCallLaunch in one transaction, the Owed delivered after the commit). Each invite is sent once and
 * recorded with its message id; the group post and the cadre's progress message are sent once, the
 * progress message then edited; sign-ups' refreshes are batched; a shift's reminder reaches only its
 * confirmed volunteers; quiet hours defer a fan-out and urgency does not; paid invites carry
 * allow_paid_broadcast and cost what the budget reserved.
 */
const logger = createLogger('silent', 'test');
const i18n = createI18n('zh-CN');
const GROUP = { id: -1_008_400_000, title: '友谊村村民群', type: 'supergroup' as const };
const SECRETARY = 1;
const VILLAGERS = [
  [2, '谢启富'],
  [3, '谢小红'],
  [4, '王大山'],
  [5, '张秀英'],
  [6, '李老四'],
] as const;
const VILLAGER_IDS = VILLAGERS.map(([id]) => id);
const HOUR = 3_600_000;

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let producer: JobProducer;
let worker: YingshanWorker | undefined;
let member: (userId: number) => Promise<Membership>;
let villageId: number;

beforeAll(async () => {
  // Telegram's limits, as the emulator mirrors them.
  emulator = await createBotApiEmulator();
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

beforeEach(async () => {
  await resetDatabase(prisma);
  ({ member } = await createTestVillage(prisma, VILLAGERS));
  villageId = (await member(SECRETARY)).villageId;
  await prisma.village.update({ where: { id: villageId }, data: { groupChatId: BigInt(GROUP.id) } });
  emulator.addChat({ group: GROUP });
  emulator.addChat({ user: { id: SECRETARY, first_name: '李书记' } });
  for (const [id, name] of VILLAGERS) emulator.addChat({ user: { id, first_name: name } });
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
});

afterEach(async () => {
  await worker?.close(5_000);
  worker = undefined;
  await producer.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
});

async function startWorker(): Promise<void> {
  worker = createWorker({
    config: testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url }),
    logger,
    prisma,
    i18n,
  });
  await worker.start();
}

const draft = (over: Partial<CallDraft> = {}): CallDraft => ({
  title: '防汛巡堤',
  description: '带雨衣和手电。',
  shifts: [
    {
      place: '东堤',
      startsAt: new Date(Date.now() + 24 * HOUR),
      endsAt: new Date(Date.now() + 28 * HOUR),
      capacity: 15,
    },
    {
      place: '西堤',
      startsAt: new Date(Date.now() + 30 * HOUR),
      endsAt: new Date(Date.now() + 32 * HOUR),
      capacity: 2,
    },
  ],
  pointsPerHour: 5,
  audience: 'MEMBERS',
  urgent: false,
  paidBroadcast: false,
  ...over,
});

/** As the bot's confirm button launches: the call and everything it owes in one transaction, delivered after. */
async function launch(over: Partial<CallDraft> = {}): Promise<LaunchedCall> {
  const actor = await member(SECRETARY);
  const owed = new Owed();
  const launched = await prisma.$transaction(async (tx) => {
    const call = await createCall(tx, { actor, draft: draft(over) });
    const village = await tx.village.findUniqueOrThrow({
      where: { id: actor.villageId },
      select: { groupChatId: true, shiftReminderMinutes: true },
    });
    await oweCallLaunch(tx, owed, call, village);
    return call;
  });
  await owed.deliver({ prisma, jobs: producer, logger });
  return launched;
}

const sends = (chatId: number, extra: Partial<{ ok: boolean }> = {}) =>
  emulator.calls({ chatId, method: 'sendMessage', ...extra });
const edits = (chatId: number) => emulator.calls({ chatId, method: 'editMessageText', ok: true });
const messageIdOf = (call: RecordedCall | undefined) =>
  (call?.result as { message_id: number } | undefined)?.message_id;
const buttonsOf = (call: RecordedCall | undefined) =>
  (
    (
      call?.params.reply_markup as
        | { inline_keyboard?: { text: string; callback_data: string }[][] }
        | undefined
    )?.inline_keyboard ?? []
  ).flat();
const textOf = (call: RecordedCall | undefined) => String(call?.params.text ?? '');

async function everyInviteSettled(callId: number) {
  return waitFor(
    async () =>
      (await prisma.volunteerCallInvite.count({ where: { callId, status: 'PENDING' } })) === 0 &&
      (await prisma.volunteerCall.findUniqueOrThrow({ where: { id: callId } })).progressMessageId !== null,
    { what: 'every invite settled', timeoutMs: 20_000 },
  );
}

describe('a volunteer call fanned out by the worker', () => {
  it('sends each invite once, records its message id, posts in the group once, and edits one progress message', async () => {
    emulator.blockChat(6);
    await startWorker();
    const call = await launch();
    expect(call.recipients).toBe(VILLAGERS.length);
    await everyInviteSettled(call.callId);
    await waitFor(() => edits(SECRETARY).some((edit) => textOf(edit).includes('发送完毕')), {
      what: 'the progress message to say it is done',
    });

    const invites = await prisma.volunteerCallInvite.findMany({
      where: { callId: call.callId },
      orderBy: { chatId: 'asc' },
    });
    for (const invite of invites) {
      const chatId = Number(invite.chatId);
      if (chatId === 6) {
        // Blocked the bot: unreachable, tried once, never retried.
        expect(invite).toMatchObject({ status: 'UNREACHABLE', messageId: null });
        expect(sends(chatId)).toHaveLength(1);
        continue;
      }
      const delivered = sends(chatId, { ok: true });
      expect(delivered).toHaveLength(1);
      expect(invite).toMatchObject({ status: 'SENT', messageId: messageIdOf(delivered[0]) });
      expect(textOf(delivered[0])).toContain('志愿招募 第 1 号：防汛巡堤');
      expect(textOf(delivered[0])).toContain('2. 西堤');
      expect(textOf(delivered[0])).toContain('已报 0/2 人');
      expect(delivered[0]?.params.allow_paid_broadcast).toBeUndefined();
      expect(buttonsOf(delivered[0]).map((button) => button.callback_data)).toEqual([
        shiftJoinCallback.pack({ call: 1, shift: 1 }, villageId),
        shiftJoinCallback.pack({ call: 1, shift: 2 }, villageId),
      ]);
    }
    // The cadre is not invited to their own call; they get the progress message, once, then edits.
    expect(sends(SECRETARY)).toHaveLength(1);
    expect(textOf(sends(SECRETARY)[0])).toMatch(/第 1 号招募/);
    const last = edits(SECRETARY).at(-1);
    expect(textOf(last)).toContain('发送完毕：已送达 4，发送失败 1，共 5 位');
    expect(textOf(last)).toContain('2. 西堤：0/2 人');
    const stored = await prisma.volunteerCall.findUniqueOrThrow({ where: { id: call.callId } });
    expect(stored.progressMessageId).toBe(messageIdOf(sends(SECRETARY)[0]));
    const posts = sends(GROUP.id, { ok: true });
    expect(posts).toHaveLength(1);
    expect(stored.groupMessageId).toBe(messageIdOf(posts[0]));
    expect(buttonsOf(posts[0])).toHaveLength(2);

    // A second run of an invite's job (a retry, a redelivery) sends nothing more.
    const again = await handleCallInvite(
      {
        id: 'again',
        name: 'call-invite',
        data: {
          dedupeKey: `call-${call.callId}-invite-x`,
          callId: call.callId,
          memberId: invites[0]?.memberId ?? 0,
        },
        attemptsMade: 0,
        opts: { attempts: 1 },
        updateData: async () => {},
        moveToDelayed: async () => {},
      },
      {
        prisma,
        i18n,
        api: new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }),
        defaultLocale: 'zh-CN',
        limits: {
          queue: { remainingPenaltyMs: async () => 0, impose: async () => {} },
          groups: new GroupWindows(),
        },
        logger,
      },
      undefined,
    );
    expect(again).toEqual({ outcome: 'already-done', status: 'SENT' });
    expect(
      emulator.calls({ method: 'sendMessage' }).filter((c) => VILLAGER_IDS.includes(c.chatId as never)),
    ).toHaveLength(5);
    expect(emulator.calls({ ok: false }).filter((c) => c.errorCode === 429)).toHaveLength(0);
  });

  it('batches the refresh of a burst of sign-ups into one edit of the group post, and edits the invites only when a shift fills', async () => {
    await startWorker();
    const call = await launch();
    await everyInviteSettled(call.callId);
    const west = call.shifts[1];
    if (!west) throw new Error('no second shift');
    // Two sign-ups fill the western shift (the other engineer's joinShift does this; here by hand), each
    // owing a refresh in its transaction, as joinShift's caller does. Thirty more refreshes in a burst.
    const signers = [await member(2), await member(3)];
    for (const signer of signers) {
      const owed = new Owed();
      await prisma.$transaction(async (tx) => {
        await tx.signUp.create({
          data: {
            villageId,
            shiftId: west.shiftId,
            memberId: signer.memberId,
            status: 'CONFIRMED',
            startsAt: west.startsAt,
            endsAt: west.endsAt,
            confirmedAt: new Date(),
          },
        });
        await tx.volunteerShift.update({
          where: { id: west.shiftId },
          data: { taken: { increment: 1 }, ...(signer === signers[1] && { filledAt: new Date() }) },
        });
        await oweCallRefresh(tx, owed, call.callId);
      });
      await owed.deliver({ prisma, jobs: producer, logger });
    }
    const now = new Date();
    for (let i = 0; i < 30; i++) {
      const owed = new Owed();
      await prisma.$transaction((tx) => oweCallRefresh(tx, owed, call.callId, now));
      await owed.deliver({ prisma, jobs: producer, logger });
    }
    const timers = await prisma.scheduledTimer.findMany({ where: { job: 'call-refresh' } });
    // One per ten-second bucket: the burst fell in one or, at a bucket's edge, two.
    expect(timers.length).toBeGreaterThanOrEqual(1);
    expect(timers.length).toBeLessThanOrEqual(2);

    // The invites of those who did not sign up are edited once: the western shift full, its button a waiting list.
    const notSigned = [4, 5, 6];
    await waitFor(() => notSigned.every((chatId) => edits(chatId).length === 1), {
      what: 'the invites to be edited',
      timeoutMs: 25_000,
    });
    for (const chatId of notSigned) {
      const [edit] = edits(chatId);
      const invite = await prisma.volunteerCallInvite.findFirstOrThrow({
        where: { callId: call.callId, chatId: BigInt(chatId) },
      });
      expect(edit?.params.message_id).toBe(invite.messageId);
      expect(textOf(edit)).toContain('2. 西堤');
      expect(textOf(edit)).toContain('已满 2/2 人');
      expect(buttonsOf(edit).map((button) => button.text)).toEqual(['报名 1. 东堤', '排队 2. 西堤（已满）']);
    }
    for (const chatId of [2, 3]) expect(edits(chatId)).toHaveLength(0);
    // The group post: at most one edit per bucket that had sign-ups.
    const groupEdits = edits(GROUP.id);
    expect(groupEdits.length).toBeGreaterThanOrEqual(1);
    expect(groupEdits.length).toBeLessThanOrEqual(timers.length);
    expect(textOf(groupEdits.at(-1))).toContain('已满 2/2 人');
    // The cadre's progress message shows the time from posting to full.
    await waitFor(
      () =>
        edits(SECRETARY).some((edit) => /2\. 西堤：2\/2 人，已满（发出后 \d+ 分钟 报满）/.test(textOf(edit))),
      {
        what: 'the progress message to show the full shift',
      },
    );
    const stored = await prisma.volunteerCall.findUniqueOrThrow({ where: { id: call.callId } });
    expect(stored).toMatchObject({ inviteFullMask: 0b10, inviteRound: 1 });
    expect(emulator.calls({ ok: false }).filter((c) => c.errorCode === 429)).toHaveLength(0);
  });

  it('reminds only the volunteers confirmed when the reminder fires, with a check-in button', async () => {
    await startWorker();
    const call = await launch();
    await everyInviteSettled(call.callId);
    const east = call.shifts[0];
    if (!east) throw new Error('no shift');
    const signUp = async (userId: number, status: 'CONFIRMED' | 'CANCELLED' | 'WAITLISTED') =>
      prisma.signUp.create({
        data: {
          villageId,
          shiftId: east.shiftId,
          memberId: (await member(userId)).memberId,
          status,
          startsAt: east.startsAt,
          endsAt: east.endsAt,
          ...(status === 'WAITLISTED' && { waitlistPosition: 1 }),
          ...(status === 'CANCELLED' && { cancelledAt: new Date() }),
        },
      });
    await signUp(2, 'CONFIRMED');
    await signUp(3, 'CANCELLED');
    await signUp(4, 'WAITLISTED');
    await signUp(5, 'CONFIRMED');
    // The reminder was set at launch an hour before the start; bring it to now.
    const timer = await prisma.scheduledTimer.findUniqueOrThrow({
      where: { key: timerKey('shift-reminder', shiftReminderKey(east.shiftId)) },
    });
    expect(timer.dueAt).toEqual(new Date(east.startsAt.getTime() - HOUR));
    const sinceSeq = emulator.lastSeq();
    await prisma.scheduledTimer.update({ where: { id: timer.id }, data: { dueAt: new Date() } });
    await producer.removeTimers([timer.id]);
    await producer.addTimers([{ id: timer.id, dueAt: new Date() }]);
    await waitFor(
      () =>
        [2, 5].every((chatId) => emulator.calls({ chatId, sinceSeq, method: 'sendMessage' }).length === 1),
      {
        what: 'the reminders',
      },
    );
    await sleep(500);
    for (const chatId of [3, 4, 6])
      expect(emulator.calls({ chatId, sinceSeq, method: 'sendMessage' })).toHaveLength(0);
    const [reminder] = emulator.calls({ chatId: 2, sinceSeq, method: 'sendMessage' });
    expect(textOf(reminder)).toContain('第 1 号招募「防汛巡堤」的第 1 班');
    expect(textOf(reminder)).toContain('东堤');
    expect(buttonsOf(reminder).map((button) => button.callback_data)).toEqual([
      shiftCheckInCallback.pack({ call: 1, shift: 1 }, villageId),
    ]);
  });

  it('defers a fan-out launched in the quiet hours to their end; an urgent call goes at once', async () => {
    // Quiet hours that hold now (in Shanghai) and end within the next two minutes.
    const local = new Date(Date.now() + 8 * HOUR);
    const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
    await prisma.village.update({
      where: { id: villageId },
      data: { quietHoursStart: (minute + 1440 - 60) % 1440, quietHoursEnd: (minute + 2) % 1440 },
    });
    await startWorker();
    const calm = await launch();
    expect(calm.fanoutAt.getTime()).toBeGreaterThan(Date.now() + 30_000);
    const fanout = await prisma.scheduledTimer.findUniqueOrThrow({
      where: { key: timerKey('call-fanout', callFanoutKey(calm.callId)) },
    });
    expect(fanout.dueAt).toEqual(calm.fanoutAt);
    // The cadre hears when it will go; nobody is invited yet.
    await waitFor(() => sends(SECRETARY, { ok: true }).some((send) => textOf(send).includes('免打扰')), {
      what: 'the deferred progress message',
    });
    const urgent = await launch({ urgent: true, title: '堤坝渗水，马上要人' });
    expect(urgent.fanoutAt.getTime()).toBeLessThanOrEqual(Date.now());
    await everyInviteSettled(urgent.callId);
    for (const chatId of VILLAGER_IDS) {
      const received = sends(chatId, { ok: true });
      expect(received).toHaveLength(1);
      expect(textOf(received[0])).toContain('紧急招募 第 2 号');
    }
    expect(
      await prisma.volunteerCallInvite.count({ where: { callId: calm.callId, status: 'PENDING' } }),
    ).toBe(5);
    // The quiet hours end (brought forward here): the deferred call's invites go.
    await prisma.scheduledTimer.update({ where: { id: fanout.id }, data: { dueAt: new Date() } });
    await prisma.volunteerCall.update({ where: { id: calm.callId }, data: { fanoutAt: new Date() } });
    await producer.removeTimers([fanout.id]);
    await producer.addTimers([{ id: fanout.id, dueAt: new Date() }]);
    await everyInviteSettled(calm.callId);
    for (const chatId of VILLAGER_IDS) expect(sends(chatId, { ok: true })).toHaveLength(2);
  });

  it('sends a paid call with allow_paid_broadcast on its own queue, within the budget it reserved', async () => {
    await prisma.village.update({
      where: { id: villageId },
      data: { paidBroadcastEnabled: true, paidBroadcastBudgetStars: 1 },
    });
    await startWorker();
    // Budget 10 tenths; a paid call to 5 costs 5: two launches racing for it can both go, a third cannot.
    const outcomes = await Promise.allSettled([
      launch({ urgent: true, paidBroadcast: true }),
      launch({ urgent: true, paidBroadcast: true }),
      launch({ urgent: true, paidBroadcast: true }),
    ]);
    const launched = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(launched).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'call-paid-over-budget', params: { cost: '0.5', left: '0.0' } });
    for (const call of launched) await everyInviteSettled(call.callId);
    for (const chatId of VILLAGER_IDS) {
      const received = sends(chatId, { ok: true });
      expect(received).toHaveLength(2);
      for (const send of received) expect(send.params.allow_paid_broadcast).toBe(true);
    }
    const village = await prisma.village.findUniqueOrThrow({ where: { id: villageId } });
    expect(village.paidBroadcastSpentTenths).toBe(10);
    // What the emulator charged equals what was reserved: 10 messages, 1 Star.
    expect(emulator.paidBroadcasts()).toEqual({ messages: 10, starsSpent: 1 });
    expect(village.paidBroadcastSpentTenths).toBeLessThanOrEqual(village.paidBroadcastBudgetStars * 10);
  });
});
