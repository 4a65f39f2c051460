import type { Db } from '../db/client.ts';

export interface HouseholdSign {
  villageId: number;
  village: string;
  householdId: number;
  number: number;
  name: string;
  version: number;
}

const SIGN_SELECT = {
  id: true,
  number: true,
  name: true,
  qrVersion: true,
  village: { select: { id: true, name: true } },
} as const;

function signOf(row: {
  id: number;
  number: number;
  name: string;
  qrVersion: number;
  village: { id: number; name: string };
}): HouseholdSign {
  return {
    villageId: row.village.id,
    village: row.village.name,
    householdId: row.id,
    number: row.number,
    name: row.name,
    version: row.qrVersion,
  };
}

/** What one member's `/qr` shows: their household's current sign, or undefined without a household. */
export async function readMemberHouseholdSign(db: Db, memberId: number): Promise<HouseholdSign | undefined> {
  const member = await db.member.findUnique({
    where: { id: memberId },
    select: { household: { select: SIGN_SELECT } },
  });
  return member?.household ? signOf(member.household) : undefined;
}

/** Every household's current sign in a village, by household number: `/qr print`'s sheets. */
export async function readVillageHouseholdSigns(db: Db, villageId: number): Promise<HouseholdSign[]> {
  const rows = await db.household.findMany({
    where: { villageId },
    orderBy: { number: 'asc' },
    select: SIGN_SELECT,
  });
  return rows.map(signOf);
}
