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
 * statements (bot/update-flow/chat-leases.ts); domain writes always go through Prisma.
 */
export interface SqlReader {
  query(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }>;
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
  const sql: SqlReader = { query: (text, values) => pool.query(text, [...values]) };
  return { prisma, sql };
}

/** True when a write failed on a unique constraint: the row is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
