import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { SQLWrapper } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import type { Config } from '../config.js';
import * as schema from './schema.js';

/** The one database type query modules take; a transaction is one too, so every query function runs inside either. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type DatabaseHandle = {
  db: Database;
  kind: 'postgres' | 'embedded';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** Called with every SQL statement drizzle sends (tests count statements; logging at debug level). */
  onQuery?: (query: string) => void;
  poolSize?: number;
  /**
   * An idle pooled connection that fails (server restart, `pg_terminate_backend`) is dropped by the pool; without a
   * listener its error would crash the process. Called so the failure is still reported.
   */
  onIdleError?: (error: Error) => void;
};

/**
 * Every session starts with pgvector's iterative index scans on (filters and the per-collection predicate on the shared
 * per-dimension index must not shrink results) and this ef_search, so a typical vector query needs no SET round trips.
 * 100 serves collections up to ~50k chunks (recall@10 vs exact 0.98 at 10k bench chunks); larger ones raise it per
 * query (retrieval/vector-leg.ts), since a high session value would make the planner scan small tables exactly.
 */
export const SESSION_EF_SEARCH = 100;
const SESSION_SETTINGS = { 'hnsw.iterative_scan': 'relaxed_order', 'hnsw.ef_search': String(SESSION_EF_SEARCH) };

export const MIGRATIONS_FOLDER = new URL('../../migrations', import.meta.url).pathname;

/** Opens the configured database: a `pg` Pool for DATABASE_URL, or PGlite with pgvector persisted in the data dir. */
export async function openDatabase(
  database: Config['database'],
  { onQuery, poolSize = 10, onIdleError = (error) => console.warn('idle database connection failed:', error.message) }: DatabaseOptions = {},
): Promise<DatabaseHandle> {
  const logger = onQuery === undefined ? false : { logQuery: (query: string) => onQuery(query) };
  switch (database.kind) {
    case 'postgres': {
      const options = Object.entries(SESSION_SETTINGS).map(([name, value]) => `-c ${name}=${value}`).join(' ');
      const pool = new pg.Pool({ connectionString: database.url, max: poolSize, options });
      pool.on('error', onIdleError);
      const db = drizzleNodePg({ client: pool, schema, logger }) as unknown as Database;
      return {
        db,
        kind: 'postgres',
        migrate: () => migrateNodePg(drizzleNodePg({ client: pool }), { migrationsFolder: MIGRATIONS_FOLDER }),
        ping: async () => void (await pool.query('SELECT 1')),
        close: () => pool.end(),
      };
    }
    case 'embedded': {
      // `memory://` keeps the database in memory (tests, throwaway runs); anything else is a directory on disk.
      if (!database.dataDir.startsWith('memory://')) mkdirSync(database.dataDir, { recursive: true });
      const client = await PGlite.create(database.dataDir, { extensions: { vector } });
      // PGlite is one backend: session settings made here hold for every query.
      for (const [name, value] of Object.entries(SESSION_SETTINGS)) await client.query(`SELECT set_config($1, $2, false)`, [name, value]);
      const db = drizzlePglite({ client, schema, logger }) as unknown as Database;
      return {
        db,
        kind: 'embedded',
        migrate: () => migratePglite(drizzlePglite({ client }), { migrationsFolder: MIGRATIONS_FOLDER }),
        ping: async () => void (await client.query('SELECT 1')),
        close: () => client.close(),
      };
    }
    default: {
      const unreachable: never = database;
      throw new Error(`unknown database kind ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Runs raw SQL and returns its rows; both drivers answer `{ rows }`. */
export async function selectRows<Row>(db: Database, query: SQLWrapper): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}
