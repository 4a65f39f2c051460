import { createPrismaClient } from '../../core/db/client.ts';
import { applyMigrations } from '../../prisma/migrate.ts';
import { withDatabase } from '../../prisma/migrator/database-url.ts';
import type { UserSpec } from '../../tools/bot-api-emulator/index.ts';

export const BENCH_VILLAGE = { name: '友谊村', inviteCode: 'BENCH234' } as const;

/** The Telegram user the bench's seeded member `index` (0-based) speaks as. */
export function benchUser(index: number): UserSpec {
  return { id: 700_000_001 + index, first_name: `村民${index + 1}`, language_code: 'zh-hans' };
}

export function realNameOf(user: UserSpec): string {
  return `测试${user.first_name}`;
}

/** A fresh database of its own, migrated. The caller drops it (also on failure). */
export async function createBenchDatabase(baseUrl: string, suffix: string): Promise<string> {
  const databaseUrl = withDatabase(baseUrl, `yingshan_bench_${suffix}`);
  await applyMigrations({
    databaseUrl,
    logger: { info: () => {}, warn: (message) => console.warn(message), debug: () => {} },
  });
  return databaseUrl;
}

/**
 * One village and `users.length` ACTIVE members with a VILLAGER grant, written directly, as the
 * onboarding flow would leave them: /me then reads a real user, member, village and roles.
 * User rows match what the emulator sends, so the bot's syncUser has nothing to write.
 */
export async function seedVillage(databaseUrl: string, users: readonly UserSpec[]): Promise<void> {
  const prisma = createPrismaClient(databaseUrl, { maxConnections: 2 });
  try {
    const first = users[0];
    if (!first) throw new Error('no users to seed');
    const village = await prisma.village.create({
      data: { ...BENCH_VILLAGE, createdById: BigInt(first.id), nextMemberNumber: users.length + 1 },
    });
    await prisma.user.createMany({
      data: users.map((user) => ({
        id: BigInt(user.id),
        firstName: user.first_name,
        username: user.username ?? null,
        languageCode: user.language_code ?? null,
        currentVillageId: village.id,
      })),
    });
    await prisma.member.createMany({
      data: users.map((user, i) => ({
        villageId: village.id,
        userId: BigInt(user.id),
        number: i + 1,
        realName: realNameOf(user),
        status: 'ACTIVE' as const,
      })),
    });
    const members = await prisma.member.findMany({ where: { villageId: village.id }, select: { id: true } });
    await prisma.roleGrant.createMany({
      data: members.map((member) => ({ memberId: member.id, role: 'VILLAGER' as const })),
    });
  } finally {
    await prisma.$disconnect();
  }
}

export { deleteRedisKeys } from '../../test/support/redis-keys.ts';
