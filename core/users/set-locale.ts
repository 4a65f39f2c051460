import type { Locale } from '../config.ts';
import type { Db } from '../db/client.ts';

/** Remembers the user's /lang choice; it wins over Telegram's language from then on. */
export async function setLocale(db: Db, userId: bigint, locale: Locale): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { locale } });
}
