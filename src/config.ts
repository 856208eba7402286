import { z } from 'zod';

/**
 * The only reader of `process.env`. Every setting is validated once at start-up; a bad value stops the process
 * with a message naming the variable and what it expects.
 */
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const configSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: optionalString.pipe(z.url({ protocol: /^postgres(ql)?$/ }).optional()),
    RAGWAY_DATA_DIR: z.string().min(1).default('./.ragway'),
    REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
    EMBEDDINGS_PROVIDER: z.enum(['local', 'openai']).default('local'),
    EMBEDDINGS_MODEL: optionalString,
    EMBEDDINGS_DIMENSION: positiveInt(384).pipe(z.number().max(2000)),
    EMBEDDINGS_BATCH_SIZE: positiveInt(256).pipe(z.number().max(512)),
    EMBEDDINGS_CONCURRENCY: positiveInt(4),
    EMBEDDINGS_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(4),
    EMBEDDINGS_TIMEOUT_MS: positiveInt(30_000),
    OPENAI_API_KEY: optionalString,
    OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
    MAX_DOCUMENT_BYTES: positiveInt(5 * 1024 * 1024),
    SEARCH_MAX_LIMIT: positiveInt(100),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((value, context) => {
    if (value.EMBEDDINGS_PROVIDER === 'openai' && value.OPENAI_API_KEY === undefined && value.OPENAI_BASE_URL === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['OPENAI_API_KEY'],
        message: 'EMBEDDINGS_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)',
      });
    }
  });

export type Config = Readonly<{
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };
  redisUrl: string | undefined;
  embeddings: {
    provider: 'local' | 'openai';
    model: string;
    dimension: number;
    batchSize: number;
    concurrency: number;
    maxRetries: number;
    timeoutMs: number;
  };
  openai: { apiKey: string | undefined; baseUrl: string | undefined };
  limits: { maxDocumentBytes: number; searchMaxLimit: number };
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';
export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';

/** Parses an environment (default: `process.env`) into the frozen config, or throws a ConfigError naming each bad variable. */
export function loadConfig(environment: Record<string, string | undefined> = process.env): Config {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(env)'}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const config: Config = {
    port: env.PORT,
    host: env.HOST,
    database:
      env.DATABASE_URL === undefined
        ? { kind: 'embedded' as const, dataDir: env.RAGWAY_DATA_DIR }
        : { kind: 'postgres' as const, url: env.DATABASE_URL },
    redisUrl: env.REDIS_URL,
    embeddings: {
      provider: env.EMBEDDINGS_PROVIDER,
      model:
        env.EMBEDDINGS_MODEL ??
        (env.EMBEDDINGS_PROVIDER === 'openai' ? DEFAULT_OPENAI_EMBEDDING_MODEL : LOCAL_EMBEDDING_MODEL),
      dimension: env.EMBEDDINGS_DIMENSION,
      batchSize: env.EMBEDDINGS_BATCH_SIZE,
      concurrency: env.EMBEDDINGS_CONCURRENCY,
      maxRetries: env.EMBEDDINGS_MAX_RETRIES,
      timeoutMs: env.EMBEDDINGS_TIMEOUT_MS,
    },
    openai: { apiKey: env.OPENAI_API_KEY, baseUrl: env.OPENAI_BASE_URL },
    limits: { maxDocumentBytes: env.MAX_DOCUMENT_BYTES, searchMaxLimit: env.SEARCH_MAX_LIMIT },
    logLevel: env.LOG_LEVEL,
  };
  return Object.freeze(config);
}
