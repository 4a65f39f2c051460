/**
 * How migrations work here.
 *
 * prisma/migrations is a standard Prisma migrations folder (one `<utc timestamp>_<name>/migration.sql`
 * per change, plus migration_lock.toml), and the database keeps the standard `_prisma_migrations` table
 * (checksum = sha256 of migration.sql). So a self-hoster with Prisma's native schema engine can run
 * `npx prisma migrate deploy` and it takes over seamlessly.
 *
 * On machines where the native engine cannot be downloaded, this script does the same work with
 * Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), driven through
 * @prisma/adapter-pg (see prisma/migrator/). Same engine code, same rows.
 *
 *   npm run db:migrate                      apply pending migrations to DATABASE_URL (creates the database);
 *                                           DATABASE_URL from the environment, else from .env, as `npm start`
 *   npm run db:migration:create -- <name>   write prisma/migrations/<ts>_<name>/migration.sql from the
 *                                           difference between the existing migrations and schema.prisma
 *   npx tsx prisma/migrate.ts status        compare the database's history with the folder
 *
 * Compiled (`npm run build`), the same commands run without tsx: `node dist/prisma/migrate.js deploy`
 * (what the Docker image's migrate service runs, and what `npm run db:migrate` falls back to there).
 *
 * `deploy` uses the real `prisma migrate deploy` when a working native engine is found
 * (PRISMA_SCHEMA_ENGINE_BINARY, or one in node_modules/@prisma/engines) and the prisma CLI is installed
 * (a devDependency: not in a production install); otherwise the WASM engine.
 * `create` always uses the WASM engine; it needs a PostgreSQL server for a throwaway shadow database
 * (the server of DATABASE_URL, default 127.0.0.1:5432). Never edit a migration that has been applied
 * anywhere: add a new one.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DiagnoseMigrationHistoryOutput, SchemaFilter } from '@prisma/schema-engine-wasm';
import pg from 'pg';
import { PROJECT_ROOT } from '../core/project-root.ts';
import { envValue, loadDotEnv } from '../scripts/lib/env-file.ts';
import {
  databaseName,
  ensureDatabase,
  MAINTENANCE_DATABASE,
  redactUrl,
  withDatabase,
  withMaintenanceClient,
} from './migrator/database-url.ts';
import { migrationFolderName, readMigrationsList, writeMigration } from './migrator/migrations-dir.ts';
import { findNativeSchemaEngine, runPrismaMigrateDeploy } from './migrator/native-engine.ts';
import { createMigrationAdapterFactory } from './migrator/pg-adapter.ts';
import { withSchemaEngine } from './migrator/wasm-engine.ts';

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'prisma/migrations');
export const SCHEMA_PATH = join(PROJECT_ROOT, 'prisma/schema.prisma');
export const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/yingshan';

/** What the migrator logs through; a pino logger fits. */
export interface MigrateLogger {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

const consoleLogger: MigrateLogger = {
  info: (message) => console.log(message),
  warn: (message) => console.warn(message),
  debug: () => {},
};

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };

export type EngineChoice = 'auto' | 'native' | 'wasm';

export interface ApplyMigrationsOptions {
  databaseUrl: string;
  logger?: MigrateLogger;
  /** 'auto' (default): the native engine when one works, else WASM. */
  engine?: EngineChoice;
  migrationsDir?: string;
}

export interface ApplyMigrationsResult {
  appliedMigrationNames: string[];
  engine: 'native' | 'wasm';
  createdDatabase: boolean;
}

/** Applies every pending migration; creates the database first if it is missing. Idempotent. */
export async function applyMigrations(options: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const logger = options.logger ?? consoleLogger;
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const createdDatabase = await ensureDatabase(options.databaseUrl);
  if (createdDatabase) logger.info(`Created database ${redactUrl(options.databaseUrl)}`);

  const choice = options.engine ?? 'auto';
  const nativeEngine = choice === 'wasm' ? undefined : findNativeSchemaEngine(PROJECT_ROOT);
  if (choice === 'native' && !nativeEngine)
    throw new Error('No working native Prisma schema engine was found');

  if (nativeEngine && migrationsDir === MIGRATIONS_DIR) {
    logger.debug(`Using the native schema engine at ${nativeEngine}`);
    const before = await finishedMigrationNames(options.databaseUrl);
    runPrismaMigrateDeploy({
      projectRoot: PROJECT_ROOT,
      databaseUrl: options.databaseUrl,
      engineBinary: nativeEngine,
      onOutput: (text) => logger.debug(text),
    });
    const after = await finishedMigrationNames(options.databaseUrl);
    const appliedMigrationNames = after.filter((name) => !before.includes(name));
    logApplied(logger, appliedMigrationNames);
    return { appliedMigrationNames, engine: 'native', createdDatabase };
  }

  const migrationsList = await readMigrationsList(migrationsDir);
  const { appliedMigrationNames } = await withWasmEngine(options.databaseUrl, logger, (engine) =>
    engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
  );
  logApplied(logger, appliedMigrationNames);
  return { appliedMigrationNames, engine: 'wasm', createdDatabase };
}

/**
 * Whether the database exists, and which of the folder's migrations it has not applied (every one
 * when it does not exist). Plain SQL, no engine: quick enough to ask before every demo start.
 */
export async function pendingMigrations(options: {
  databaseUrl: string;
  migrationsDir?: string;
}): Promise<{ databaseExists: boolean; pending: string[] }> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  const folders = migrationsList.migrationDirectories.map((directory) => directory.path);
  const name = databaseName(options.databaseUrl);
  const databaseExists = await withMaintenanceClient(options.databaseUrl, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return Boolean(found.rowCount);
  });
  if (!databaseExists) return { databaseExists, pending: folders };
  const applied = new Set(await finishedMigrationNames(options.databaseUrl));
  return { databaseExists, pending: folders.filter((folder) => !applied.has(folder)) };
}

/** The database's migration history against the folder; `history` is null when they agree. */
export async function diagnoseMigrationHistory(options: {
  databaseUrl: string;
  logger?: MigrateLogger;
  migrationsDir?: string;
}): Promise<DiagnoseMigrationHistoryOutput> {
  const migrationsList = await readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  return withWasmEngine(options.databaseUrl, options.logger ?? consoleLogger, (engine) =>
    engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTERS }),
  );
}

export interface DiffOptions {
  /** Any database on the server that will host the throwaway shadow database. */
  serverUrl?: string;
  logger?: MigrateLogger;
  migrationsDir?: string;
  schemaPath?: string;
}

/**
 * The SQL that takes a database built from the migrations to the schema, or null when there is none.
 * The engine replays the migrations in a shadow database, which it creates and drops on the server.
 */
export async function diffMigrationsToSchema(options: DiffOptions = {}): Promise<string | null> {
  const logger = options.logger ?? consoleLogger;
  const schemaPath = options.schemaPath ?? SCHEMA_PATH;
  const serverUrl = withDatabase(options.serverUrl ?? DEFAULT_DATABASE_URL, MAINTENANCE_DATABASE);
  const migrationsList = await readMigrationsList(options.migrationsDir ?? MIGRATIONS_DIR);
  const schemaText = await readFile(schemaPath, 'utf8');
  const result = await withWasmEngine(
    serverUrl,
    logger,
    (engine) =>
      engine.diff({
        from: { tag: 'migrations', ...migrationsList },
        to: { tag: 'schemaDatamodel', files: [{ path: schemaPath, content: schemaText }] },
        script: true,
        exitCode: null,
        filters: NO_FILTERS,
      }),
    { schemaPath, schemaText },
  );
  const sql = result.stdout?.trim() ?? '';
  return sql === '' || sql === '-- This is an empty migration.' ? null : `${sql}\n`;
}

/** Writes a new migration folder from the diff. Returns null (and writes nothing) when nothing changed. */
export async function createMigration(
  options: DiffOptions & { name: string; now?: Date },
): Promise<{ folder: string; file: string } | null> {
  const migrationsDir = options.migrationsDir ?? MIGRATIONS_DIR;
  const folder = migrationFolderName(options.name, options.now);
  const sql = await diffMigrationsToSchema({ ...options, migrationsDir });
  if (sql === null) return null;
  const file = await writeMigration(migrationsDir, folder, sql);
  return { folder, file };
}

async function withWasmEngine<T>(
  databaseUrl: string,
  logger: MigrateLogger,
  work: (engine: Parameters<Parameters<typeof withSchemaEngine>[1]>[0]) => Promise<T>,
  schema?: { schemaPath: string; schemaText: string },
): Promise<T> {
  const schemaPath = schema?.schemaPath ?? SCHEMA_PATH;
  const schemaText = schema?.schemaText ?? (await readFile(schemaPath, 'utf8'));
  const adapterFactory = createMigrationAdapterFactory(databaseUrl);
  try {
    return await withSchemaEngine(
      { schemaPath, schemaText, adapterFactory, onLog: (line) => logger.debug(`schema-engine: ${line}`) },
      work,
    );
  } finally {
    // Closing every pool is what lets the process end at once instead of idling for ~10 s.
    await adapterFactory.close();
  }
}

async function finishedMigrationNames(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present`);
    if (!table.rows[0]?.present) return [];
    const rows = await client.query<{ migration_name: string }>(
      'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return rows.rows.map((row) => row.migration_name);
  } finally {
    await client.end();
  }
}

function logApplied(logger: MigrateLogger, names: string[]): void {
  if (names.length === 0) logger.info('No pending migrations.');
  else logger.info(`Applied ${names.length} migration(s): ${names.join(', ')}`);
}

function describeHistory(output: DiagnoseMigrationHistoryOutput): string[] {
  const lines: string[] = [];
  if (!output.hasMigrationsTable) lines.push('The database has no _prisma_migrations table yet.');
  if (output.failedMigrationNames.length) lines.push(`Failed: ${output.failedMigrationNames.join(', ')}`);
  if (output.editedMigrationNames.length)
    lines.push(`Edited after apply: ${output.editedMigrationNames.join(', ')}`);
  const history = output.history;
  if (history?.diagnostic === 'databaseIsBehind')
    lines.push(`Pending: ${history.unappliedMigrationNames.join(', ')}`);
  else if (history?.diagnostic === 'migrationsDirectoryIsBehind')
    lines.push(`In the database but not the folder: ${history.unpersistedMigrationNames.join(', ')}`);
  else if (history?.diagnostic === 'historiesDiverge')
    lines.push(
      `Histories diverge after ${history.lastCommonMigrationName ?? '(start)'}: ` +
        `database has ${history.unpersistedMigrationNames.join(', ') || 'nothing else'}, ` +
        `folder has ${history.unappliedMigrationNames.join(', ') || 'nothing else'}`,
    );
  return lines;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // As `npm start` does: the project's .env, without overriding what the shell set.
  loadDotEnv(join(PROJECT_ROOT, '.env'));
  const databaseUrl = envValue('DATABASE_URL') ?? DEFAULT_DATABASE_URL;
  const logger: MigrateLogger = process.env.DEBUG
    ? { ...consoleLogger, debug: (m) => console.debug(m) }
    : consoleLogger;
  switch (command) {
    case 'deploy': {
      logger.info(`Applying migrations to ${redactUrl(databaseUrl)}`);
      const result = await applyMigrations({ databaseUrl, logger });
      logger.info(`(engine: ${result.engine})`);
      return 0;
    }
    case 'create': {
      const name = rest.filter((arg) => !arg.startsWith('-')).join('_');
      if (!name) {
        console.error('Usage: npm run db:migration:create -- <name>');
        return 64;
      }
      const created = await createMigration({ name, serverUrl: databaseUrl, logger });
      if (created) logger.info(`Wrote ${created.file}`);
      else logger.info('no changes: the schema matches the migrations');
      return 0;
    }
    case 'status': {
      const output = await diagnoseMigrationHistory({ databaseUrl, logger });
      const problems = describeHistory(output);
      if (problems.length === 0) logger.info('Database schema is up to date with prisma/migrations.');
      for (const line of problems) logger.info(line);
      return problems.length === 0 ? 0 : 1;
    }
    default:
      console.error('Usage: prisma/migrate.ts (or dist/prisma/migrate.js) deploy | create <name> | status');
      return 64;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    // Exit explicitly: the WASM runtime can otherwise hold the event loop open for a while.
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
