import type { Express } from 'express';
import type { AppDeps } from '../deps.js';

/**
 * `/healthz` touches nothing (the process answers). `/readyz` needs the database (503 without it) and reports the
 * cache: the cache is an accelerator that fails open, so a replica with Redis down still serves every request
 * correctly, only slower. It stays ready (200) with `cache: degraded` in the body, rather than being pulled out of
 * the load balancer — which, with Redis shared by all replicas, would take every replica out at once.
 */
export function mountHealth(app: Express, deps: AppDeps): void {
  app.get('/healthz', (_request, response) => {
    response.type('text/plain').send('ok');
  });
  app.get('/readyz', async (_request, response) => {
    const cacheLine = `cache: ${deps.cache.kind} ${(await deps.cache.ping()) ? 'ok' : 'degraded (serving uncached)'}`;
    try {
      await deps.database.ping();
      response.type('text/plain').send(`ready\ndatabase: ok\n${cacheLine}\n`);
    } catch (error) {
      deps.logger.warn({ err: error }, 'readiness check failed');
      response.status(503).type('text/plain').send(`database unavailable\n${cacheLine}\n`);
    }
  });
}
