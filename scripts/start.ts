/**
 * `npm start`: the bot and the worker in production, side by side (`.env` is read when present).
 * Signals are forwarded once to both; the exit code is non-zero if either failed.
 */
import { join } from 'node:path';
import { ROOT, runBotAndWorker } from './demo/child-apps.ts';
import { envValue, loadDotEnv } from './demo/env-file.ts';

loadDotEnv(join(ROOT, '.env'));
if (!envValue('BOT_TOKEN')) {
  console.error(
    'BOT_TOKEN is not set. Put your bot token from @BotFather in .env (see .env.example), ' +
      'or run `npm run demo` to try Yingshan offline first.',
  );
  process.exit(1);
}
process.exit(await runBotAndWorker());
