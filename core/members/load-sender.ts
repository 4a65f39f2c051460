import type { Db, SqlReader } from '../db/client.ts';
import { syncUser, type TelegramUserInfo, type UserRecord } from '../users/sync-user.ts';
import { findUserWithMembership, type Membership } from './membership.ts';

/**
 * Who sent an update: their user row (created or refreshed when Telegram's data changed) and their
 * membership. One read on the usual path, because it runs for every update.
 */
export async function loadSender(
  db: Db,
  from: TelegramUserInfo,
  /** Plain SQL for the read, when the caller has it: the read costs a third of the CPU. */
  reader?: SqlReader,
): Promise<{ user: UserRecord; membership: Membership | undefined }> {
  const found = await findUserWithMembership(reader ?? db, BigInt(from.id));
  const user = await syncUser(db, from, found?.user ?? null);
  return { user, membership: found?.membership };
}
