import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import express, { type ErrorRequestHandler } from 'express';
import type { AppDeps } from '../deps.js';
import { createContext, type GraphQLContext } from '../graphql/context.js';
import { createFormatError } from '../graphql/errors.js';
import { buildSchema } from '../graphql/schema.js';
import { renderConsolePage } from './console-page.js';
import { mountHealth } from './health.js';
import { uploadMiddleware } from './upload.js';
import { attachGraphQLWebSocket } from './ws.js';
import { mountMetrics } from './metrics.js';

export type RunningServer = { url: string; server: Server; stop(): Promise<void> };

/**
 * express 5 + Apollo on one `http.Server`: POST/GET /graphql, the offline console for browsers, health endpoints.
 * The JSON body limit leaves room for a maximum-size document after JSON escaping; past it clients get a GraphQL-shaped
 * PAYLOAD_TOO_LARGE error instead of an HTML page.
 */
export async function startHttpServer(deps: AppDeps, { port, host }: { port: number; host: string }): Promise<RunningServer> {
  const app = express();
  const server = createServer(app);
  const schema = buildSchema();
  const webSocket = attachGraphQLWebSocket(deps, { server, schema, path: '/graphql' });
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    formatError: createFormatError(deps.logger),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer: server }), webSocket, ApolloServerPluginLandingPageDisabled()],
    includeStacktraceInErrorResponses: false,
  });
  await apollo.start();
  mountHealth(app, deps);
  mountMetrics(app, deps);
  app.get('/graphql', (request, response, next) => {
    const wantsPage = request.accepts(['application/json', 'text/html']) === 'text/html' && request.query['query'] === undefined;
    if (!wantsPage) return next();
    response.type('html').send(renderConsolePage({ endpoint: '/graphql' }));
  });
  const bodyLimit = deps.config.limits.maxDocumentBytes * 2 + 1024 * 1024;
  app.use(
    '/graphql',
    uploadMiddleware(deps),
    express.json({ limit: bodyLimit }),
    expressMiddleware(apollo, { context: async () => createContext(deps) }),
  );
  app.use(jsonErrors(deps));
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}/graphql`,
    server,
    stop: () => apollo.stop(),
  };
}

function jsonErrors(deps: AppDeps): ErrorRequestHandler {
  return (error: { type?: string; status?: number }, _request, response, _next) => {
    if (error.type === 'entity.too.large') {
      response.status(413).json({ errors: [{ message: 'request body is too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      return;
    }
    if (error.type === 'entity.parse.failed') {
      response.status(400).json({ errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
      return;
    }
    deps.logger.error({ err: error }, 'unhandled HTTP error');
    response.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  };
}
