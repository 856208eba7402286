import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { startHttpServer } from './server/http.js';

// Composition root: config → dependencies → server. Nothing else in src/ has side effects on import.
async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  const { logger } = app.deps;
  const running = await startHttpServer(app.deps, { port: config.port, host: config.host });
  // Without Redis this process runs ingestion jobs: pick up the ones a previous run left unfinished.
  const resumed = await app.deps.jobs.resumeUnfinished();
  if (resumed > 0) logger.info({ resumed }, 'resuming unfinished ingestion jobs');
  const where = config.database.kind === 'embedded' ? `embedded database in ${config.database.dataDir}` : 'PostgreSQL';
  logger.info({ url: running.url, database: config.database.kind, embeddings: app.deps.embedder.model }, 'ragway ready');
  console.log(`ragway is serving GraphQL at ${running.url} (${where}, embeddings: ${app.deps.embedder.model})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining in-flight requests');
    await running.stop();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('ragway failed to start:', error);
  }
  process.exit(1);
});
