import type { Logger } from './logger.ts';

/**
 * The last line of defence, installed by each main.ts right after its logger exists.
 *
 * A promise rejected with nobody listening is a bug worth a log line, not an outage: the process
 * goes on (an update that failed is still in the inbox and is retried; a job is retried by BullMQ).
 *
 * An uncaught exception leaves the process in a state nobody planned for, so, as Node's
 * documentation advises, it is logged and the process exits. The supervisor (Docker's restart
 * policy, systemd) starts it again, and the inbox and the queues make up for what was in flight.
 */
export function installProcessGuards(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection; carrying on');
  });
  process.on('uncaughtException', (error, origin) => {
    logger.fatal({ err: error, origin }, 'uncaught exception; exiting');
    process.exit(1);
  });
}
