/**
 * `npm start`: the bot and the worker in production, side by side (`.env` is read when present).
 * `npm start` runs this compiled (dist/scripts/start.js, built by `prestart`), and it starts the
 * compiled bot and worker with plain node. Signals are forwarded once to both; the exit code is
 * non-zero if either failed.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../core/project-root.ts';
import { runBotAndWorker } from './lib/child-apps.ts';
import { envValue, loadDotEnv } from './lib/env-file.ts';

loadDotEnv(join(PROJECT_ROOT, '.env'));
if (!envValue('BOT_TOKEN')) {
  console.error(
    'BOT_TOKEN is not set. Put your bot token from @BotFather in .env (see .env.example), ' +
      'or run `npm run demo` to try Yingshan offline first.',
  );
  process.exit(1);
}
process.exit(await runBotAndWorker());
