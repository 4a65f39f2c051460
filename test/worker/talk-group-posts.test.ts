import { Queue } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createI18n } from '../../bot/i18n.ts';
import { itemKeyboard } from '../../bot/keyboards/talk.ts';
import { renderItemCard } from '../../bot/render/talk-item.ts';
import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import { createLogger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { likeItem } from '../../core/talk/engage-with-item.ts';
import { getItemCard } from '../../core/talk/item-card.ts';
import { hideItem, restoreItem } from '../../core/talk/moderate.ts';
import { raiseTalkItem, type TalkDraft } from '../../core/talk/raise-talk-item.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { createWorker, type YingshanWorker } from '../../worker/create-worker.ts';
import { outboundKeyFor } from '../../worker/jobs/notify.ts';
import {
  type GroupPostDeps,
  type GroupPostJob,
  groupPostKey,
  groupTranslator,
  handleTalkGroupPost,
  handleTalkGroupRefresh,
  handleTalkGroupVisibility,
} from '../../worker/jobs/talk-group-post.ts';
import { Owed, outboxJobKey } from '../../worker/owed.ts';
import {
  createJobProducer,
  type JobName,
  type JobProducer,
  OUTBOUND_QUEUE,
  outboxJobId,
} from '../../worker/queues.ts';
import { GroupWindows } from '../../worker/telegram-limits.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import {
  deleteRedisPrefix,
  REDIS_URL,
  TEST_BOT_TOKEN,
  testConfig,
  uniquePrefix,
  waitFor,
} from './support.ts';

/**
 * The group-post jobs through the real worker against the emulator, with the real locale files: what
 * the village group shows, how often, and that one group's rate limit holds up nobody else.
 */

const logger = createLogger('silent', 'test');
const i18n = createI18n('zh-CN');
const t = groupTranslator(i18n, 'zh-CN');

const SECRETARY = 7_100_001;
const VILLAGER = 7_100_002;
const GROUP = { id: -1_007_100_000, title: '友谊村村民群', type: 'supergroup' as const };
const OTHER_GROUP = { id: -1_007_200_000, title: '和平村村民群', type: 'supergroup' as const };

let emulator: BotApiEmulator;
let prisma: PrismaClient;
let prefix: string;
let worker: YingshanWorker;
let producer: JobProducer;
let outboundQueue: Queue;
let secretary: Membership;
let villager: Membership;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  // The bot makes itself known first: control calls (force429) address the first bot that called.
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  prisma = testPrisma();
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

async function member(userId: number): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no member ${userId}`);
  return found;
}

/** A village with its group linked: its secretary, one villager. */
async function village(secretaryId: number, villagerId: number, group: typeof GROUP, name: string) {
  await syncUser(prisma, { id: secretaryId, first_name: '李书记', language_code: 'zh-hans' });
  const { inviteCode } = await createVillage(prisma, {
    name,
    creatorUserId: BigInt(secretaryId),
    adminIds: [BigInt(secretaryId)],
    joinApproval: false,
  });
  await syncUser(prisma, { id: villagerId, first_name: '谢启富', language_code: 'zh-hans' });
  await joinVillage(prisma, { userId: BigInt(villagerId), inviteCode });
  await answerOnboarding(prisma, { membership: await member(villagerId), text: '谢启富' });
  await answerOnboarding(prisma, { membership: await member(villagerId), text: '谢家' });
  const lead = await member(secretaryId);
  await prisma.village.update({ where: { id: lead.villageId }, data: { groupChatId: BigInt(group.id) } });
  emulator.addChat({ group });
  for (const id of [secretaryId, villagerId]) emulator.addChat({ user: { id, first_name: 'x' } });
  return { secretary: lead, villager: await member(villagerId) };
}

beforeEach(async () => {
  await resetDatabase(prisma);
  ({ secretary, villager } = await village(SECRETARY, VILLAGER, GROUP, '友谊村'));
  prefix = uniquePrefix();
  producer = createJobProducer({ redisUrl: REDIS_URL, prefix, logger });
  outboundQueue = new Queue(OUTBOUND_QUEUE, { connection: { url: REDIS_URL }, prefix });
  const config = testConfig({ REDIS_PREFIX: prefix, TELEGRAM_API_ROOT: emulator.url });
  worker = createWorker({ config, logger, prisma, i18n, relay: { intervalMs: 100 } });
  await worker.start();
});

afterEach(async () => {
  await worker.close(5_000);
  await producer.close();
  await outboundQueue.obliterate({ force: true });
  await outboundQueue.close();
  await deleteRedisPrefix(prefix);
  emulator.reset();
  emulator.configureRateLimits({});
});

/** Owes group-post jobs the way the bot will: in a transaction, handed to BullMQ after the commit. */
async function owe(name: JobName & `talk-group-${string}`, itemId: number, dedupeKey = `item-${itemId}`) {
  const owed = new Owed();
  await prisma.$transaction((tx: Prisma.TransactionClient) => owed.job(tx, name, { dedupeKey, itemId }));
  await owed.deliver({ prisma, jobs: producer, logger });
}

async function allDone() {
  await waitFor(
    async () => (await prisma.outboxEntry.count({ where: { status: { in: ['PENDING', 'QUEUED'] } } })) === 0,
    {
      what: 'every owed job to finish',
    },
  );
  return prisma.outboxEntry.findMany({ orderBy: { id: 'asc' } });
}

async function raise(draft: Partial<TalkDraft> = {}, by = villager) {
  return raiseTalkItem(prisma, {
    actor: by,
    draft: { category: 'FACILITY', text: '三组的水沟坏了，下雨就淹', ...draft },
  });
}

function groupMessages(chatId = GROUP.id) {
  return emulator.chatMessages(chatId).filter((message) => message.fromBot);
}

async function expectedCard(villageId: number, number: number) {
  const card = await getItemCard(prisma, { villageId, number });
  return { text: renderItemCard(t, card), keyboard: itemKeyboard(t, card, card.villageId) };
}

function buttonsOf(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? [];
  return rows.flat().map((button) => button.text);
}

describe('talk-group-post', () => {
  it('posts the card with its buttons in the village language, records the post, settles the row', async () => {
    const item = await raise();
    await owe('talk-group-post', item.itemId);
    const [row] = await allDone();
    expect(row?.status).toBe('DONE');

    const posts = groupMessages();
    expect(posts).toHaveLength(1);
    const expected = await expectedCard(secretary.villageId, item.number);
    expect(posts[0]?.text).toBe(expected.text);
    expect(buttonsOf(posts[0]?.replyMarkup)).toEqual(buttonsOf(expected.keyboard));
    const stored = await prisma.talkItem.findUniqueOrThrow({ where: { id: item.itemId } });
    expect(stored.groupMessageId).toBe(BigInt(posts[0]?.messageId ?? 0));
    expect(
      (await prisma.outboundMessage.findUniqueOrThrow({ where: { key: groupPostKey(item.itemId) } })).status,
    ).toBe('SENT');
  });

  it('posts a location item, then its pin as a reply to the post', async () => {
    const item = await raise({ latitude: 30.5, longitude: 104.1 });
    await owe('talk-group-post', item.itemId);
    await allDone();
    const [post, pin] = groupMessages();
    expect(post?.kind).toBe('text');
    expect(pin?.location).toMatchObject({ latitude: 30.5, longitude: 104.1 });
    expect(pin?.replyToMessageId).toBe(post?.messageId);
    expect(groupMessages()).toHaveLength(2);
  });

  it('posts once however often it is owed or run, also when two runs race', async () => {
    const item = await raise({ latitude: 30.5, longitude: 104.1 });
    await owe('talk-group-post', item.itemId, 'first');
    await allDone();
    await owe('talk-group-post', item.itemId, 'second');
    const rows = await allDone();
    expect(rows.map((r) => r.status)).toEqual(['DONE', 'DONE']);
    expect(groupMessages()).toHaveLength(2); // the post and its pin

    const racing = await raise({}, secretary);
    const deps = handlerDeps();
    const results = await Promise.all([
      handleTalkGroupPost(fakeJob(racing.itemId), deps, undefined),
      handleTalkGroupPost(fakeJob(racing.itemId), deps, undefined),
    ]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['posted', 'skipped']);
    expect(groupMessages()).toHaveLength(3);
  });

  it('records a post an earlier run sent but could not record, without posting again', async () => {
    const item = await raise();
    const job = fakeJob(item.itemId, { sent: { [groupPostKey(item.itemId)]: 4242 } });
    expect(await handleTalkGroupPost(job, handlerDeps(), undefined)).toEqual({
      outcome: 'posted',
      messageId: 4242,
    });
    expect(groupMessages()).toEqual([]);
    expect((await prisma.talkItem.findUniqueOrThrow({ where: { id: item.itemId } })).groupMessageId).toBe(
      4242n,
    );
  });

  it('does not post an item hidden before its job ran', async () => {
    const item = await raise();
    await hideItem(prisma, { actor: secretary, number: item.number, reason: '广告' });
    await owe('talk-group-post', item.itemId);
    await allDone();
    expect(groupMessages()).toEqual([]);
  });

  it('settles its row as failed when the group refuses the bot', async () => {
    const item = await raise();
    emulator.blockChat(GROUP.id);
    await owe('talk-group-post', item.itemId);
    const [row] = await allDone();
    expect(row?.status).toBe('FAILED');
    expect(row?.lastError).toMatch(/kicked/);
    expect(emulator.calls({ method: 'sendMessage', chatId: GROUP.id })).toHaveLength(1);
    emulator.unblockChat(GROUP.id);
  });
});

describe('talk-group-refresh and talk-group-visibility', () => {
  it('bring the buttons up to date, and an unchanged post is not an error', async () => {
    const item = await raise();
    await owe('talk-group-post', item.itemId);
    await allDone();
    await likeItem(prisma, { actor: secretary, number: item.number });
    await owe('talk-group-refresh', item.itemId, `like-1`);
    await allDone();
    const expected = await expectedCard(secretary.villageId, item.number);
    const [post] = groupMessages();
    expect(buttonsOf(post?.replyMarkup)).toEqual(buttonsOf(expected.keyboard));
    expect(buttonsOf(post?.replyMarkup).join(' ')).toMatch(/1/);

    // Nothing changed since: Telegram says "not modified", which is fine.
    await owe('talk-group-refresh', item.itemId, `like-2`);
    const rows = await allDone();
    expect(rows.map((r) => r.status)).toEqual(['DONE', 'DONE', 'DONE']);
    const answers = emulator.calls({ method: 'editMessageReplyMarkup' });
    expect(answers.map((call) => call.ok)).toEqual([true, false]);
    expect(answers[1]?.description).toMatch(/not modified/);
  });

  it('mark a hidden item on its post, by whom and why, without buttons; a refresh leaves it so', async () => {
    const item = await raise();
    await owe('talk-group-post', item.itemId);
    await allDone();
    const hidden = await hideItem(prisma, { actor: secretary, number: item.number, reason: '重复发布' });
    await owe('talk-group-visibility', item.itemId);
    await allDone();
    const [post] = groupMessages();
    expect(post?.text).toBe(
      t('talk-item-hidden', { number: item.number, by: hidden.by, reason: '重复发布' }),
    );
    expect(buttonsOf(post?.replyMarkup)).toEqual([]);

    await owe('talk-group-refresh', item.itemId, 'late-like');
    await allDone();
    expect(emulator.calls({ method: 'editMessageReplyMarkup' })).toEqual([]);

    // A supervisor restores it: the post shows the item again, with its buttons.
    const supervisor = { ...secretary, roles: [...secretary.roles, 'SUPERVISOR' as const] };
    await restoreItem(prisma, { actor: supervisor, number: item.number, reason: '不是重复' });
    await owe('talk-group-visibility', item.itemId, 'restored');
    await allDone();
    const expected = await expectedCard(secretary.villageId, item.number);
    const [restored] = groupMessages();
    expect(restored?.text).toBe(expected.text);
    expect(buttonsOf(restored?.replyMarkup)).toEqual(buttonsOf(expected.keyboard));
  });
});

describe('a post in flight', () => {
  /** Starts posting the item; with the emulator answering late, the post stays in flight a while. */
  function postInFlight(itemId: number) {
    return handleTalkGroupPost(fakeJob(itemId), handlerDeps(), undefined);
  }

  it('is waited for by a refresh whose me-too came meanwhile', async () => {
    const item = await raise();
    emulator.setLatency(600, ['sendMessage']);
    try {
      const posting = postInFlight(item.itemId);
      await waitFor(() => groupMessages().length === 1, { what: 'the post to be in flight' });
      await likeItem(prisma, { actor: secretary, number: item.number });
      const refreshing = handleTalkGroupRefresh(fakeJob(item.itemId), handlerDeps(), undefined);
      expect((await posting).outcome).toBe('posted');
      expect((await refreshing).outcome).toBe('refreshed');
      const expected = await expectedCard(secretary.villageId, item.number);
      expect(buttonsOf(groupMessages()[0]?.replyMarkup)).toEqual(buttonsOf(expected.keyboard));
    } finally {
      emulator.setLatency(0);
    }
  });

  it('is waited for by a hidden notice whose hide came meanwhile', async () => {
    const item = await raise();
    emulator.setLatency(600, ['sendMessage']);
    try {
      const posting = postInFlight(item.itemId);
      await waitFor(() => groupMessages().length === 1, { what: 'the post to be in flight' });
      const hidden = await hideItem(prisma, { actor: secretary, number: item.number, reason: '重复发布' });
      const hiding = handleTalkGroupVisibility(fakeJob(item.itemId), handlerDeps(), undefined);
      expect((await posting).outcome).toBe('posted');
      expect((await hiding).outcome).toBe('marked-hidden');
      const [post] = groupMessages();
      expect(post?.text).toBe(
        t('talk-item-hidden', { number: item.number, by: hidden.by, reason: '重复发布' }),
      );
      expect(buttonsOf(post?.replyMarkup)).toEqual([]);
    } finally {
      emulator.setLatency(0);
    }
  });
});

describe('a 429 from one group', () => {
  it('delays only that group: notices to private chats and other groups go on, the queue is not paused', async () => {
    const other = await village(7_200_001, 7_200_002, OTHER_GROUP, '和平村');
    const slow = await raise();
    const slowToo = await raise({ text: '路灯不亮' }, secretary);
    const quick = await raiseTalkItem(prisma, {
      actor: other.villager,
      draft: { category: 'FACILITY', text: '桥栏杆松了' },
    });
    emulator.force429(GROUP.id, 1, 3);

    const started = Date.now();
    await owe('talk-group-post', slow.itemId);
    await waitFor(() => emulator.calls({ chatId: GROUP.id, ok: false }).length === 1, { what: 'the 429' });
    // While the group waits: a second post to it, a post to another village's group, and notices.
    await owe('talk-group-post', slowToo.itemId);
    await owe('talk-group-post', quick.itemId);
    const owed = new Owed();
    await prisma.$transaction((tx: Prisma.TransactionClient) =>
      owed.jobs(
        tx,
        'notify',
        [villager, secretary, other.villager, other.secretary].map((m, i) => ({
          dedupeKey: `isolation-${i}`,
          memberId: m.memberId,
          message: { key: 'talk-notice-comment', params: { number: 1 } },
        })),
      ),
    );
    await owed.deliver({ prisma, jobs: producer, logger });

    const noticeKeys = [0, 1, 2, 3].map((i) => outboundKeyFor(`isolation-${i}`));
    await waitFor(
      async () =>
        (await prisma.outboundMessage.count({ where: { key: { in: noticeKeys }, status: 'SENT' } })) === 4 &&
        groupMessages(OTHER_GROUP.id).length === 1,
      { what: 'the notices and the other group post' },
    );
    const othersDoneAfter = Date.now() - started;
    // Both posts to the waiting group wait as delayed jobs (no attempt spent).
    const waiting = await prisma.outboxEntry.findMany({
      where: { key: { in: [slow, slowToo].map((i) => outboxJobKey('talk-group-post', `item-${i.itemId}`)) } },
    });
    for (const row of waiting) {
      const job = await outboundQueue.getJob(outboxJobId(row.id));
      expect(await job?.getState()).toBe('delayed');
      expect(job?.attemptsMade).toBe(0);
    }
    expect(othersDoneAfter).toBeLessThan(2_500);
    expect(groupMessages()).toEqual([]);
    // Nobody paused the outbound queue.
    expect(await outboundQueue.getRateLimitTtl(Number.MAX_SAFE_INTEGER)).toBeLessThanOrEqual(0);
    // The second post to the waiting group did not ask Telegram inside the window.
    expect(emulator.calls({ chatId: GROUP.id })).toHaveLength(1);

    await waitFor(() => groupMessages().length === 2, {
      what: "the waiting group's posts",
      timeoutMs: 10_000,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    const rows = await allDone();
    expect(rows.every((row) => row.status === 'DONE')).toBe(true);
    expect(emulator.calls({ chatId: GROUP.id, ok: false })).toHaveLength(1);
  });
});

/** What the worker gives the handler, for calling it directly (a grammY Api at the emulator). */
function handlerDeps(): GroupPostDeps {
  return {
    prisma,
    api: new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }),
    i18n,
    groupLocale: 'zh-CN',
    limits: {
      queue: { remainingPenaltyMs: async () => 0, impose: async () => {} },
      groups: new GroupWindows(),
    },
    logger,
  };
}

function fakeJob(
  itemId: number,
  extra: Record<string, unknown> = {},
): GroupPostJob & { data: Record<string, unknown> } {
  const job = {
    id: `direct-${itemId}`,
    name: 'talk-group-post',
    data: { dedupeKey: `item-${itemId}`, itemId, ...extra } as Record<string, unknown>,
    moveToDelayed: async () => {},
    updateData: async (data: unknown) => {
      job.data = data as Record<string, unknown>;
    },
  };
  return job;
}
