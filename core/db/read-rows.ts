import { type Db, isSqlReader, type SqlReader } from './client.ts';

/**
 * Runs one read-only SQL statement through plain SQL (the bot's pool, prepared once per connection)
 * or through Prisma (tests, the worker, a transaction). The text must be a constant: the plain
 * reader keeps a prepared statement per distinct text. Cast counts and sums to int in the SQL: pg
 * and Prisma return int8 differently (a string, a bigint).
 */
export async function readRows<Row>(
  source: Db | SqlReader,
  text: string,
  params: readonly unknown[],
): Promise<Row[]> {
  const rows = isSqlReader(source)
    ? (await source.query(text, params)).rows
    : await source.$queryRawUnsafe<unknown[]>(text, ...params);
  return rows as Row[];
}
