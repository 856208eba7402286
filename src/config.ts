import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
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
    // Prepended to every Redis key, so deployments (or test runs) can share one Redis without sharing entries.
    CACHE_KEY_PREFIX: z.string().regex(/^[\w:.-]*$/, 'letters, digits, "_", ":", "." or "-"').default(''),
    CACHE_SEARCH_TTL_SECONDS: positiveInt(300),
    CACHE_EMBEDDING_TTL_SECONDS: positiveInt(7 * 24 * 3600),
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
    DUPLICATE_THRESHOLD: optionalString.transform((value) => (value === undefined ? undefined : Number(value))).pipe(z.number().min(0).max(1).optional()),
    MAX_UPLOAD_FILE_BYTES: positiveInt(50 * 1024 * 1024),
    MAX_UPLOAD_FILES: positiveInt(100),
    MAX_UPLOAD_REQUEST_BYTES: positiveInt(200 * 1024 * 1024),
    // A DOCX is a zip: its declared and actual decompressed size are both held to this, so a zip bomb fails alone.
    MAX_UNCOMPRESSED_BYTES: positiveInt(100 * 1024 * 1024),
    SPOOL_DIR: optionalString,
    JOB_QUEUE_PREFIX: z.string().regex(/^[\w:.-]+$/, 'letters, digits, "_", ":", "." or "-"').default('ragway'),
    JOB_CONCURRENCY: positiveInt(2).pipe(z.number().max(64)),
    JOB_LOCK_MS: positiveInt(30_000).pipe(z.number().min(500)),
    LLM_PROVIDER: optionalString.pipe(z.enum(['openai', 'extractive']).optional()),
    CHAT_MODEL: optionalString,
    LLM_TIMEOUT_MS: positiveInt(30_000),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    ANSWER_CONTEXT_TOKENS: positiveInt(3000).pipe(z.number().min(256).max(200_000)),
    ANSWER_CACHE_TTL_SECONDS: positiveInt(86_400),
    LLM_LOG_RETENTION_DAYS: positiveInt(180),
    /** Partial HNSW indexes the chunk vectors of a dimension are split into (db/vector-index.ts); a change rebuilds them at start-up. */
    VECTOR_INDEX_SEGMENTS: z.enum(['1', '2', '4', '8', '16']).default('1').transform(Number),
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
    if (value.LLM_PROVIDER === 'openai' && value.OPENAI_API_KEY === undefined && value.OPENAI_BASE_URL === undefined) {
      context.addIssue({
        code: 'custom',
        path: ['LLM_PROVIDER'],
        message: 'LLM_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a compatible server)',
      });
    }
  });

export type Config = Readonly<{
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };
  redisUrl: string | undefined;
  cache: { keyPrefix: string; ttlSeconds: { search: number; embedding: number; answer: number } };
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
  /** Chunk vector index layout: `segments` partial HNSW indexes per dimension, walked side by side. */
  vectorIndex: { segments: number };
  /** Duplicate-question threshold in [0, 1]; undefined ⇒ the embedding model's calibrated or documented default. */
  dedup: { duplicateThreshold: number | undefined };
  uploads: { maxFileBytes: number; maxFiles: number; maxRequestBytes: number; maxUncompressedBytes: number; spoolDir: string };
  /** Ingestion jobs: a BullMQ queue under `queuePrefix` when REDIS_URL is set, else in-process. */
  jobs: { queuePrefix: string; concurrency: number; lockMs: number };
  llm: { provider: 'openai' | 'extractive'; model: string; timeoutMs: number; maxRetries: number; logRetentionDays: number };
  answers: { contextTokens: number; cacheTtlSeconds: number };
  logLevel: z.infer<typeof configSchema>['LOG_LEVEL'];
}>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEFAULT_OPENAI_EMBEDDING_MODEL = 'text-embedding-3-small';
export const LOCAL_EMBEDDING_MODEL = 'local-hash-v1';
export const EXTRACTIVE_CHAT_MODEL = 'extractive-v1';
const DEFAULT_OPENAI_CHAT_MODEL = 'gpt-4o-mini';

/**
 * The answering model: LLM_PROVIDER when set; otherwise `openai` only when CHAT_MODEL and an endpoint (OPENAI_API_KEY
 * or OPENAI_BASE_URL) are both configured, so an embeddings-only OpenAI setup never starts calling a chat model.
 */
function resolveLlmProvider(env: z.infer<typeof configSchema>): 'openai' | 'extractive' {
  if (env.LLM_PROVIDER !== undefined) return env.LLM_PROVIDER;
  const endpoint = env.OPENAI_API_KEY !== undefined || env.OPENAI_BASE_URL !== undefined;
  return endpoint && env.CHAT_MODEL !== undefined ? 'openai' : 'extractive';
}

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
    cache: {
      keyPrefix: env.CACHE_KEY_PREFIX,
      // One knob for answers: ANSWER_CACHE_TTL_SECONDS (the answering service's) also bounds cached answers here.
      ttlSeconds: { search: env.CACHE_SEARCH_TTL_SECONDS, embedding: env.CACHE_EMBEDDING_TTL_SECONDS, answer: env.ANSWER_CACHE_TTL_SECONDS },
    },
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
    vectorIndex: { segments: env.VECTOR_INDEX_SEGMENTS },
    dedup: { duplicateThreshold: env.DUPLICATE_THRESHOLD },
    uploads: uploadsConfig(env),
    jobs: { queuePrefix: env.JOB_QUEUE_PREFIX, concurrency: env.JOB_CONCURRENCY, lockMs: env.JOB_LOCK_MS },
    llm: llmConfig(env),
    answers: { contextTokens: env.ANSWER_CONTEXT_TOKENS, cacheTtlSeconds: env.ANSWER_CACHE_TTL_SECONDS },
    logLevel: env.LOG_LEVEL,
  };
  return Object.freeze(config);
}

function llmConfig(env: z.infer<typeof configSchema>): Config['llm'] {
  const provider = resolveLlmProvider(env);
  return {
    provider,
    model: provider === 'openai' ? (env.CHAT_MODEL ?? DEFAULT_OPENAI_CHAT_MODEL) : EXTRACTIVE_CHAT_MODEL,
    timeoutMs: env.LLM_TIMEOUT_MS,
    maxRetries: env.LLM_MAX_RETRIES,
    logRetentionDays: env.LLM_LOG_RETENTION_DAYS,
  };
}

/**
 * Uploads are spooled to disk until a job has ingested them: by default beside the embedded database, or in the OS
 * temp directory for PostgreSQL and in-memory runs. Separate worker processes must see the same SPOOL_DIR.
 */
function uploadsConfig(env: z.infer<typeof configSchema>): Config['uploads'] {
  const onDisk = env.DATABASE_URL === undefined && !env.RAGWAY_DATA_DIR.startsWith('memory://');
  const defaultSpool = onDisk ? join(env.RAGWAY_DATA_DIR, 'spool') : join(tmpdir(), 'ragway-spool');
  return {
    maxFileBytes: env.MAX_UPLOAD_FILE_BYTES,
    maxFiles: env.MAX_UPLOAD_FILES,
    maxRequestBytes: env.MAX_UPLOAD_REQUEST_BYTES,
    maxUncompressedBytes: env.MAX_UNCOMPRESSED_BYTES,
    spoolDir: resolve(env.SPOOL_DIR ?? defaultSpool),
  };
}
