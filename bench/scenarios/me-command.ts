import { realNameOf } from '../lib/bench-database.ts';
import type { Scenario } from './scenario.ts';

/**
 * /me: the real Yingshan process (receiver → inbox → dispatcher → one statement reading the user,
 * member, village and roles), compiled, as production runs it (`npm run build`, then
 * `node dist/bot/main.js`), against a bare grammY bot with built-in polling and a static reply,
 * which is the floor any bot on this machine and emulator pays (run from source through tsx).
 */
export const yingshanMe: Scenario = {
  id: 'yingshan-me',
  label: 'Yingshan /me',
  script: 'dist/bot/main.js',
  token: '5550001:bench-yingshan-token',
  text: '/me',
  env: (environment) => ({
    BOT_TOKEN: yingshanMe.token,
    TELEGRAM_API_ROOT: environment.emulatorUrl,
    DATABASE_URL: environment.databaseUrl,
    REDIS_URL: environment.redisUrl,
    REDIS_PREFIX: environment.redisPrefix,
    QR_SECRET: 'bench-qr-secret-not-for-production',
    BOT_ADMINS: '1',
    LOG_LEVEL: 'warn',
  }),
  // The profile names the member; an error message ("not a member", "nothing was saved") would not.
  isExpectedReply: (reply, user) => reply.text.includes(realNameOf(user)),
  p99TargetMs: 50,
  rssAfterTargetMb: 150,
  idleRssTargetMb: 100,
};

export const bareMe: Scenario = {
  id: 'bare-me',
  label: 'bare grammY /me',
  script: 'bench/bare-bot.ts',
  token: '5550002:bench-bare-grammy-token',
  text: '/me',
  env: (environment) => ({
    BOT_TOKEN: bareMe.token,
    TELEGRAM_API_ROOT: environment.emulatorUrl,
    LOG_LEVEL: 'warn',
  }),
  isExpectedReply: (reply) => reply.text.length > 0,
};

/**
 * The same bare bot over the HTTP client Yingshan uses (undici, bot/api/bot-api-client.ts) instead of
 * grammY's default: a ratio against it shows what Yingshan's own work costs, with the client's
 * saving taken out. Printed for information; the target is against grammY as it comes.
 */
export const bareMeUndici: Scenario = {
  ...bareMe,
  id: 'bare-me-undici',
  label: 'bare grammY /me, undici',
  token: '5550003:bench-bare-undici-token',
  env: (environment) => ({
    ...bareMe.env(environment),
    BOT_TOKEN: bareMeUndici.token,
    BARE_BOT_CLIENT: 'undici',
  }),
};
