import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { adoptSuggestion } from '../../core/talk/adopt-suggestion.ts';
import { commentOnItem } from '../../core/talk/comment-on-item.ts';
import { likeItem } from '../../core/talk/engage-with-item.ts';
import { findSimilarItems } from '../../core/talk/find-similar-items.ts';
import { assignItem, declineItem, mergeItem, replyToItem } from '../../core/talk/handle-item.ts';
import { hideComment, hideItem, reportComment } from '../../core/talk/moderate.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { expireUnratedItem, rateItem } from '../../core/talk/rate-item.ts';
import { getItemTimeline, listInbox, listOpenItems } from '../../core/talk/read-items.ts';
import { addTaskNote, completeTask, startTask } from '../../core/talk/task-progress.ts';
import { resetDatabase, testPrisma } from '../support/db.ts';
import { refusalOf } from '../support/refusal.ts';
import { createTestVillage } from '../support/village-fixture.ts';

const prisma: PrismaClient = testPrisma();
afterAll(() => prisma.$disconnect());

let secretary: Membership;
let cadre: Membership;
let raiser: Membership;
let neighbour: Membership;
let member: (userId: number) => Promise<Membership>;
const tomorrow = () => new Date(Date.now() + 24 * 3600_000);

beforeEach(async () => {
  await resetDatabase(prisma);
  ({ member } = await createTestVillage(prisma, [
    [2, '王干部'],
    [3, '谢启富'],
    [4, '张大妈'],
  ]));
  secretary = await member(1);
  await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
  cadre = await member(2);
  raiser = await member(3);
  neighbour = await member(4);
});

async function timelineOf(actor: Membership, number: number) {
  const timeline = await getItemTimeline(prisma, { actor, number });
  if (timeline.hidden) throw new Error(`#${number} is hidden`);
  return timeline;
}

const raise = (text = '三组的水沟坏了，下雨就淹', category: 'FACILITY' | 'SUGGESTION' = 'FACILITY') =>
  raiseTalkItem(prisma, { actor: raiser, draft: { category, text } });

describe('Villagers Talk in core', () => {
  it('walks the loop: speak, me too, comment, assign, progress, done, rate 2 reopens, done, rate 5 closes', async () => {
    const item = await raise();
    expect(item.number).toBe(1);
    expect((await likeItem(prisma, { actor: neighbour, number: 1 })).likes).toBe(1);
    expect((await likeItem(prisma, { actor: neighbour, number: 1 })).isNew).toBe(false);
    const comment = await commentOnItem(prisma, {
      actor: neighbour,
      number: 1,
      text: '我家门口也是',
      sourceUpdateId: 77,
    });
    expect(comment.notify).toEqual([raiser.memberId]);
    expect(
      (await commentOnItem(prisma, { actor: neighbour, number: 1, text: '我家门口也是', sourceUpdateId: 77 }))
        .isNew,
    ).toBe(false);

    expect((await listInbox(prisma, { actor: secretary })).map((i) => i.number)).toEqual([1]);
    const assigned = await assignItem(prisma, {
      actor: secretary,
      number: 1,
      cadreNumber: 2,
      dueAt: tomorrow(),
    });
    expect(assigned.status).toBe('ASSIGNED');
    expect(await listInbox(prisma, { actor: secretary })).toEqual([]);

    await startTask(prisma, { actor: cadre, number: 1 });
    await addTaskNote(prisma, { actor: cadre, number: 1, text: '已买好水泥' });
    await completeTask(prisma, { actor: cadre, number: 1 });

    const low = await rateItem(prisma, {
      actor: raiser,
      number: 1,
      round: 1,
      stars: 2,
      outcome: 'PARTLY_RESOLVED',
    });
    expect(low).toMatchObject({ reopened: true });
    expect(
      await refusalOf(
        rateItem(prisma, { actor: raiser, number: 1, round: 1, stars: 5, outcome: 'RESOLVED' }),
      ),
    ).toBe('talk-already-rated');
    expect((await listInbox(prisma, { actor: secretary })).map((i) => i.status)).toEqual(['REOPENED']);

    await assignItem(prisma, { actor: secretary, number: 1, cadreNumber: 2, dueAt: tomorrow() });
    await completeTask(prisma, { actor: cadre, number: 1 });
    const high = await rateItem(prisma, {
      actor: raiser,
      number: 1,
      round: 2,
      stars: 5,
      outcome: 'RESOLVED',
    });
    expect(high).toMatchObject({ reopened: false });

    const timeline = await timelineOf(neighbour, 1);
    expect(timeline.item.status).toBe('RATED');
    expect(timeline.events.map((e) => (e.kind === 'status' ? e.to : e.kind))).toEqual([
      'raised',
      'comment',
      'ASSIGNED',
      'task',
      'IN_PROGRESS',
      'note',
      'DONE',
      'rating',
      'REOPENED',
      'ASSIGNED',
      'task',
      'DONE',
      'rating',
      'RATED',
    ]);
  });

  it('lets only the secretary handle, only the assignee progress, only the raiser rate', async () => {
    await raise();
    expect(
      await refusalOf(assignItem(prisma, { actor: cadre, number: 1, cadreNumber: 2, dueAt: tomorrow() })),
    ).toBe('forbidden');
    expect(await refusalOf(declineItem(prisma, { actor: neighbour, number: 1, reason: 'no' }))).toBe(
      'forbidden',
    );
    expect(
      await refusalOf(assignItem(prisma, { actor: secretary, number: 1, cadreNumber: 4, dueAt: tomorrow() })),
    ).toBe('member-not-cadre');
    expect(await refusalOf(startTask(prisma, { actor: cadre, number: 1 }))).toBe('talk-illegal-transition');
    await assignItem(prisma, { actor: secretary, number: 1, cadreNumber: 2, dueAt: tomorrow() });
    expect(await refusalOf(startTask(prisma, { actor: neighbour, number: 1 }))).toBe('forbidden');
    await grantRole(prisma, { actor: secretary, memberNumber: 4, role: 'CADRE' });
    expect(await refusalOf(startTask(prisma, { actor: await member(4), number: 1 }))).toBe(
      'talk-not-assignee',
    );
    await completeTask(prisma, { actor: secretary, number: 1 });
    expect(
      await refusalOf(
        rateItem(prisma, { actor: neighbour, number: 1, round: 1, stars: 5, outcome: 'RESOLVED' }),
      ),
    ).toBe('talk-not-raiser');
    expect(
      await refusalOf(
        rateItem(prisma, { actor: raiser, number: 1, round: 1, stars: 9, outcome: 'RESOLVED' }),
      ),
    ).toBe('talk-stars-invalid');
    expect(await refusalOf(listOpenItems(prisma, { actor: undefined }))).toBe('not-member');
  });

  it('declines with a reason, and refuses to act on a declined item', async () => {
    await raise();
    expect(await refusalOf(declineItem(prisma, { actor: secretary, number: 1, reason: '  ' }))).toBe(
      'talk-reason-required',
    );
    await declineItem(prisma, { actor: secretary, number: 1, reason: '灌溉期过后再修' });
    expect(
      await refusalOf(assignItem(prisma, { actor: secretary, number: 1, cadreNumber: 2, dueAt: tomorrow() })),
    ).toBe('talk-illegal-transition');
    const timeline = await timelineOf(raiser, 1);
    expect(timeline.events.at(-1)).toMatchObject({
      kind: 'status',
      to: 'DECLINED',
      reason: '灌溉期过后再修',
      by: '李书记',
    });
  });

  it('merges a duplicate: its me-toos and followers move to the other item', async () => {
    await raise();
    await raiseTalkItem(prisma, { actor: neighbour, draft: { category: 'FACILITY', text: '三组水沟堵了' } });
    await likeItem(prisma, { actor: cadre, number: 2 });
    expect(await refusalOf(mergeItem(prisma, { actor: secretary, number: 2, intoNumber: 2 }))).toBe(
      'talk-merge-self',
    );
    await mergeItem(prisma, { actor: secretary, number: 2, intoNumber: 1 });
    const timeline = await timelineOf(raiser, 1);
    expect(timeline.item.likes).toBe(2);
    expect((await listOpenItems(prisma, { actor: raiser })).map((i) => i.number)).toEqual([1]);
    expect(await refusalOf(commentOnItem(prisma, { actor: raiser, number: 2, text: 'x' }))).toBe(
      'talk-illegal-transition',
    );
  });

  it('offers similar open items of the same category', async () => {
    await raise('三组的水沟坏了，下雨就淹');
    await raise('村口路灯不亮');
    const similar = await findSimilarItems(prisma, {
      villageId: raiser.villageId,
      category: 'FACILITY',
      text: '三组水沟坏了',
    });
    expect(similar.map((s) => s.number)).toEqual([1]);
    expect(
      await findSimilarItems(prisma, {
        villageId: raiser.villageId,
        category: 'SAFETY',
        text: '三组水沟坏了',
      }),
    ).toEqual([]);
  });

  it('raises on behalf of a villager, and says so', async () => {
    const item = await raiseTalkItem(prisma, {
      actor: cadre,
      draft: { category: 'SAFETY', text: '桥栏杆松了' },
      forMemberNumber: 3,
    });
    expect(item.raiserMemberId).toBe(raiser.memberId);
    const timeline = await timelineOf(raiser, item.number);
    expect(timeline.item).toMatchObject({ raiser: '谢启富', enteredBy: '王干部' });
    expect(
      await refusalOf(
        raiseTalkItem(prisma, {
          actor: neighbour,
          draft: { category: 'OTHER', text: 'x' },
          forMemberNumber: 3,
        }),
      ),
    ).toBe('forbidden');
  });

  it('refuses empty and oversize items, naming the limit', async () => {
    expect(
      await refusalOf(raiseTalkItem(prisma, { actor: raiser, draft: { category: 'OTHER', text: '  ' } })),
    ).toBe('talk-empty');
    expect(
      await refusalOf(
        raiseTalkItem(prisma, {
          actor: raiser,
          draft: { category: 'OTHER', text: 'x'.repeat(1100), photoFileId: 'p' },
        }),
      ),
    ).toBe('text-too-long');
    expect(await prisma.talkItem.count()).toBe(0);
  });

  it('hides a comment with a reason; the timeline says so', async () => {
    await raise();
    const { commentId } = await commentOnItem(prisma, { actor: neighbour, number: 1, text: '骂人的话' });
    expect((await reportComment(prisma, { actor: raiser, commentId })).reports).toBe(1);
    expect((await reportComment(prisma, { actor: raiser, commentId })).reports).toBe(1);
    expect(await refusalOf(hideComment(prisma, { actor: cadre, commentId, reason: 'x' }))).toBe('forbidden');
    await hideComment(prisma, { actor: secretary, commentId, reason: '人身攻击' });
    const timeline = await timelineOf(raiser, 1);
    expect(timeline.events.find((e) => e.kind === 'comment-hidden')).toMatchObject({
      hiddenBy: '李书记',
      reason: '人身攻击',
    });
    expect(timeline.events.some((e) => e.kind === 'comment')).toBe(false);
  });

  it('answers for a hidden item with who hid it and why, not what it said', async () => {
    await raise();
    await hideItem(prisma, { actor: secretary, number: 1, reason: '重复发布' });
    expect(await getItemTimeline(prisma, { actor: neighbour, number: 1 })).toMatchObject({
      hidden: { number: 1, by: '李书记', reason: '重复发布' },
    });
    expect(await listOpenItems(prisma, { actor: neighbour })).toEqual([]);
    expect(await refusalOf(hideItem(prisma, { actor: cadre, number: 1, reason: 'x' }))).toBe('forbidden');
  });

  it('closes unrated items once, and proposes points for an adopted suggestion once', async () => {
    await raise();
    const { taskId } = await assignItem(prisma, {
      actor: secretary,
      number: 1,
      cadreNumber: 2,
      dueAt: tomorrow(),
    });
    expect(taskId).toBeGreaterThan(0);
    const done = await completeTask(prisma, { actor: cadre, number: 1 });
    expect(await expireUnratedItem(prisma, { itemId: done.itemId, round: 1 })).toBe(true);
    expect(await expireUnratedItem(prisma, { itemId: done.itemId, round: 1 })).toBe(false);

    await raise('建议在村口装个公告栏', 'SUGGESTION');
    expect(await refusalOf(adoptSuggestion(prisma, { actor: secretary, number: 1 }))).toBe(
      'talk-not-suggestion',
    );
    expect((await adoptSuggestion(prisma, { actor: secretary, number: 2 })).proposed).toBe(true);
    expect((await adoptSuggestion(prisma, { actor: secretary, number: 2 })).proposed).toBe(false);
    expect(await prisma.pointAward.findMany({ select: { memberId: true, status: true } })).toEqual([
      { memberId: raiser.memberId, status: 'PROPOSED' },
    ]);
  });

  it('sorts open items by me-too count, then age', async () => {
    await raise('第一件');
    await raise('第二件');
    await likeItem(prisma, { actor: neighbour, number: 2 });
    expect((await listOpenItems(prisma, { actor: raiser })).map((i) => i.number)).toEqual([2, 1]);
    await replyToItem(prisma, { actor: secretary, number: 1, text: '收到，明天去看' });
    expect((await listInbox(prisma, { actor: secretary })).map((i) => i.number)).toEqual([2]);
  });
});
