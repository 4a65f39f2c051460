import type { I18nFlavor } from '@grammyjs/i18n';
import type { Context } from 'grammy';
import type { Config, Locale } from '../core/config.ts';
import type { Db, PrismaClient, SqlReader } from '../core/db/client.ts';
import type { Logger } from '../core/logger.ts';
import type { Membership } from '../core/members/membership.ts';
import type { JobProducer } from '../worker/queues.ts';

/** What the bot is built from; main.ts and tests assemble it. */
export interface BotDeps {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  /** Plain SQL reads for the per-update hot path (see core/db/client.ts). */
  sql?: SqlReader;
  jobs: JobProducer;
}

interface YingshanFlavor {
  deps: BotDeps;
  /** A child logger tagged with this update's id. */
  logger: Logger;
  /** The transaction this update runs in: its effects commit together with "update handled". */
  db: Db;
  /** Runs after the update's transaction commits (enqueue jobs here, never inside it). */
  afterCommit(task: () => Promise<unknown>): void;
  locale: Locale;
  /** The sender's membership in their current village, when they have one. */
  membership: Membership | undefined;
}

export type BotContext = Context & I18nFlavor & YingshanFlavor;
