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

/** Whether Telegram's data for the user differs from the stored row (a missing language is no change). */
export function userChanged(
  existing: { firstName: string; username: string | null; languageCode: string | null },
  from: TelegramUserInfo,
): boolean {
  return (
    existing.firstName !== from.first_name.slice(0, 128) ||
    existing.username !== (from.username ?? null) ||
    (from.language_code !== undefined && existing.languageCode !== from.language_code)
  );
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
  if (!userChanged(existing, from)) return existing;
  return db.user.update({
    where: { id },
    data: { ...fields, languageCode: fields.languageCode ?? existing.languageCode },
    select,
  });
}
