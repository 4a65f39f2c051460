import type { PrismaClient } from '../../core/db/client.ts';
import type { Membership } from '../../core/members/membership.ts';

/**
 * `count` active villagers added to the secretary's village with three SQL statements (members 2 …
 * count + 1, Telegram users 100001 …), for the concurrency tests, which need hundreds of members and
 * do not care how they joined. Returns their rows and each one's Membership, in member order.
 */
export async function seedActiveMembers(prisma: PrismaClient, secretary: Membership, count: number) {
  const { villageId } = secretary;
  await prisma.$executeRaw`
    INSERT INTO "User" (id, "firstName", "updatedAt")
    SELECT 100000 + n, 'v' || n, now() FROM generate_series(1, ${count}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "Member" ("villageId", "userId", number, "realName", status)
    SELECT ${villageId}::int, 100000 + n, 1 + n, '村民' || n, 'ACTIVE' FROM generate_series(1, ${count}::int) n`;
  await prisma.$executeRaw`
    INSERT INTO "RoleGrant" ("memberId", role)
    SELECT id, 'VILLAGER' FROM "Member" WHERE "villageId" = ${villageId}::int AND number > 1`;
  const rows = await prisma.member.findMany({
    where: { villageId, number: { gt: 1 } },
    orderBy: { number: 'asc' },
  });
  const members: Membership[] = rows.map((row) => ({
    memberId: row.id,
    villageId,
    villageName: secretary.villageName,
    timezone: secretary.timezone,
    number: row.number,
    realName: row.realName,
    householdName: null,
    status: 'ACTIVE',
    roles: ['VILLAGER'],
  }));
  return { rows, members };
}
