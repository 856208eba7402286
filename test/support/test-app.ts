import pino from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { freshDatabase, type Runtime } from './databases.js';

export type TestApp = App & { runtime: Runtime; statements: string[]; dispose(): Promise<void> };

/**
 * A ragway dependency graph on a fresh database of the given runtime, built exactly as `main.ts` builds it.
 * `statements` records every SQL statement sent, for tests that bound query counts.
 */
export async function createTestApp(runtime: Runtime, environment: Record<string, string> = {}): Promise<TestApp> {
  const database = await freshDatabase(runtime);
  const statements: string[] = [];
  const config = loadConfig({ LOG_LEVEL: 'silent', ...database.environment, ...environment });
  const app = await buildApp(config, {
    logger: pino({ level: 'silent' }),
    database: { onQuery: (query) => statements.push(query), poolSize: 4 },
  });
  return {
    ...app,
    runtime,
    statements,
    dispose: async () => {
      await app.close();
      await database.drop();
    },
  };
}
