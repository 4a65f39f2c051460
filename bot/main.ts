import { loadConfigOrExit } from '../core/config.ts';
import { createLogger, secretsOf } from '../core/logger.ts';
import { installProcessGuards } from '../core/process-guards.ts';
import { runBot } from './run-bot.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'bot', { secrets: secretsOf(config) });
installProcessGuards(logger);

try {
  const stop = await runBot(config, logger);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (error) {
  logger.fatal({ err: error }, 'bot could not start');
  process.exit(1);
}
