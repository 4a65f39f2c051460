import type { Db } from '../db/client.ts';
import { DomainError } from '../errors.ts';
import { moveCurrentVillage } from '../members/current-village.ts';
import { DEFAULT_POINT_RULES } from '../points/default-rules.ts';
import { seedPointRules } from '../points/seed-point-rules.ts';
import { validateShortText } from '../text/validate-text.ts';
import { generateInviteCode } from './invite-code.ts';

export const VILLAGE_NAME_MAX = 40;

export interface CreateVillageInput {
  name: string;
  creatorUserId: bigint;
  /** Telegram ids allowed to create villages (BOT_ADMINS). */
  adminIds: readonly bigint[];
  timezone?: string;
  /**
   * The creator answers "your real name?" and "your household?" next, as a joining villager does
   * (the bot's /newvillage). Without it (seeds, fixtures) they are active at once under their
   * Telegram first name.
   */
  askName?: boolean;
  /** Whether newcomers wait for a secretary's or cadre's approval; the database's default (on) when left out. */
  joinApproval?: boolean;
}

export interface CreatedVillage {
  villageId: number;
  name: string;
  inviteCode: string;
  memberNumber: number;
}

/**
 * Only a deployment admin may create a village; the creator becomes its first member and secretary,
 * and the village starts with the default points rules (core/points/default-rules.ts).
 */
export async function createVillage(db: Db, input: CreateVillageInput): Promise<CreatedVillage> {
  if (!input.adminIds.includes(input.creatorUserId)) throw new DomainError('not-admin');
  const name = validateShortText(input.name, { max: VILLAGE_NAME_MAX, error: 'village-name-invalid' });
  const creator = await db.user.findUniqueOrThrow({ where: { id: input.creatorUserId } });

  const inviteCode = await pickUnusedInviteCode(db);
  const village = await db.village.create({
    data: {
      name,
      inviteCode,
      createdById: input.creatorUserId,
      ...(input.timezone ? { timezone: input.timezone } : {}),
      ...(input.joinApproval !== undefined && { joinApproval: input.joinApproval }),
      nextMemberNumber: 2,
      members: {
        create: {
          userId: input.creatorUserId,
          number: 1,
          realName: input.askName ? null : creator.firstName,
          status: input.askName ? 'AWAITING_NAME' : 'ACTIVE',
          roles: { create: [{ role: 'SECRETARY' }, { role: 'VILLAGER' }] },
        },
      },
    },
    include: { members: true },
  });
  await moveCurrentVillage(db, input.creatorUserId, village.id);
  const creatorMemberId = village.members[0]?.id ?? null;
  // A village opens with the example rules published, so points mean something from the first day.
  await seedPointRules(db, {
    villageId: village.id,
    rules: DEFAULT_POINT_RULES,
    changedById: creatorMemberId,
  });
  await db.auditEvent.create({
    data: { villageId: village.id, actorId: creatorMemberId, action: 'village.create' },
  });
  return { villageId: village.id, name: village.name, inviteCode: village.inviteCode, memberNumber: 1 };
}

/** 31^8 codes make a clash rare; checking first keeps the surrounding transaction usable. */
export async function pickUnusedInviteCode(db: Db): Promise<string> {
  for (;;) {
    const code = generateInviteCode();
    if (!(await db.village.findUnique({ where: { inviteCode: code }, select: { id: true } }))) return code;
  }
}
