import type { Prisma, PrismaClient } from '../../core/db/client.ts';
import type { Logger } from '../../core/logger.ts';
import { answerOnboarding } from '../../core/members/answer-onboarding.ts';
import { joinVillage } from '../../core/members/join-village.ts';
import { findMembership, type Membership } from '../../core/members/membership.ts';
import { grantRole } from '../../core/roles/change-role.ts';
import { assignItem } from '../../core/talk/handle-item.ts';
import { raiseTalkItem } from '../../core/talk/raise-talk-item.ts';
import { completeTask } from '../../core/talk/task-progress.ts';
import { RATING_WINDOW_MS } from '../../core/talk/task-reminders.ts';
import { syncUser } from '../../core/users/sync-user.ts';
import { createVillage } from '../../core/villages/create-village.ts';
import type { BotApiEmulator } from '../../tools/bot-api-emulator/index.ts';
import { Owed } from '../../worker/owed.ts';
import type { JobProducer } from '../../worker/queues.ts';

/**
 * A village for the talk timers' tests: a secretary and a villager who read Chinese, a cadre (member
 * #2) who reads English, each with a private chat the emulator knows.
 */

export interface TalkVillage {
  secretary: Membership;
  cadre: Membership;
  raiser: Membership;
  ids: { secretary: number; cadre: number; raiser: number };
}

async function member(prisma: PrismaClient, userId: number): Promise<Membership> {
  const found = await findMembership(prisma, BigInt(userId));
  if (!found) throw new Error(`no member ${userId}`);
  return found;
}

export async function createTalkVillage(
  prisma: PrismaClient,
  emulator: { addChat: BotApiEmulator['addChat'] },
  ids = { secretary: 7_000_001, cadre: 7_000_002, raiser: 7_000_003 },
): Promise<TalkVillage> {
  await syncUser(prisma, { id: ids.secretary, first_name: '李书记', language_code: 'zh-hans' });
  const { inviteCode } = await createVillage(prisma, {
    name: '友谊村',
    creatorUserId: BigInt(ids.secretary),
    adminIds: [BigInt(ids.secretary)],
    joinApproval: false,
  });
  for (const [id, name, language] of [
    [ids.cadre, '王干部', 'en'],
    [ids.raiser, '谢启富', 'zh-hans'],
  ] as const) {
    await syncUser(prisma, { id, first_name: name, language_code: language });
    await joinVillage(prisma, { userId: BigInt(id), inviteCode });
    await answerOnboarding(prisma, { membership: await member(prisma, id), text: name });
    await answerOnboarding(prisma, { membership: await member(prisma, id), text: `${name}家` });
  }
  const secretary = await member(prisma, ids.secretary);
  await grantRole(prisma, { actor: secretary, memberNumber: 2, role: 'CADRE' });
  for (const id of [ids.secretary, ids.cadre, ids.raiser])
    emulator.addChat({ user: { id, first_name: 'x' } });
  return { secretary, cadre: await member(prisma, ids.cadre), raiser: await member(prisma, ids.raiser), ids };
}

/** The raiser's item, assigned by the secretary to the cadre, due `dueInMs` from now. */
export async function assignedTask(
  prisma: PrismaClient,
  village: TalkVillage,
  dueInMs: number,
  text = '三组的水沟坏了',
) {
  const item = await raiseTalkItem(prisma, { actor: village.raiser, draft: { category: 'FACILITY', text } });
  const task = await assignItem(prisma, {
    actor: village.secretary,
    number: item.number,
    cadreNumber: village.cadre.number,
    dueAt: new Date(Date.now() + dueInMs),
  });
  return { ...task, number: item.number };
}

/** A task done long enough ago that its 7-day rating window closes `closesInMs` from now. */
export async function doneTask(
  prisma: PrismaClient,
  village: TalkVillage,
  closesInMs: number,
  text = '路灯不亮',
) {
  const task = await assignedTask(prisma, village, 24 * 3600_000, text);
  const doneAt = new Date(Date.now() - RATING_WINDOW_MS + closesInMs);
  const done = await completeTask(prisma, { actor: village.cadre, number: task.number, now: doneAt });
  return { ...done, number: task.number, doneAt };
}

/** What the bot does with what an update owes: write it in a transaction, hand it to BullMQ after the commit. */
export async function owing<T>(
  deps: { prisma: PrismaClient; jobs: JobProducer; logger: Logger },
  write: (tx: Prisma.TransactionClient, owed: Owed) => Promise<T>,
): Promise<T> {
  const owed = new Owed();
  const result = await deps.prisma.$transaction((tx) => write(tx, owed));
  await owed.deliver(deps);
  return result;
}
