/**
 * `npm run demo`: Yingshan with nothing configured. The bot and the worker run for real against the
 * Bot API emulator (a local Telegram), and you chat with them in this terminal as several people.
 * With BOT_TOKEN set (environment or .env) it starts the real bot instead, as `npm start` does.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { type ResolvedDatabase, resolveDatabase } from '../core/db/embedded.ts';
import { redactUrl } from '../prisma/migrator/database-url.ts';
import type { BotApiEmulator } from '../tools/bot-api-emulator/index.ts';
import { type ChildApp, describeExit, ROOT, runBotAndWorker, spawnApp } from './demo/child-apps.ts';
import { DEFAULT_EMULATOR_PORT, startDemoEmulator } from './demo/demo-emulator.ts';
import { DEFAULT_REDIS_URL, ensureRedis } from './demo/ensure-redis.ts';
import { envValue, loadDotEnv } from './demo/env-file.ts';
import { PersonaBook, SECRETARY_ID } from './demo/personas.ts';
import { stylesFor } from './demo/render.ts';
import { TerminalChat } from './demo/terminal-chat.ts';

const DEMO_BOT_TOKEN = '100000:DEMO_yingshan_local_token';
const DEMO_QR_SECRET = 'demo-only-qr-secret-never-use-in-production';
const DEMO_REDIS_PREFIX = 'yingshan-demo';
const READY_TIMEOUT_MS = 60_000;

loadDotEnv(join(ROOT, '.env'));
if (envValue('BOT_TOKEN')) {
  console.log(
    'BOT_TOKEN is set, so this starts the real bot and worker against Telegram, as `npm start` does.',
  );
  console.log('For the offline demo, leave BOT_TOKEN empty: BOT_TOKEN= npm run demo');
  process.exit(await runBotAndWorker());
}

const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
const styles = stylesFor(Boolean(process.stdout.isTTY) && !envValue('NO_COLOR'));
const say = (line = '') => console.log(line);
const note = (line: string) => console.log(styles.dim(line));
const shown = (path: string) => relative(process.cwd(), path) || '.';

let database: ResolvedDatabase | undefined;
let emulator: BotApiEmulator | undefined;
const apps: ChildApp[] = [];
let chat: TerminalChat | undefined;
let shuttingDown: Promise<never> | undefined;

/** Stops everything this demo started, in reverse order, once; then exits. */
function shutDown(exitCode: number): Promise<never> {
  shuttingDown ??= (async () => {
    chat?.close();
    if (apps.some((app) => app.isRunning())) note('Stopping the bot and the worker…');
    await Promise.all(apps.map((app) => app.stop()));
    await emulator?.close().catch(() => {});
    await database?.close().catch(() => {});
    process.exit(exitCode);
  })();
  return shuttingDown;
}

// Ctrl-C at a terminal reaches the chat's readline instead (raw mode); these cover the rest.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    // During the chat, ending the chat shuts the demo down normally; before it, stop right away.
    if (chat) chat.close();
    else void shutDown(130);
  });
}

try {
  say(
    styles.bold(
      'Yingshan demo: the real bot and worker, talking to a local Telegram (the Bot API emulator).',
    ),
  );

  const dataDir = resolve(ROOT, envValue('DEMO_DATA_DIR') ?? '.data');
  database = await resolveDatabase({
    databaseUrl: envValue('DATABASE_URL'),
    dataDir: join(dataDir, 'pglite'),
    logger: { info: (m) => note(`  ${m}`), warn: (m) => note(`  ${m}`), debug: () => {} },
  });
  const databaseText = {
    url: `DATABASE_URL (${redactUrl(database.databaseUrl)})`,
    'local-postgres': `the local PostgreSQL (${redactUrl(database.databaseUrl)})`,
    embedded: `the embedded PostgreSQL (PGlite) kept in ${shown(join(dataDir, 'pglite'))}`,
  }[database.kind];
  say(`Database: ${databaseText}`);

  const redisUrl = envValue('REDIS_URL') ?? DEFAULT_REDIS_URL;
  const redis = await ensureRedis(redisUrl);
  if (!redis.ok) {
    console.error(styles.warn(redis.problem));
    console.error(redis.fix);
    await shutDown(1);
  } else {
    const redisPort = new URL(redisUrl).port;
    const stopHint = `redis-cli${redisPort && redisPort !== '6379' ? ` -p ${redisPort}` : ''} shutdown`;
    const started = redis.started ? ` (started redis-server for you; it keeps running: ${stopHint})` : '';
    say(`Redis: ${redisUrl}${started}`);
  }

  const port = Number(envValue('EMULATOR_PORT') ?? DEFAULT_EMULATOR_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`EMULATOR_PORT ${port} is not a port`);
  const started = await startDemoEmulator({
    port,
    botToken: DEMO_BOT_TOKEN,
    databaseUrl: database.databaseUrl,
  });
  emulator = started.emulator;
  const moved = started.portTaken ? ` (port ${port} was taken)` : '';
  say(`Telegram: the Bot API emulator at ${emulator.url}${moved}, with Telegram's flood limits on`);

  const logDir = join(dataDir, 'demo-logs');
  await mkdir(logDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BOT_TOKEN: DEMO_BOT_TOKEN,
    TELEGRAM_API_ROOT: emulator.url,
    BOT_MODE: 'polling',
    DATABASE_URL: database.databaseUrl,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: envValue('DEMO_REDIS_PREFIX') ?? DEMO_REDIS_PREFIX,
    QR_SECRET: DEMO_QR_SECRET,
    BOT_ADMINS: String(SECRETARY_ID),
    DEFAULT_LOCALE: envValue('DEFAULT_LOCALE') ?? 'zh-CN',
    // Their logs go to files, so info costs the terminal nothing and tells when the bot is ready.
    LOG_LEVEL: 'info',
  };
  for (const name of ['bot', 'worker'] as const) {
    const logFile = join(logDir, `${name}.log`);
    const app = spawnApp(name, { env, logFile });
    apps.push(app);
    void app.exited.then(async (exit) => {
      if (shuttingDown) return;
      console.error(
        styles.warn(`The ${name} stopped unexpectedly (${describeExit(exit)}); see ${shown(logFile)}`),
      );
      await shutDown(1);
    });
  }
  const [bot, worker] = apps as [ChildApp, ChildApp];
  note(
    `Logs: ${shown(join(logDir, 'bot.log'))} (bot pid ${bot.pid}), ${shown(join(logDir, 'worker.log'))} (worker pid ${worker.pid})`,
  );
  note('Starting the bot and the worker…');
  await Promise.all([
    bot.waitForOutput(/bot running/, READY_TIMEOUT_MS),
    worker.waitForOutput(/worker started/, READY_TIMEOUT_MS),
  ]);

  const personas = new PersonaBook();
  say();
  say(
    styles.bold('Ready. You are 书记 (the secretary, Telegram id 10001, allowed to create villages). Try:'),
  );
  say('  /newvillage 友谊村     create a village; the bot answers with an invite link');
  say('  :as 谢启富             become a villager (:who lists everyone, :new <name> adds a person)');
  say(
    '  /start join_<code>    open the invite link with the code from the bot, then answer its two questions',
  );
  say(
    '  /me  /help  /lang     王秀英 (:as 王秀英) has Telegram in English, so the bot answers her in English',
  );
  say('Lines starting with ":" are demo commands (:help lists them); :quit or Ctrl-C stops everything.');
  say();

  chat = new TerminalChat({
    emulator,
    botToken: DEMO_BOT_TOKEN,
    personas,
    input: process.stdin,
    output: process.stdout,
    interactive,
    styles,
  });
  await chat.run();
  await shutDown(0);
} catch (error) {
  if (!shuttingDown) {
    console.error(
      styles.warn(`The demo could not go on: ${error instanceof Error ? error.message : String(error)}`),
    );
    await shutDown(1);
  }
}
