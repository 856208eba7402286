import type { Express } from 'express';
import type { AppDeps } from '../deps.js';

/** `/healthz` touches nothing (the process answers); `/readyz` checks the database and answers 503 when it cannot. */
export function mountHealth(app: Express, deps: AppDeps): void {
  app.get('/healthz', (_request, response) => {
    response.type('text/plain').send('ok');
  });
  app.get('/readyz', async (_request, response) => {
    try {
      await deps.database.ping();
      response.type('text/plain').send('ready');
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      response.status(503).type('text/plain').send('database unavailable');
    }
  });
}
