import type { Db } from '../db/client.ts';

export interface TelegramUserInfo {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

export interface UserRecord {
  id: bigint;
  firstName: string;
  locale: string | null;
  languageCode: string | null;
}

/**
 * Remembers who is talking to the bot. Reads first and writes only when something changed,
 * because it runs on every update.
 */
export async function syncUser(
  db: Db,
  from: TelegramUserInfo,
  /** The stored row when the caller has read it already (null: there is none). */
  known?: (UserRecord & { username: string | null }) | null,
): Promise<UserRecord> {
  const id = BigInt(from.id);
  const fields = {
    firstName: from.first_name.slice(0, 128),
    username: from.username ?? null,
    languageCode: from.language_code ?? null,
  };
  const select = { id: true, firstName: true, username: true, locale: true, languageCode: true } as const;
  const existing = known !== undefined ? known : await db.user.findUnique({ where: { id }, select });
  if (!existing) {
    return db.user.upsert({ where: { id }, create: { id, ...fields }, update: fields, select });
  }
  const changed =
    existing.firstName !== fields.firstName ||
    existing.username !== fields.username ||
    (fields.languageCode !== null && existing.languageCode !== fields.languageCode);
  if (!changed) return existing;
  return db.user.update({
    where: { id },
    data: { ...fields, languageCode: fields.languageCode ?? existing.languageCode },
    select,
  });
}
