import type { Server } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { ExecutionResult, FormattedExecutionResult, GraphQLError, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AppDeps } from '../deps.js';
import { createContext } from '../graphql/context.js';
import { createFormatError } from '../graphql/errors.js';

/**
 * GraphQL subscriptions (graphql-ws protocol) on the HTTP server's own /graphql path: WebSocket upgrades go to
 * graphql-ws, everything else to Apollo. Errors pass through the same `formatError` as HTTP, so codes and masking
 * agree. Every operation gets a fresh context: loaders must not cache rows for the lifetime of a connection.
 * The returned plugin closes every socket in Apollo's drain phase; closing a socket ends its subscriptions, which
 * cancels their work (see `askStream`).
 */
export function attachGraphQLWebSocket(deps: AppDeps, { server, schema, path }: { server: Server; schema: GraphQLSchema; path: string }): ApolloServerPlugin {
  const webSocketServer = new WebSocketServer({ server, path });
  const formatError = createFormatError(deps.logger);
  const format = (error: GraphQLError): GraphQLFormattedError => formatError(error.toJSON(), error);
  const cleanup = useServer(
    {
      schema,
      context: () => createContext(deps),
      onNext: (_context, _id, _payload, _args, result: ExecutionResult): FormattedExecutionResult => formatResult(result, format),
      onError: (_context, _id, _payload, errors) => errors.map(format),
    },
    webSocketServer,
  );
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          await cleanup.dispose();
        },
      };
    },
  };
}

function formatResult(result: ExecutionResult, format: (error: GraphQLError) => GraphQLFormattedError): FormattedExecutionResult {
  const { errors, ...rest } = result;
  return errors === undefined ? rest : { ...rest, errors: errors.map(format) };
}
