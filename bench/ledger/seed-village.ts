import type pg from 'pg';

/** A village of the ledger bench: its id and its members in number order (1-based numbers). */
export interface LedgerVillage {
  villageId: number;
  members: readonly { id: number; householdId: number }[];
}

export interface VillageSpec {
  name: string;
  inviteCode: string;
  members: number;
  /** Members per household: 4 puts 20,000 members in 5,000 households. */
  householdSize: number;
  /** Member n (1-based) speaks as Telegram user `userIdBase + n`; each village takes its own range. */
  userIdBase: number;
}

/**
 * A village with `members` ACTIVE members holding a VILLAGER grant, in households, written with
 * generate_series (20,000 members take well under a second): users, members and names as
 * bench/lib/bench-database.ts seeds them, so the bot finds each sender without writing anything.
 */
export async function seedLedgerVillage(pool: pg.Pool, spec: VillageSpec): Promise<LedgerVillage> {
  const households = Math.ceil(spec.members / spec.householdSize);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const village = await client.query<{ id: number }>(
      `INSERT INTO "Village" (name, "inviteCode", "createdById", "nextMemberNumber", "nextHouseholdNumber")
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [spec.name, spec.inviteCode, spec.userIdBase + 1, spec.members + 1, households + 1],
    );
    const villageId = village.rows[0]?.id;
    if (villageId === undefined) throw new Error('no village');
    await client.query(
      `INSERT INTO "Household" ("villageId", number, name)
       SELECT $1::int, n, n || '号户' FROM generate_series(1, $2::int) n`,
      [villageId, households],
    );
    await client.query(
      `INSERT INTO "User" (id, "firstName", "languageCode", "currentVillageId", "updatedAt")
       SELECT $1::bigint + n, '村民' || n, 'zh-hans', $2::int, now() FROM generate_series(1, $3::int) n`,
      [spec.userIdBase, villageId, spec.members],
    );
    await client.query(
      `INSERT INTO "Member" ("villageId", "userId", number, "realName", status, "householdId")
       SELECT $1::int, $2::bigint + n, n, '测试村民' || n, 'ACTIVE', h.id
       FROM generate_series(1, $3::int) n
       JOIN "Household" h ON h."villageId" = $1::int AND h.number = (n - 1) / $4::int + 1`,
      [villageId, spec.userIdBase, spec.members, spec.householdSize],
    );
    await client.query(
      `INSERT INTO "RoleGrant" ("memberId", role) SELECT id, 'VILLAGER' FROM "Member" WHERE "villageId" = $1::int`,
      [villageId],
    );
    const members = await client.query<{ id: number; householdId: number }>(
      `SELECT id, "householdId" FROM "Member" WHERE "villageId" = $1::int ORDER BY number`,
      [villageId],
    );
    await client.query('COMMIT');
    return { villageId, members: members.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => null);
    throw error;
  } finally {
    client.release();
  }
}
