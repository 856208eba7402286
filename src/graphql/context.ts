import type { AppDeps } from '../deps.js';
import { createLoaders, type Loaders } from './loaders.js';

/** Built per request: who is asking, per-request loaders, and the shared dependencies. */
export type GraphQLContext = {
  viewer: { tenantId: string };
  loaders: Loaders;
  deps: AppDeps;
};

export function createContext(deps: AppDeps): GraphQLContext {
  // Until authentication lands every request acts as the default tenant.
  const viewer = { tenantId: deps.defaultTenantId };
  return { viewer, loaders: createLoaders(deps, viewer.tenantId), deps };
}
