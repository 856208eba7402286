import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Runtimes the integration suites run on: always the embedded PGlite runtime, and native PostgreSQL + pgvector when
 * DATABASE_URL points at a server (CI provisions one). Each suite gets its own fresh database.
 */
export type Runtime = 'embedded' | 'postgres';

export const ADMIN_DATABASE_URL = process.env['DATABASE_URL'];

export const RUNTIMES: Runtime[] = ADMIN_DATABASE_URL === undefined ? ['embedded'] : ['postgres', 'embedded'];

if (ADMIN_DATABASE_URL === undefined) {
  console.warn('DATABASE_URL is not set: native PostgreSQL suites are skipped; only the embedded runtime is tested.');
}

export type FreshDatabase = { environment: Record<string, string>; drop(): Promise<void> };

/** Creates an empty database for one suite and returns the environment that points ragway at it. */
export async function freshDatabase(runtime: Runtime): Promise<FreshDatabase> {
  if (runtime === 'embedded') {
    return { environment: { RAGWAY_DATA_DIR: 'memory://' }, drop: async () => {} };
  }
  const adminUrl = requireAdminUrl();
  const name = `ragway_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    environment: { DATABASE_URL: url.toString() },
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {}),
  };
}

export function requireAdminUrl(): string {
  if (ADMIN_DATABASE_URL === undefined) throw new Error('DATABASE_URL must point at a PostgreSQL server for this suite');
  return ADMIN_DATABASE_URL;
}

async function withAdmin<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
