import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Cache } from './cache.js';
import type { CacheMetrics, CacheOperation } from './cache-metrics.js';

export type RedisCacheOptions = {
  url: string;
  /** Prepended to every key (ioredis `keyPrefix`): deployments or test runs sharing one Redis stay apart. */
  keyPrefix?: string;
  logger: Logger;
  metrics: CacheMetrics;
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  maxReconnectDelayMs?: number;
  /** After a command times out, Redis is skipped for this long instead of every request paying the timeout. */
  breakerMs?: number;
  /** How long start-up waits for the first connection before serving uncached. */
  readyWaitMs?: number;
};

/**
 * The Redis cache (DESIGN §9). Redis is an accelerator, never a dependency of a request's success:
 * - no offline queue and no resend after reconnect, so a disconnected client answers "miss" at once;
 * - a short command timeout bounds a hung Redis, and a breaker then skips it for `breakerMs`, so a hung Redis
 *   costs one timeout per breaker window rather than one per request;
 * - reconnects forever with capped exponential backoff, so recovery needs no restart;
 * - every failed or skipped operation counts in `ragway_cache_errors_total{op}`; the first failure is logged once
 *   and the log stays quiet until Redis answers again (which is logged too).
 * @default keyPrefix '', commandTimeoutMs 200, connectTimeoutMs 1000, maxReconnectDelayMs 2000, breakerMs 1000, readyWaitMs 1000
 */
export async function openRedisCache({
  url,
  keyPrefix = '',
  logger,
  metrics,
  commandTimeoutMs = 200,
  connectTimeoutMs = 1000,
  maxReconnectDelayMs = 2000,
  breakerMs = 1000,
  readyWaitMs = 1000,
}: RedisCacheOptions): Promise<Cache> {
  const client = new Redis(url, {
    keyPrefix,
    commandTimeout: commandTimeoutMs,
    connectTimeout: connectTimeoutMs,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 10), maxReconnectDelayMs),
  });
  const health = trackHealth({ logger, metrics, target: redactedTarget(url) });
  client.on('error', (error: unknown) => health.failed('connect', error));
  client.on('ready', health.recovered);
  let skipUntil = 0;

  const run = async <T>(op: CacheOperation, command: () => Promise<T>, fallback: T): Promise<T> => {
    if (client.status !== 'ready' || performance.now() < skipUntil) {
      health.failed(op, `redis connection is ${client.status === 'ready' ? 'skipped after a timeout' : client.status}`);
      return fallback;
    }
    try {
      const result = await command();
      health.recovered();
      return result;
    } catch (error) {
      if (error instanceof Error && /timed out/i.test(error.message)) skipUntil = performance.now() + breakerMs;
      health.failed(op, error);
      return fallback;
    }
  };

  await firstConnection(client, readyWaitMs);
  return {
    kind: 'redis',
    get: (key) => run('get', async () => (await client.get(key)) ?? undefined, undefined),
    set: (key, value, ttlSeconds) =>
      run('set', async () => void (await client.set(key, value, 'PX', Math.max(1, Math.round(ttlSeconds * 1000)))), undefined),
    delete: (key) => run('delete', async () => void (await client.del(key)), undefined),
    ping: async () => client.status === 'ready' && (await client.ping().then(() => true, () => false)),
    close: async () => {
      client.removeAllListeners('error');
      client.on('error', () => {}); // a late socket error after close must not become an unhandled 'error' event
      client.disconnect();
    },
  };
}

/** Log-once bookkeeping: counts every failure, logs the first of an outage and the recovery that ends it. */
function trackHealth({ logger, metrics, target }: { logger: Logger; metrics: CacheMetrics; target: string }) {
  let failing = false;
  return {
    failed(op: CacheOperation, cause: unknown) {
      metrics.errors.inc({ op });
      if (failing) return;
      failing = true;
      logger.warn({ err: cause, op, redis: target }, 'cache unavailable: serving uncached until Redis answers again');
    },
    recovered() {
      if (!failing) return;
      failing = false;
      logger.info({ redis: target }, 'cache recovered');
    },
  };
}

/** Waits for the first `ready` (or a first error, or the deadline): start-up neither blocks on a dead Redis nor races a live one. */
async function firstConnection(client: Redis, waitMs: number): Promise<void> {
  if (client.status === 'ready') return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      client.off('ready', done);
      client.off('error', done);
      resolve();
    };
    const timer = setTimeout(done, waitMs);
    client.once('ready', done);
    client.once('error', done);
  });
}

function redactedTarget(url: string): string {
  const parsed = new URL(url);
  parsed.password = '';
  parsed.username = '';
  return parsed.toString();
}
