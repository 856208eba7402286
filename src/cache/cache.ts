/**
 * What services need from a cache (DESIGN §9): string values with a TTL. Implementations: in-process LRU
 * (embedded default) and Redis (REDIS_URL). A cache failure must never fail a request: implementations report
 * misses instead of throwing, and count the failure.
 */
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Whether the backing store answers right now; for readiness reports, never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** What is cached; each kind has its own TTL and its own hit/miss counters. */
export type CacheKind = 'search' | 'embedding' | 'answer';
