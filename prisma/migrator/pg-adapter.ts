import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
} from '@prisma/driver-adapter-utils';
import pg from 'pg';
import { MAINTENANCE_DATABASE, quoteIdentifier, withDatabase } from './database-url.ts';

/**
 * A driver-adapter factory for the WASM schema engine, built on @prisma/adapter-pg with the three
 * workarounds it needs (see /work/shared/notes/toolchain.md):
 *  - the engine's catalog queries return PostgreSQL's internal "char" type (OID 18), which adapter-pg
 *    cannot decode: such columns are relabelled as text before adapter-pg sees them (and the one the
 *    engine reads as a character, a constraint's type, is handed back as one);
 *  - adapter-pg's own shadow database is dropped while its pool is still open: ours closes the pool
 *    first and drops WITH (FORCE);
 *  - adapter-pg runs scripts split on ";", which breaks function bodies and quoted semicolons: ours
 *    sends each script whole (the simple query protocol runs it as one implicit transaction).
 * Every pool it opens is closed by close(), so nothing keeps the process alive afterwards.
 */
export interface MigrationAdapterFactory extends SqlMigrationAwareDriverAdapterFactory {
  close(): Promise<void>;
}

const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function relabelCharColumns<T>(result: T): T {
  for (const one of Array.isArray(result) ? result : [result]) {
    for (const field of (one as QueryResultLike | undefined)?.fields ?? []) {
      if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
    }
  }
  return result;
}

/** Wraps client.query so that every result (promise or callback style) has "char" columns relabelled. */
function decodeCharAsText(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const patched = (...args: unknown[]): unknown => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      args[args.length - 1] = (error: unknown, result: unknown) =>
        callback(error, error ? result : relabelCharColumns(result));
      return original(...args);
    }
    const out = original(...args);
    return out instanceof Promise ? out.then(relabelCharColumns) : out;
  };
  (client as unknown as { query: typeof patched }).query = patched;
}

function createPool(connectionString: string): pg.Pool {
  // One connection is all the engine needs; a short idle timeout keeps a forgotten pool from lingering.
  const pool = new pg.Pool({ connectionString, max: 2, idleTimeoutMillis: 1_000 });
  pool.on('connect', decodeCharAsText);
  pool.on('error', () => {
    // An idle client lost its connection (e.g. the database was dropped WITH (FORCE)): nothing to do.
  });
  return pool;
}

function toDriverAdapterError(error: unknown): unknown {
  if (error instanceof pg.DatabaseError) {
    return new DriverAdapterError({
      kind: 'postgres',
      code: error.code ?? 'XX000',
      severity: error.severity ?? 'ERROR',
      message: error.message,
      detail: error.detail,
      column: error.column,
      hint: error.hint,
      originalCode: error.code,
      originalMessage: error.message,
    });
  }
  return error;
}

/** adapter-pg's adapter with executeScript replaced and dispose extended. */
class WholeScriptAdapter implements SqlDriverAdapter {
  readonly provider: SqlDriverAdapter['provider'];
  readonly adapterName: string;

  constructor(
    private readonly inner: SqlDriverAdapter,
    private readonly pool: pg.Pool,
    private readonly onDispose: () => Promise<void>,
  ) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
  }

  async queryRaw(query: SqlQuery) {
    const result = await this.inner.queryRaw(query);
    // The engine reads a CHECK constraint's type (pg_constraint.contype, a "char") as a character;
    // relabelled as text above, it would not convert, and the engine panics describing the table.
    const index = result.columnNames.indexOf('constraint_type');
    if (index >= 0 && result.columnTypes[index] === ColumnTypeEnum.Text) {
      result.columnTypes[index] = ColumnTypeEnum.Character;
    }
    return result;
  }

  executeRaw(query: SqlQuery) {
    return this.inner.executeRaw(query);
  }

  startTransaction(isolationLevel?: IsolationLevel) {
    return this.inner.startTransaction(isolationLevel);
  }

  getConnectionInfo() {
    return this.inner.getConnectionInfo?.() ?? { supportsRelationJoins: true };
  }

  async executeScript(script: string): Promise<void> {
    try {
      await this.pool.query(script);
    } catch (error) {
      throw toDriverAdapterError(error);
    }
  }

  async dispose(): Promise<void> {
    await this.inner.dispose();
    await this.onDispose();
  }
}

export function createMigrationAdapterFactory(databaseUrl: string): MigrationAdapterFactory {
  const openPools = new Set<pg.Pool>();
  const openShadows = new Map<string, pg.Pool>();

  const endPool = async (pool: pg.Pool) => {
    if (!openPools.delete(pool)) return;
    await pool.end();
  };

  const adaptPool = async (pool: pg.Pool, onDispose: () => Promise<void>): Promise<SqlDriverAdapter> => {
    const inner = await new PrismaPg(pool).connect();
    return new WholeScriptAdapter(inner, pool, onDispose);
  };

  const dropShadow = async (name: string) => {
    const pool = openShadows.get(name);
    if (!pool) return;
    openShadows.delete(name);
    // Close our own connections first, then force out anything the engine left behind.
    await endPool(pool);
    const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, MAINTENANCE_DATABASE) });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  };

  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',

    async connect() {
      const pool = createPool(databaseUrl);
      openPools.add(pool);
      return adaptPool(pool, () => endPool(pool));
    },

    async connectToShadowDb() {
      const name = `prisma_migrate_shadow_db_${randomUUID()}`;
      const admin = new pg.Client({ connectionString: withDatabase(databaseUrl, MAINTENANCE_DATABASE) });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
      } finally {
        await admin.end();
      }
      // The shadow pool gets its own URL (not connectionString + database), which pg would let the URL override.
      const pool = createPool(withDatabase(databaseUrl, name));
      openPools.add(pool);
      openShadows.set(name, pool);
      return adaptPool(pool, () => dropShadow(name));
    },

    async close() {
      for (const name of [...openShadows.keys()]) await dropShadow(name);
      await Promise.all([...openPools].map(endPool));
    },
  };
}
