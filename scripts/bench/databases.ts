import pg from 'pg';

/**
 * The bench's own databases on the server named by BENCH_DATABASE_URL (default: local PostgreSQL as postgres).
 * Each run drops and recreates `ragway_bench_<name>`; nothing else on the server is touched.
 */
export const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freshBenchDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^ragway_bench_[a-z0-9_]+$/.test(name)) throw new Error(`bench databases are named ragway_bench_*, got ${name}`);
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops a bench database once its connections are gone. A pg pool's `end()` resolves before its sockets have
 * closed; terminating a connection still closing makes pg emit an error on that pool, which crashes a process whose
 * pool has no error listener (ragway's own pool has none), so FORCE is only the last resort after a few seconds.
 */
export async function dropBenchDatabase(serverUrl: string, name: string): Promise<void> {
  if (!name.startsWith('ragway_bench_')) throw new Error(`refusing to drop ${name}`);
  await withClient(serverUrl, async (client) => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const { rows } = await client.query<{ open: number }>('SELECT count(*)::int AS open FROM pg_stat_activity WHERE datname = $1', [name]);
      if ((rows[0]?.open ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });
}

/** Server version and pgvector version, for the table's caption. */
export async function describeServer(url: string): Promise<string> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ server: string; vector: string | null }>(
      `SELECT current_setting('server_version') AS server, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector`,
    );
    const [row] = rows;
    return `PostgreSQL ${row?.server ?? '?'}, pgvector ${row?.vector ?? '?'}`;
  });
}

export async function withClient<T>(url: string, action: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await action(client);
  } finally {
    await client.end();
  }
}
