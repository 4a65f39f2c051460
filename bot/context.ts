import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { Config, Locale } from '../core/config.ts';
import type { Db, PrismaClient, SqlReader } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import type { Membership } from '../core/members/membership.ts';
import type { Owed } from '../worker/owed.ts';
import type { JobProducer } from '../worker/queues.ts';
import type { PenaltyBoard } from './api/penalty-board.ts';
import type { Write } from './update-flow/unit-of-work.ts';

/** What the bot is built from; main.ts and tests assemble it. */
export interface BotDeps {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  /** Plain SQL reads for the per-update hot path (see core/db/client.ts). */
  sql?: SqlReader;
  jobs: JobProducer;
  /** 429 windows shared with the other processes that send (see penalty-board.ts). */
  penalties?: PenaltyBoard;
}

interface YingshanFlavor {
  deps: BotDeps;
  /** A child logger tagged with this update's id. */
  logger: Logger;
  /** Reads. Inside the update's transaction once it has written; a write through it throws. */
  db: Db;
  /**
   * Runs work in the update's transaction (opened by the first call), which commits with the update's
   * "handled" mark and its outbox rows: every write, lock and raw SQL goes through here.
   */
  write: Write;
  /** The jobs and timers this update owes; write them with `ctx.write((tx) => ctx.owed.jobs(tx, …))`. */
  owed: Owed;
  /** This run of the update, for the dedupe keys of what it owes (never the bare update id: see UpdateScope.key). */
  updateKey: string;
  locale: Locale;
  /**
   * The sender's membership in the village this update acts in: its button's, else its group's, else
   * the sender's current village (see loadMember).
   */
  membership: Membership | undefined;
  /** In a village's group: that village (set by groupGate). */
  groupVillageId: number | undefined;
}

export type BotContext = Context & I18nFlavor & YingshanFlavor;
