import type { MemberStatus, Role } from '../../prisma/generated/enums.ts';
import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { compareRoles } from './membership.ts';

/*
 * A person can belong to several villages; the current one is where their plain messages and
 * commands act. Buttons and prompts carry their own village and act there whatever is current
 * (see bot/callback-data/codec.ts and askStep), so the current village only decides what is not
 * tied to one.
 */

/**
 * Makes `villageId` current and remembers the one before it, so that an unfinished join can go back.
 * Called by joining, creating a village, and a prompt asked in another village.
 */
export async function moveCurrentVillage(db: Db, userId: bigint, villageId: number): Promise<void> {
  await db.$executeRaw`
    UPDATE "User" SET "previousVillageId" = "currentVillageId", "currentVillageId" = ${villageId}
    WHERE id = ${userId} AND "currentVillageId" IS DISTINCT FROM ${villageId}`;
}

/**
 * After an unfinished join in `leftVillageId` was given up: back to the village before it. Only when
 * that one is still current, so an old /cancel cannot move someone who has switched meanwhile.
 * Returns the name of the village now current, if any.
 */
export async function returnToPreviousVillage(
  db: Db,
  userId: bigint,
  leftVillageId: number,
): Promise<string | undefined> {
  await db.$executeRaw`
    UPDATE "User" u SET "currentVillageId" = (
      SELECT m."villageId" FROM "Member" m
      WHERE m."userId" = u.id AND m.status <> 'LEFT' AND m."villageId" <> ${leftVillageId}
      ORDER BY (m."villageId" = u."previousVillageId") DESC, (m.status = 'ACTIVE') DESC, m."joinedAt" DESC
      LIMIT 1),
      "previousVillageId" = NULL
    WHERE u.id = ${userId} AND u."currentVillageId" = ${leftVillageId}`;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { currentVillage: { select: { name: true } } },
  });
  return user?.currentVillage?.name;
}

/** /village: acting in another village the person belongs to. Refused for one they do not. */
export async function switchVillage(
  db: Db,
  input: { userId: bigint; villageId: number },
): Promise<{ villageName: string }> {
  // One statement: the membership is checked where the switch is written.
  const switched = await db.$queryRaw<{ name: string }[]>`
    UPDATE "User" u SET
      "previousVillageId" = CASE WHEN u."currentVillageId" IS DISTINCT FROM ${input.villageId}
                                 THEN u."currentVillageId" ELSE u."previousVillageId" END,
      "currentVillageId" = ${input.villageId}
    FROM "Member" m JOIN "Village" v ON v.id = m."villageId"
    WHERE u.id = ${input.userId} AND m."userId" = u.id AND m."villageId" = ${input.villageId}
      AND m.status <> 'LEFT'
    RETURNING v.name`;
  const row = switched[0];
  if (!row) throw new DomainError('village-not-yours');
  return { villageName: row.name };
}

export interface VillageOfMine {
  villageId: number;
  name: string;
  number: number;
  status: MemberStatus;
  roles: Role[];
  current: boolean;
}

/** The villages a person belongs to (a join given up does not count), the current one first. */
export async function listVillagesOf(db: Db, userId: bigint): Promise<VillageOfMine[]> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      currentVillageId: true,
      members: {
        where: { status: { not: 'LEFT' } },
        select: {
          villageId: true,
          number: true,
          status: true,
          joinedAt: true,
          village: { select: { name: true } },
          roles: { select: { role: true } },
        },
        orderBy: { joinedAt: 'asc' },
      },
    },
  });
  if (!user) return [];
  const villages = user.members.map((member) => ({
    villageId: member.villageId,
    name: member.village.name,
    number: member.number,
    status: member.status,
    roles: member.roles.map((grant) => grant.role).sort(compareRoles),
    current: member.villageId === user.currentVillageId,
  }));
  return villages.sort((a, b) => Number(b.current) - Number(a.current));
}
