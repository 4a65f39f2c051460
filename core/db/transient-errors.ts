import { DomainError } from '../errors.ts';

/**
 * Whether the same work, tried again a little later, can succeed: the connection was lost or
 * refused, the transaction lost a race, a lock or a statement timed out. Inside a transaction none
 * of these committed anything. A connection lost during COMMIT, or during a write outside a
 * transaction, leaves the outcome unknown (the server may finish the write after the client gave
 * up): a retry is safe only because writes are claimed and keyed (the inbox claim, unique
 * constraints). Everything else (constraint violations, a DomainError, bad SQL, a bug) fails the
 * same way every time and must not be retried.
 *
 * Prisma 7 with @prisma/adapter-pg reports one failure in several shapes (see
 * test/db/transient-errors.test.ts, which produces each of them for real):
 * - model calls: PrismaClientKnownRequestError with a Prisma code (P2034, P1017, P1001) or the
 *   generic P2039, and `meta.driverAdapterError` whose `cause` holds `kind` and the SQLSTATE in
 *   `originalCode` (and in `code` when `kind` is 'postgres');
 * - `$queryRaw`/`$executeRaw`: the same with code P2010;
 * - a transaction's COMMIT: a bare DriverAdapterError with that `cause`;
 * - a connection that died under an open transaction or mid-query: pg's own plain Error, with no
 *   code, passed through untouched ("Connection terminated unexpectedly", "Client has encountered a
 *   connection error and is not queryable").
 */
export function isTransientDatabaseError(error: unknown): boolean {
  return isTransient(error, 0);
}

/** SQLSTATEs worth retrying. Class 08 (connection_exception) is matched as a whole. */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available: NOWAIT, lock_timeout
  '57014', // query_canceled: statement_timeout, pg_cancel_backend
  '57P01', // admin_shutdown: pg_terminate_backend, a fast server shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: the server is starting or recovering
  '53300', // too_many_connections
]);

const TRANSIENT_PRISMA_CODES = new Set([
  'P1001', // can't reach the database server
  'P1002', // the server was reached but timed out
  'P1008', // operation timed out (the adapter's SocketTimeout)
  'P1017', // the server closed the connection
  'P2024', // timed out fetching a connection from the pool
  'P2034', // write conflict or deadlock: "please retry your transaction"
  'P2037', // too many connections
]);

/** The adapter's own names for the failures above (on `meta.driverAdapterError.cause.kind`). */
const TRANSIENT_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TransactionWriteConflict',
  'TooManyConnections',
]);

const TRANSIENT_NODE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * pg's errors for a lost connection carry no code at all, and the adapter passes them through, so
 * the message is all there is. These are pg 8's exact texts.
 */
const PG_CONNECTION_LOST = new Set([
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Query read timeout',
]);

/**
 * P2028 covers several transaction-API failures. A transaction that expired (its connection hung)
 * or could not start in time (the pool was exhausted) committed nothing. One used after it was
 * committed or rolled back, or never found, is a transaction that escaped its callback: a bug.
 */
const TRANSIENT_P2028 = /expired transaction|Unable to start a transaction/;

/** Deep enough for Prisma error → driverAdapterError → cause, and a few wrappers around that. */
const MAX_DEPTH = 8;

function isTransient(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return false;
  // A refusal is the answer, not a failure; its cause (if any) was already judged by whoever threw it.
  if (value instanceof DomainError) return false;
  const record = value as Record<string, unknown>;
  // Telegram's failures (grammY's GrammyError, HttpError) are not the database's: their callers decide.
  if (record.name === 'GrammyError' || record.name === 'HttpError') return false;

  const code = typeof record.code === 'string' ? record.code : undefined;
  if (code !== undefined) {
    if (code === 'P2028') return TRANSIENT_P2028.test(String(record.message));
    if (TRANSIENT_PRISMA_CODES.has(code) || TRANSIENT_NODE_CODES.has(code) || isTransientSqlState(code))
      return true;
  }
  if (typeof record.originalCode === 'string' && isTransientSqlState(record.originalCode)) return true;
  if (typeof record.kind === 'string' && TRANSIENT_ADAPTER_KINDS.has(record.kind)) return true;
  if (code === undefined && value instanceof Error && PG_CONNECTION_LOST.has(value.message)) return true;

  const meta = record.meta as Record<string, unknown> | undefined;
  const nested = [
    record.cause,
    meta?.driverAdapterError,
    // grammY's BotError wraps what a middleware threw as `error`.
    record.name === 'BotError' ? record.error : undefined,
    ...(Array.isArray(record.errors) ? record.errors : []),
  ];
  return nested.some((inner) => isTransient(inner, depth + 1));
}

function isTransientSqlState(code: string): boolean {
  return TRANSIENT_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code);
}
