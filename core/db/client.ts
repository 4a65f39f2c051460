import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../../prisma/generated/client.ts';

export { Prisma, PrismaClient };

/** A client or an open transaction: use cases accept either, so callers decide the unit of work. */
export type Db = PrismaClient | Prisma.TransactionClient;

export function createPrismaClient(
  databaseUrl: string,
  options: { maxConnections?: number } = {},
): PrismaClient {
  return createDatabase(databaseUrl, options).prisma;
}

/**
 * Plain SQL for the one read that runs on every update (who is the sender): through Prisma it
 * costs about three times the CPU (`npm run bench`). Reads, and the delivery bookkeeping's own
 * statements (bot/update-flow/chat-leases.ts, storing and marking updates in the inbox); domain
 * writes always go through Prisma.
 */
export interface SqlReader {
  query(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The SqlReader's statements are a handful of constants; beyond this many distinct texts a statement
 * runs unprepared, so a caller passing built SQL cannot make every connection keep one per text.
 */
const MAX_PREPARED_STATEMENTS = 32;

/** Whether `source` is the plain SQL reader rather than a Prisma client or transaction. */
export function isSqlReader(source: Db | SqlReader): source is SqlReader {
  return typeof (source as Partial<SqlReader>).query === 'function' && !('$queryRawUnsafe' in source);
}

/** Prisma and a plain SQL reader over one connection pool. */
export function createDatabase(
  databaseUrl: string,
  options: { maxConnections?: number } = {},
): { prisma: PrismaClient; sql: SqlReader } {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  // Prisma owns the pool: $disconnect() ends it.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  // Each statement is prepared once per connection (a named statement) instead of parsed and planned
  // on every run: the sender read runs on every update, and this took about 40% off PostgreSQL's CPU
  // per /me (`npm run bench`). It needs a session per connection, as with PostgreSQL direct; a
  // transaction-mode PgBouncer older than 1.21 cannot keep named statements.
  const names = new Map<string, string>();
  const sql: SqlReader = {
    query: (text, values) => {
      let name = names.get(text);
      if (name === undefined && names.size < MAX_PREPARED_STATEMENTS) {
        name = `yingshan_${names.size + 1}`;
        names.set(text, name);
      }
      return pool.query({ text, values: [...values], ...(name && { name }) });
    },
  };
  return { prisma, sql };
}

/** True when a write failed on a unique constraint: the row is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}

/**
 * A raw statement's unique violation (P2010, carrying the driver's UniqueConstraintViolation) as
 * the P2002 a model query throws for it, so callers keep one way to recognise "already there";
 * any other error is returned unchanged.
 */
export function asModelUniqueViolation(error: unknown): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2010') return error;
  const cause = (
    error.meta?.driverAdapterError as { cause?: { kind?: string; constraint?: unknown } } | undefined
  )?.cause;
  if (cause?.kind !== 'UniqueConstraintViolation') return error;
  return new Prisma.PrismaClientKnownRequestError(error.message, {
    code: 'P2002',
    clientVersion: error.clientVersion,
    meta: { ...error.meta, target: cause.constraint },
  });
}
