import type { Express } from 'express';
import type { AppDeps } from '../deps.js';

/**
 * `/metrics` in the Prometheus text format, from this app's own registry (`deps.metrics`, created by `buildApp`):
 * cache hits/misses per kind, cache errors per operation, and the Node process defaults. Unauthenticated like the
 * health endpoints; expose it only on a network the scraper shares.
 */
export function mountMetrics(app: Express, deps: AppDeps): void {
  app.get('/metrics', async (_request, response) => {
    try {
      const body = await deps.metrics.metrics();
      response.type(deps.metrics.contentType).send(body);
    } catch (error) {
      deps.logger.error({ err: error }, 'collecting metrics failed');
      response.status(500).type('text/plain').send('metrics unavailable');
    }
  });
}
