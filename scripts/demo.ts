/**
 * `npm run demo`: Yingshan with nothing configured. The bot and the worker run for real against the
 * Bot API emulator (a local Telegram), seeded with Youyi Village, and a web page that looks like
 * Telegram lets you be several villagers at once (http://localhost:3000; PLAYGROUND_PORT or --port).
 * `npm run demo -- --terminal` chats in this terminal instead, starting from an empty database.
 * With BOT_TOKEN set (environment or .env) it starts the real bot instead, as `npm start` does.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createPrismaClient } from '../core/db/client.ts';
import { type ResolvedDatabase, resolveDatabase } from '../core/db/embedded.ts';
import { DEMO_GROUP, DEMO_INVITE_CODE, seedDemoVillage } from '../core/demo/seed-demo-village.ts';
import { PROJECT_ROOT } from '../core/project-root.ts';
import { redactUrl } from '../prisma/migrator/database-url.ts';
import type { BotApiEmulator } from '../tools/bot-api-emulator/index.ts';
import { DIST_DIR, ensureWebBuilt } from '../tools/playground/server/build-web.ts';
import { PersonaStore, userSpecOf } from '../tools/playground/server/persona-store.ts';
import {
  type PlaygroundServer,
  startPlaygroundServer,
} from '../tools/playground/server/playground-server.ts';
import { DEFAULT_EMULATOR_PORT, startDemoEmulator } from './demo/demo-emulator.ts';
import { DEFAULT_REDIS_URL, ensureRedis } from './demo/ensure-redis.ts';
import { PersonaBook, SECRETARY_ID } from './demo/personas.ts';
import { seededPersonas } from './demo/playground-personas.ts';
import { stylesFor } from './demo/render.ts';
import { TerminalChat } from './demo/terminal-chat.ts';
import { type ChildApp, describeExit, runBotAndWorker, spawnApp } from './lib/child-apps.ts';
import { envValue, loadDotEnv } from './lib/env-file.ts';

const DEMO_BOT_TOKEN = '100000:DEMO_yingshan_local_token';
const DEMO_QR_SECRET = 'demo-only-qr-secret-never-use-in-production';
const DEMO_REDIS_PREFIX = 'yingshan-demo';
const READY_TIMEOUT_MS = 60_000;
const DEFAULT_PLAYGROUND_PORT = 3000;

const { values: flags } = parseArgs({
  options: { terminal: { type: 'boolean', default: false }, port: { type: 'string' } },
});

loadDotEnv(join(PROJECT_ROOT, '.env'));
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
let playground: PlaygroundServer | undefined;
let shuttingDown: Promise<never> | undefined;
let numbersPool: pg.Pool | undefined;

/** Stops everything this demo started, in reverse order, once; then exits. */
function shutDown(exitCode: number): Promise<never> {
  shuttingDown ??= (async () => {
    chat?.close();
    await playground?.close().catch(() => {});
    await numbersPool?.end().catch(() => {});
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
    // During the chat, ending the chat shuts the demo down normally; with the playground up, a
    // signal is how it ends; before either, stop right away.
    if (chat) chat.close();
    else void shutDown(playground ? 0 : 130);
  });
}

try {
  say(
    styles.bold(
      'Yingshan demo: the real bot and worker, talking to a local Telegram (the Bot API emulator).',
    ),
  );

  const dataDir = resolve(PROJECT_ROOT, envValue('DEMO_DATA_DIR') ?? '.data');
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

  const port = portFrom('EMULATOR_PORT', envValue('EMULATOR_PORT') ?? DEFAULT_EMULATOR_PORT);
  const playgroundPort = portFrom(
    flags.port ? '--port' : 'PLAYGROUND_PORT',
    flags.port ?? envValue('PLAYGROUND_PORT') ?? DEFAULT_PLAYGROUND_PORT,
  );
  let villageId: number | undefined;
  if (!flags.terminal) {
    // Before the bot starts, so its first update already finds the village.
    const prisma = createPrismaClient(database.databaseUrl, { maxConnections: 1 });
    try {
      const seeded = await seedDemoVillage(prisma);
      villageId = seeded.villageId;
      say(`Village: 友谊村 (Youyi Village), ${seeded.created ? 'seeded now' : 'as the last demo left it'}`);
    } finally {
      await prisma.$disconnect();
    }
  }

  // Everyone the demo lets you be, and the village group, are known to the emulator from the start.
  const personaStore = new PersonaStore(seededPersonas(), join(dataDir, 'playground-personas.json'));
  const terminalPersonas = new PersonaBook();
  const started = await startDemoEmulator({
    port,
    botToken: DEMO_BOT_TOKEN,
    databaseUrl: database.databaseUrl,
    knownChats: flags.terminal
      ? terminalPersonas.list().map((persona) => ({ user: persona.user }))
      : [
          ...personaStore.list().map((persona) => ({ user: userSpecOf(persona) })),
          { group: { id: DEMO_GROUP.id, title: DEMO_GROUP.title, type: 'supergroup' as const } },
        ],
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

  if (flags.terminal) {
    await runTerminalChat(emulator, terminalPersonas);
  } else {
    const { built } = await ensureWebBuilt();
    if (built) note('Built the playground page (tools/playground/dist).');
    const botUsername = emulator.core.botForToken(DEMO_BOT_TOKEN).info.username;
    playground = await startPlaygroundServer({
      emulator,
      botToken: DEMO_BOT_TOKEN,
      personas: personaStore,
      group: DEMO_GROUP,
      inviteLink: `https://t.me/${botUsername}?start=join_${DEMO_INVITE_CODE}`,
      memberNumbers: memberNumbersOf(database.databaseUrl, villageId ?? 0),
      distDir: DIST_DIR,
      port: playgroundPort,
      host: envValue('PLAYGROUND_HOST') ?? '127.0.0.1',
    });
    const movedPlayground = playground.portTaken ? ` (port ${playgroundPort} was taken)` : '';
    say();
    say(styles.bold(`Ready. Open the playground: ${playground.url}${movedPlayground}`));
    say('  Be anyone in 友谊村 (the secretary 李书记, cadres, villagers), or a new person who joins by');
    say('  the invite link; the Bot API panel shows every call the bot makes. Ctrl-C stops everything.');
    say(styles.dim('  (npm run demo -- --terminal chats in this terminal instead.)'));
    await new Promise<never>(() => {}); // until a signal shuts the demo down
  }
  await shutDown(0);
} catch (error) {
  if (!shuttingDown) {
    console.error(
      styles.warn(`The demo could not go on: ${error instanceof Error ? error.message : String(error)}`),
    );
    await shutDown(1);
  }
}

/** The terminal chat: you type as the secretary or villagers; `:quit` ends it. */
async function runTerminalChat(emulator: BotApiEmulator, personas: PersonaBook): Promise<void> {
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
}

/** The playground's member numbers: read from the demo's database each time the page asks. */
function memberNumbersOf(databaseUrl: string, villageId: number) {
  numbersPool ??= new pg.Pool({ connectionString: databaseUrl, max: 1 });
  numbersPool.on('error', () => {});
  const pool = numbersPool;
  return async (): Promise<ReadonlyMap<number, number>> => {
    const result = await pool.query<{ userId: string; number: number }>(
      'SELECT "userId"::text AS "userId", number FROM "Member" WHERE "villageId" = $1',
      [villageId],
    );
    return new Map(result.rows.map((row) => [Number(row.userId), row.number]));
  };
}

function portFrom(name: string, raw: string | number): number {
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`${name} ${raw} is not a port`);
  return port;
}
