import { DelayedError } from 'bullmq';
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import { launchVote } from '../../core/votes/launch-vote.ts';
import { voteInviteKey } from '../../core/votes/vote-invites.ts';
import { type BotApiEmulator, createBotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { handleVoteAnnounce } from '../../worker/jobs/vote-announce.ts';
import {
  type FanoutProgressDeps,
  type FanoutProgressJob,
  handleVoteFanoutProgress,
} from '../../worker/jobs/vote-fanout-progress.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { createTestVillage } from '../support/village-fixture.ts';
import { directJobDeps, TEST_BOT_TOKEN } from './support.ts';

/**
 * The launch's jobs called directly against the emulator: the group announcement posts once, and the
 * progress message is sent once however many runs there are at once, edited as ballots settle, hands
 * its job back while some are unsettled and stops by itself when all are.
 */
const GROUP = { id: -1_008_200_000, title: '友谊村村民群', type: 'supergroup' as const };
let emulator: BotApiEmulator;
let prisma: PrismaClient;
let deps: FanoutProgressDeps;

beforeAll(async () => {
  emulator = await createBotApiEmulator();
  await new Api(TEST_BOT_TOKEN, { apiRoot: emulator.url }).getMe();
  emulator.addChat({ group: GROUP });
  emulator.addChat({ user: { id: 1, first_name: '李书记' } });
  prisma = testPrisma();
  await resetDatabase(prisma);
  deps = {
    ...directJobDeps(prisma, emulator.url),
  };
});

afterAll(async () => {
  await prisma.$disconnect();
  await emulator.close();
});

function fakeJob(name: string, voteId: number): FanoutProgressJob & { delays: number[] } {
  const job = {
    id: `direct-${name}-${voteId}`,
    name,
    data: { dedupeKey: `vote-${voteId}-${name}`, voteId } as unknown,
    delays: [] as number[],
    moveToDelayed: async (timestamp: number) => {
      job.delays.push(timestamp);
    },
    updateData: async (data: unknown) => {
      job.data = data;
    },
  };
  return job;
}

describe('the launch jobs', () => {
  it('announce once in the group; show progress in one message, edited until every ballot is settled', async () => {
    const { member } = await createTestVillage(prisma, [
      [2, '谢启富'],
      [3, '谢小红'],
    ]);
    const secretary = await member(1);
    await prisma.village.update({
      where: { id: secretary.villageId },
      data: { groupChatId: BigInt(GROUP.id) },
    });
    const vote = await prisma.$transaction((tx) =>
      launchVote(tx, {
        actor: secretary,
        draft: { title: '禁止婚前大操大办', body: '婚前不得摆酒席。', kind: 'NEW_RULE', secret: true },
        now: new Date(),
      }),
    );

    const groupDeps = { ...deps, groupLocale: 'zh-CN' as const };
    const first = await handleVoteAnnounce(fakeJob('vote-announce', vote.voteId), groupDeps, undefined);
    expect(first).toMatchObject({ outcome: 'posted' });
    expect(
      await handleVoteAnnounce(fakeJob('vote-announce', vote.voteId), groupDeps, undefined),
    ).toMatchObject({
      outcome: 'already-posted',
    });
    const posts = emulator.calls({ chatId: GROUP.id, method: 'sendMessage', ok: true });
    expect(posts).toHaveLength(1);
    expect(String(posts[0]?.params.text)).toContain('🔒 无记名投票');

    // Nothing sent yet: two runs at once send one message, and both hand the job back for later.
    const runs = [fakeJob('vote-fanout-progress', vote.voteId), fakeJob('vote-fanout-progress', vote.voteId)];
    const outcomes = await Promise.allSettled(
      runs.map((job) => handleVoteFanoutProgress(job, deps, undefined)),
    );
    for (const outcome of outcomes)
      expect(outcome.status === 'rejected' && outcome.reason instanceof DelayedError).toBe(true);
    expect(runs.every((job) => job.delays.length === 1)).toBe(true);
    const sent = emulator.calls({ chatId: 1, method: 'sendMessage', ok: true });
    expect(sent).toHaveLength(1);
    expect(String(sent[0]?.params.text)).toContain('已送达 0，发送失败 0，共 3 位');
    const recorded = await prisma.vote.findUniqueOrThrow({ where: { id: vote.voteId } });
    expect(recorded.progressMessageId).toBe(
      (sent[0]?.result as { message_id?: number } | undefined)?.message_id,
    );

    // Two delivered, one unreachable: the message is edited to say so and the job ends.
    const [a, b, c] = vote.electorMemberIds;
    await prisma.outboundMessage.createMany({
      data: [
        { key: `notify:${voteInviteKey(vote.voteId, a as number)}`, chatId: 1n, status: 'SENT' },
        { key: `notify:${voteInviteKey(vote.voteId, b as number)}`, chatId: 2n, status: 'SENT' },
        { key: `notify:${voteInviteKey(vote.voteId, c as number)}`, chatId: 3n, status: 'UNREACHABLE' },
        // Another vote's ballots are not counted (vote 1's prefix is not vote 10's).
        { key: `notify:${voteInviteKey(vote.voteId * 10, a as number)}`, chatId: 1n, status: 'SENT' },
      ],
    });
    const last = fakeJob('vote-fanout-progress', vote.voteId);
    expect(await handleVoteFanoutProgress(last, deps, undefined)).toEqual({
      outcome: 'done',
      sent: 2,
      failed: 1,
      total: 3,
    });
    expect(last.delays).toHaveLength(0);
    const edits = emulator.calls({ chatId: 1, method: 'editMessageText', ok: true });
    expect(String(edits.at(-1)?.params.text)).toContain('发送完毕：已送达 2，发送失败 1，共 3 位');
    expect(emulator.calls({ chatId: 1, method: 'sendMessage', ok: true })).toHaveLength(1);
  });
});
