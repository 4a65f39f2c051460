import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { applyMigrations, type MigrateLogger, pendingMigrations } from '../../prisma/migrate.ts';
import { databaseName, redactUrl } from '../../prisma/migrator/database-url.ts';

/**
 * Zero-setup database resolution for `npm start` and the demo:
 *  1. DATABASE_URL given: used as is when its migrations are applied; created and migrated when the
 *     database does not exist yet; otherwise its schema is the operator's business (`npm run db:migrate`);
 *  2. else a PostgreSQL answering at 127.0.0.1:5432: the `yingshan` database there, created if missing;
 *  3. else an embedded PGlite kept in `dataDir`, served over the PostgreSQL wire protocol on a free
 *     127.0.0.1 port, so the bot and worker processes connect with an ordinary URL.
 * In cases 2 and 3 the database is ours, so pending migrations are applied every time (idempotent).
 */

export type DatabaseKind = 'url' | 'local-postgres' | 'embedded';

export interface ResolvedDatabase {
  databaseUrl: string;
  kind: DatabaseKind;
  /** Stops the embedded server and database (a no-op for the other kinds). Safe to call twice. */
  close(): Promise<void>;
}

export interface ResolveDatabaseOptions {
  databaseUrl?: string | undefined;
  /** Where PGlite keeps its files, e.g. `.data/pglite`. */
  dataDir: string;
  logger: MigrateLogger;
  /** Overridable for tests; default postgresql://postgres@127.0.0.1:5432/yingshan. */
  localPostgresUrl?: string;
}

export const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/yingshan';

export async function resolveDatabase(options: ResolveDatabaseOptions): Promise<ResolvedDatabase> {
  const { logger } = options;
  if (options.databaseUrl) {
    const databaseUrl = options.databaseUrl;
    logger.info(`Using DATABASE_URL ${redactUrl(databaseUrl)}`);
    await prepareGivenDatabase(databaseUrl, logger);
    return { databaseUrl, kind: 'url', close: async () => {} };
  }

  const localUrl = options.localPostgresUrl ?? LOCAL_POSTGRES_URL;
  if (await isPostgresAnswering(localUrl)) {
    logger.info(`Using the local PostgreSQL at ${redactUrl(localUrl)}`);
    await applyMigrations({ databaseUrl: localUrl, logger }); // creates the database when missing
    return { databaseUrl: localUrl, kind: 'local-postgres', close: async () => {} };
  }

  logger.info(
    `No PostgreSQL at ${redactUrl(localUrl)}: starting the embedded database in ${options.dataDir}`,
  );
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir });
  try {
    await applyMigrations({ databaseUrl: embedded.databaseUrl, logger, engine: 'wasm' });
  } catch (error) {
    await embedded.close();
    throw error;
  }
  logger.info(`Embedded database listening at ${embedded.databaseUrl}`);
  return { databaseUrl: embedded.databaseUrl, kind: 'embedded', close: embedded.close };
}

/**
 * A DATABASE_URL that names a database the server does not have yet is created and migrated (it is
 * empty, so nothing of the operator's can be disturbed). One that exists but lacks migrations is
 * left alone, and the error names the one command that applies them. A server that does not answer
 * is left for the first query to report.
 */
async function prepareGivenDatabase(databaseUrl: string, logger: MigrateLogger): Promise<void> {
  if (!(await isPostgresAnswering(databaseUrl))) return;
  const { databaseExists, pending } = await pendingMigrations({ databaseUrl });
  if (!databaseExists) {
    logger.info(`The database ${databaseName(databaseUrl)} does not exist yet: creating and migrating it`);
    await applyMigrations({ databaseUrl, logger });
    return;
  }
  if (pending.length > 0) {
    throw new Error(
      `The database ${redactUrl(databaseUrl)} lacks ${pending.length} migration(s) (${pending.join(', ')}). ` +
        'Apply them with: npm run db:migrate (it reads DATABASE_URL from the environment or .env)',
    );
  }
}

/** True when a server accepts a connection at the URL's host and port (any database on it will do). */
export async function isPostgresAnswering(databaseUrl: string, timeoutMs = 2_000): Promise<boolean> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: timeoutMs });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export interface EmbeddedPostgres {
  databaseUrl: string;
  db: PGlite;
  close(): Promise<void>;
}

/**
 * PGlite in this process, reachable by other processes over TCP. PGlite is single-connection inside;
 * the socket server multiplexes clients and keeps a transaction on the connection that opened it.
 * Only one process may open a data directory, so a lock file beside it guards against a second one.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  host?: string;
  port?: number;
}): Promise<EmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dirname(dataDir), { recursive: true });
  const releaseLock = await lockDataDir(dataDir);
  let db: PGlite | undefined;
  try {
    db = await PGlite.create(dataDir);
    const server = new PGLiteSocketServer({
      db,
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0, // 0: the OS picks a free port
      maxConnections: 100,
    });
    await server.start();
    const databaseUrl = `postgresql://postgres@${server.getServerConn()}/postgres`;

    const openDb = db;
    let closing: Promise<void> | undefined;
    const close = () => {
      closing ??= (async () => {
        await server.stop();
        await openDb.close();
        await releaseLock();
      })();
      return closing;
    };
    return { databaseUrl, db: openDb, close };
  } catch (error) {
    await db?.close().catch(() => {});
    await releaseLock();
    throw error;
  }
}

/** Takes `<dataDir>.lock` (holding our pid); a lock left by a dead process is taken over. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const lockPath = `${dataDir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(await readFile(lockPath, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && isProcessAlive(holder)) {
        throw new Error(`The embedded database in ${dataDir} is already open in process ${holder}`);
      }
      await rm(lockPath, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock ${lockPath}`);
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
