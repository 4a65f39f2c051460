import type { Db, SqlReader } from '../db/client.ts';
import { syncUser, type TelegramUserInfo, type UserRecord, userChanged } from '../users/sync-user.ts';
import { findUserWithMembership, type Membership } from './membership.ts';

/**
 * Who sent an update: their user row (created or refreshed when Telegram's data changed) and their
 * membership. One read on the usual path, because it runs for every update.
 */
export async function loadSender(
  db: Db,
  from: TelegramUserInfo,
  options: {
    /** Plain SQL for the read, when the caller has it: the read costs a third of the CPU. */
    sql?: SqlReader | undefined;
    /** Runs the write, when Telegram's data changed, in the caller's unit of work. */
    write: <T>(work: (tx: Db) => Promise<T>) => Promise<T>;
    /** False in groups: a member of a group is not a user of the bot until they write to it. */
    create?: boolean;
    /** The village the update is tied to (its button's, its group's); without it, the current one. */
    villageId?: number | undefined;
  },
): Promise<{ user: UserRecord | undefined; membership: Membership | undefined }> {
  const found = await findUserWithMembership(options.sql ?? db, BigInt(from.id), options.villageId);
  const known = found?.user ?? null;
  if (!known && options.create === false) return { user: undefined, membership: undefined };
  const user =
    known && !userChanged(known, from) ? known : await options.write((tx) => syncUser(tx, from, known));
  return { user, membership: found?.membership };
}
