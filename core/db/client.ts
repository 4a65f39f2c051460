import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../../prisma/generated/client.ts';

export { Prisma, PrismaClient };

/** A client or an open transaction: use cases accept either, so callers decide the unit of work. */
export type Db = PrismaClient | Prisma.TransactionClient;

export function createPrismaClient(
  databaseUrl: string,
  options: { maxConnections?: number } = {},
): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}

/** True when a write failed on a unique constraint: the row is already there. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
