import { createI18n } from '../bot/i18n.ts';
import { loadConfigOrExit } from '../core/config.ts';
import { createPrismaClient } from '../core/db/client.ts';
import { createLogger, secretsOf } from '../core/logger.ts';
import { installProcessGuards } from '../core/process-guards.ts';
import { createWorker, OUTBOUND_CONCURRENCY, TIMER_CONCURRENCY } from './create-worker.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'worker', { secrets: secretsOf(config) });
installProcessGuards(logger);
// A group post holds its connection for the length of one Telegram call (its send record is locked),
// so every job in flight may hold one, and the relay and reconciler need theirs; paid sends (up to
// PAID_CONCURRENCY at once) hold one only for their short queries, and share ten more.
const prisma = createPrismaClient(config.DATABASE_URL, {
  maxConnections: OUTBOUND_CONCURRENCY + TIMER_CONCURRENCY + 14,
});
const i18n = createI18n(config.DEFAULT_LOCALE);
const worker = createWorker({ config, logger, prisma, i18n });

let shuttingDown = false;

async function shutDown(signal: NodeJS.Signals): Promise<void> {
  if (shuttingDown) return; // a second Ctrl+C must not start a second shutdown
  shuttingDown = true;
  logger.info({ signal }, 'shutting down');
  let exitCode = 0;
  try {
    await worker.close();
  } catch (error) {
    logger.error({ err: error }, 'worker did not close cleanly');
    exitCode = 1;
  }
  await prisma
    .$disconnect()
    .catch((error: unknown) => logger.error({ err: error }, 'database disconnect failed'));
  logger.info({ exit_code: exitCode }, 'stopped');
  // A connection left open by a job that ignored cancellation must not keep the process alive.
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutDown('SIGINT'));
process.on('SIGTERM', () => void shutDown('SIGTERM'));

try {
  await worker.start();
} catch (error) {
  logger.fatal({ err: error }, 'worker failed to start');
  await worker.close(1_000).catch(() => {});
  await prisma.$disconnect().catch(() => {});
  process.exit(1);
}
