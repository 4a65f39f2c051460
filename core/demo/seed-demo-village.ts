import type { Role } from '../../prisma/generated/enums.ts';
import type { Prisma, PrismaClient } from '../db/client.ts';
import { DEFAULT_POINT_RULES } from '../points/default-rules.ts';
import { appendLedgerEntries } from '../points/ledger.ts';
import { seedPointRules } from '../points/seed-point-rules.ts';
import { seedDemoShop } from './seed-demo-shop.ts';
import { seedDemoVolunteers } from './seed-demo-volunteers.ts';
import { seedDemoVotes } from './seed-demo-votes.ts';

/**
 * Youyi Village (友谊村), the demo's village: seventeen people in five households with every role, a
 * village group and the points rules Youyi's own rulebook quotes (shared seeds, 003). Telegram ids and
 * the invite code are fixed, so the playground, the tests and a re-run all meet the same people.
 */

export const DEMO_VILLAGE_NAME = '友谊村';
export const DEMO_TIMEZONE = 'Asia/Shanghai';
/** Fixed so the playground can offer the invite link before anyone asks the bot for it. */
export const DEMO_INVITE_CODE = 'YYCUN258';
export const DEMO_GROUP = { id: -1_001_000_000_001, title: '友谊村村民群' } as const;
export const DEMO_SECRETARY_ID = 10_001;

export type DemoLanguage = 'zh-hans' | 'en';

export interface DemoPerson {
  telegramId: number;
  /** Telegram's first_name: how the person calls themself in Telegram. */
  firstName: string;
  realName: string;
  language: DemoLanguage;
  household: string;
  /** Besides VILLAGER, which every member holds. */
  roles: readonly Role[];
}

export const DEMO_HOUSEHOLDS = ['李建国家', '谢启富家', '王德福家', '2组7号', '陈家小卖部'] as const;

const person = (
  telegramId: number,
  firstName: string,
  realName: string,
  household: number,
  roles: readonly Role[] = [],
  language: DemoLanguage = 'zh-hans',
): DemoPerson => ({
  telegramId,
  firstName,
  realName,
  language,
  household: DEMO_HOUSEHOLDS[household] as string,
  roles,
});

/** In member-number order: the secretary is member 1. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  person(DEMO_SECRETARY_ID, '李书记', '李建国', 0, ['SECRETARY']),
  person(10_002, '谢启富', '谢启富', 1, ['CADRE']),
  person(10_003, 'Xiuying Wang', '王秀英', 2, ['CADRE'], 'en'),
  person(10_004, '张德明', '张德明', 3, ['SUPERVISOR']),
  person(10_005, '陈小梅', '陈小梅', 4, ['SHOPKEEPER']),
  person(10_006, '李桂兰', '李桂兰', 0),
  person(10_007, '李小龙', '李小龙', 0, [], 'en'),
  person(10_008, '谢秀珍', '谢秀珍', 1),
  person(10_009, '谢文涛', '谢文涛', 1),
  person(10_010, '王德福', '王德福', 2),
  person(10_011, '王小军', '王小军', 2),
  person(10_012, '张美华', '张美华', 3),
  person(10_013, '张浩', '张浩', 3, [], 'en'),
  person(10_014, '陈国强', '陈国强', 4),
  person(10_015, '陈婷', '陈婷', 4),
  person(10_016, '刘奶奶', '刘桂英', 3),
  person(10_017, '周大伯', '周永福', 1),
];

/**
 * Points already earned in Youyi (member number, rule code, reason): proposed by cadre 谢启富 (2),
 * approved by the secretary (1), applied to the ledger. And one proposal waiting for review, so the
 * secretary's /awards has something in it.
 */
const DEMO_AWARDS: ReadonlyArray<readonly [number, string, string]> = [
  [17, 'help-neighbour', '帮刘奶奶挑水、收稻谷'],
  [3, 'suggestion-adopted', '建议在村口装路灯，已采纳'],
  [11, 'military-service', '光荣入伍'],
  [15, 'key-university', '考上浙江大学'],
  [7, 'volunteer-hour', '清理河道志愿服务'],
  [9, 'volunteer-hour', '清理河道志愿服务'],
  [13, 'littering', '垃圾没有倒进垃圾桶'],
];
const DEMO_PROPOSAL: readonly [number, string, string] = [16, 'help-neighbour', '帮邻居照看孩子'];

async function seedDemoPoints(tx: Prisma.TransactionClient, villageId: number): Promise<void> {
  const rules = new Map(
    (await tx.pointRule.findMany({ where: { villageId } })).map((rule) => [rule.code, rule] as const),
  );
  const members = new Map(
    (await tx.member.findMany({ where: { villageId } })).map((member) => [member.number, member] as const),
  );
  const memberOf = (number: number) => members.get(number) as NonNullable<ReturnType<typeof members.get>>;
  const ruleOf = (code: string) => rules.get(code) as NonNullable<ReturnType<typeof rules.get>>;
  const now = new Date();
  const proposer = memberOf(2).id;
  const applied = await tx.pointAward.createManyAndReturn({
    data: DEMO_AWARDS.map(([number, code, reason]) => ({
      villageId,
      memberId: memberOf(number).id,
      ruleId: ruleOf(code).id,
      points: ruleOf(code).points,
      reason,
      status: 'APPLIED' as const,
      proposedById: proposer,
      reviewedById: memberOf(1).id,
      reviewedAt: now,
      finalAt: now,
      appliedAt: now,
    })),
    select: { id: true, memberId: true, points: true, reason: true, ruleId: true },
  });
  await appendLedgerEntries(
    tx,
    villageId,
    applied.map((award, i) => ({
      memberId: award.memberId,
      householdId: memberOf(DEMO_AWARDS[i]?.[0] ?? 0).householdId,
      amount: award.points,
      reason: award.reason,
      ruleCode: DEMO_AWARDS[i]?.[1] ?? null,
      awardId: award.id,
    })),
    now,
  );
  const [number, code, reason] = DEMO_PROPOSAL;
  const proposal = await tx.pointAward.create({
    data: {
      villageId,
      memberId: memberOf(number).id,
      ruleId: ruleOf(code).id,
      points: ruleOf(code).points,
      reason,
      proposedById: proposer,
    },
  });
  // Each award is a proposal of its own, as if proposed and reviewed one by one.
  for (const award of [...applied, proposal])
    await tx.pointAward.update({ where: { id: award.id }, data: { batchId: award.id } });
}

/** Youyi Village's published rules (shared seeds 003): a new village's defaults, the same list. */
export const DEMO_POINT_RULES = DEFAULT_POINT_RULES;

export interface SeededVillage {
  villageId: number;
  inviteCode: string;
  created: boolean;
}

/**
 * Creates whatever of the demo village is missing, in one transaction; what exists is left as the
 * demo made it (a new member keeps their number, a name stays). Safe to run on every start.
 */
export async function seedDemoVillage(db: PrismaClient): Promise<SeededVillage> {
  return db.$transaction(
    async (tx) => {
      for (const p of DEMO_PEOPLE) {
        await tx.user.upsert({
          where: { id: BigInt(p.telegramId) },
          create: { id: BigInt(p.telegramId), firstName: p.firstName, languageCode: p.language },
          update: {},
        });
      }
      const existing = await tx.village.findUnique({ where: { inviteCode: DEMO_INVITE_CODE } });
      const village =
        existing ??
        (await tx.village.create({
          data: {
            name: DEMO_VILLAGE_NAME,
            timezone: DEMO_TIMEZONE,
            inviteCode: DEMO_INVITE_CODE,
            createdById: BigInt(DEMO_SECRETARY_ID),
            groupChatId: BigInt(DEMO_GROUP.id),
          },
        }));

      const households = new Map<string, number>();
      for (const [index, name] of DEMO_HOUSEHOLDS.entries()) {
        const household = await tx.household.upsert({
          where: { villageId_name: { villageId: village.id, name } },
          create: { villageId: village.id, name, number: index + 1 },
          update: {},
        });
        households.set(name, household.id);
      }

      for (const [index, p] of DEMO_PEOPLE.entries()) {
        const member = await tx.member.upsert({
          where: { villageId_userId: { villageId: village.id, userId: BigInt(p.telegramId) } },
          create: {
            villageId: village.id,
            userId: BigInt(p.telegramId),
            number: index + 1,
            realName: p.realName,
            householdId: households.get(p.household) ?? null,
            status: 'ACTIVE',
          },
          update: {},
        });
        await tx.roleGrant.createMany({
          data: ['VILLAGER' as const, ...p.roles].map((role) => ({ memberId: member.id, role })),
          skipDuplicates: true,
        });
        await tx.user.updateMany({
          where: { id: BigInt(p.telegramId), currentVillageId: null },
          data: { currentVillageId: village.id },
        });
      }

      await seedPointRules(tx, { villageId: village.id, rules: DEMO_POINT_RULES, changedById: null });

      // Numbers handed out later (a newcomer by the invite link) continue after the seeded ones.
      await tx.village.updateMany({
        where: { id: village.id, nextMemberNumber: { lt: DEMO_PEOPLE.length + 1 } },
        data: { nextMemberNumber: DEMO_PEOPLE.length + 1 },
      });
      await tx.village.updateMany({
        where: { id: village.id, nextHouseholdNumber: { lt: DEMO_HOUSEHOLDS.length + 1 } },
        data: { nextHouseholdNumber: DEMO_HOUSEHOLDS.length + 1 },
      });
      if (!existing) {
        await tx.auditEvent.create({ data: { villageId: village.id, action: 'village.create' } });
        await seedDemoPoints(tx, village.id);
        await seedDemoVotes(tx, {
          villageId: village.id,
          secretaryUserId: DEMO_SECRETARY_ID,
          // Eleven of the seventeen voted on the banquets (the fourth against); the first three on the tables.
          voterUserIds: DEMO_PEOPLE.slice(5, 16).map((p) => p.telegramId),
        });
        // Volunteer calls: last week's checkpoint (its awards waiting for the secretary), tomorrow's river clean-up open.
        await seedDemoVolunteers(tx, { villageId: village.id, timezone: DEMO_TIMEZONE });
        // The points shop: its shelf, a bag of rice collected (a ledger debit), a bottle of soy sauce reserved.
        await seedDemoShop(tx, {
          villageId: village.id,
          userIdOf: (number) => (DEMO_PEOPLE[number - 1] as DemoPerson).telegramId,
        });
      }
      return { villageId: village.id, inviteCode: village.inviteCode, created: !existing };
    },
    { timeout: 30_000, maxWait: 30_000 },
  );
}
