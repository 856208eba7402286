import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { regconfig, tsvector, vector } from './columns.js';

/*
 * Every table carries tenant_id so the schema can later be distributed by tenant (Citus), and every query filters by it.
 * BM25 statistics live beside the data they describe and change in the same transaction as the chunks (DESIGN §3, §6).
 */

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const collections = pgTable(
  'collections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    textSearchConfig: regconfig('text_search_config').notNull().default('english'),
    /** `standard`: the config's own parser. `cjk-bigram`: Hangul/Han/Kana runs are indexed as overlapping bigrams. */
    tokenizer: text('tokenizer', { enum: ['standard', 'cjk-bigram'] }).notNull().default('standard'),
    chunkSize: integer('chunk_size').notNull(),
    chunkOverlap: integer('chunk_overlap').notNull(),
    embeddingProvider: text('embedding_provider').notNull(),
    embeddingModel: text('embedding_model').notNull(),
    embeddingDimension: integer('embedding_dimension').notNull(),
    bm25K1: doublePrecision('bm25_k1').notNull().default(1.2),
    bm25B: doublePrecision('bm25_b').notNull().default(0.75),
    /** Bumped by every write to the collection; cache keys include it. */
    version: bigint('version', { mode: 'number' }).notNull().default(0),
    /** BM25 corpus statistics: N and Σ dl over the collection's chunks. */
    chunkCount: bigint('chunk_count', { mode: 'number' }).notNull().default(0),
    totalTermCount: bigint('total_term_count', { mode: 'number' }).notNull().default(0),
    /**
     * The average chunk length the postings' `impact` bounds were computed with: frozen by the first write and
     * re-frozen only when the real average drifts far in a small collection (see bm25-stats.ts). 0 = no postings yet.
     */
    bm25AvgdlRef: doublePrecision('bm25_avgdl_ref').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique('collections_tenant_name_key').on(table.tenantId, table.name)],
);

export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    title: text('title'),
    source: text('source'),
    mimeType: text('mime_type').notNull(),
    contentHash: text('content_hash').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['ready'] }).notNull().default('ready'),
    charCount: integer('char_count').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('documents_collection_external_id_key').on(table.collectionId, table.externalId),
    index('documents_tenant_idx').on(table.tenantId),
  ],
);

export const chunks = pgTable(
  'chunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id').notNull(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    ordinal: integer('ordinal').notNull(),
    content: text('content').notNull(),
    contentHash: text('content_hash').notNull(),
    tokenCount: integer('token_count').notNull(),
    charStart: integer('char_start').notNull(),
    charEnd: integer('char_end').notNull(),
    headingPath: text('heading_path').array().notNull().default(sql`'{}'::text[]`),
    page: integer('page'),
    /** A copy of the document's metadata, so metadata filters apply inside the index scans of both legs. */
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    textSearchConfig: regconfig('text_search_config').notNull(),
    /** The text the tsvector indexes when it differs from `content` (CJK runs expanded to bigrams); null = content. */
    indexText: text('index_text'),
    tsv: tsvector('tsv')
      .notNull()
      .generatedAlwaysAs(sql`to_tsvector("text_search_config", coalesce("index_text", "content"))`),
    /** Set when this chunk is a near-identical copy of an earlier chunk in the collection (retrieval may collapse it). */
    duplicateOf: uuid('duplicate_of'),
    /** BM25 document length: number of indexed term occurrences (Σ tf). */
    termCount: integer('term_count').notNull().default(0),
    embeddingDimension: integer('embedding_dimension').notNull(),
    embedding: vector('embedding').notNull(),
  },
  (table) => [
    unique('chunks_document_ordinal_key').on(table.documentId, table.ordinal),
    index('chunks_collection_idx').on(table.collectionId),
    index('chunks_tsv_idx').using('gin', table.tsv),
    index('chunks_metadata_idx').using('gin', sql`${table.metadata} jsonb_path_ops`),
  ],
);

/**
 * BM25 postings: one row per (term, chunk) with tf and the chunk's length, so scoring needs no join to chunks, and
 * the posting's impact bound, so a query can read each term's postings best-first and stop early (bm25-leg.ts).
 */
export const bm25Postings = pgTable(
  'bm25_postings',
  {
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id').notNull(),
    term: text('term').notNull(),
    chunkId: uuid('chunk_id').notNull(),
    termFrequency: integer('tf').notNull(),
    chunkLength: integer('dl').notNull(),
    /**
     * tf·(k1+1) / (tf + k1·(1 − b + b·dl/avgdl_ref)) with the collection's frozen `bm25_avgdl_ref`. Unknown (+∞, the
     * default for rows written before this column existed) is safe: such a posting is always read, never skipped.
     */
    impact: doublePrecision('impact').notNull().default(sql`'Infinity'::double precision`),
  },
  (table) => [
    primaryKey({ columns: [table.collectionId, table.term, table.chunkId] }),
    // Best-first per term; tf, dl and chunk_id ride along so the early-terminating scan is index-only.
    index('bm25_postings_impact_idx').on(table.collectionId, table.term, table.impact.desc(), table.chunkId, table.termFrequency, table.chunkLength),
  ],
);

/** BM25 document frequency per term and collection. */
export const bm25Terms = pgTable(
  'bm25_terms',
  {
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    term: text('term').notNull(),
    documentFrequency: integer('df').notNull(),
  },
  (table) => [primaryKey({ columns: [table.collectionId, table.term] })],
);

/** Questions asked or submitted, for duplicate detection (DESIGN §8); `canonical_id` links a duplicate to its original. */
export const questions = pgTable(
  'questions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    text: text('text').notNull(),
    normalizedText: text('normalized_text').notNull(),
    normalizedHash: text('normalized_hash').notNull(),
    canonicalId: uuid('canonical_id'),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    embeddingDimension: integer('embedding_dimension').notNull(),
    embedding: vector('embedding').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('questions_collection_external_id_key').on(table.collectionId, table.externalId),
    index('questions_collection_hash_idx').on(table.collectionId, table.normalizedHash),
    index('questions_canonical_idx').on(table.canonicalId),
  ],
);

/**
 * Semantic answer cache (DESIGN §7): a stored answer with the question it answered, the retrieval parameters it
 * depends on, and the content hashes of the chunks it cites, so an edit to any cited chunk invalidates it.
 */
export const answerCache = pgTable(
  'answer_cache',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    question: text('question').notNull(),
    normalizedHash: text('normalized_hash').notNull(),
    parametersHash: text('parameters_hash').notNull(),
    embeddingDimension: integer('embedding_dimension').notNull(),
    embedding: vector('embedding').notNull(),
    answer: jsonb('answer').$type<Record<string, unknown>>().notNull(),
    citedChunks: jsonb('cited_chunks').$type<{ chunkId: string; contentHash: string }[]>().notNull().default([]),
    model: text('model').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (table) => [index('answer_cache_lookup_idx').on(table.collectionId, table.parametersHash, table.normalizedHash)],
);

/** One row per LLM call, kept for the retention period (default 180 days) and purged by a command. */
export const llmCalls = pgTable(
  'llm_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id'),
    model: text('model').notNull(),
    purpose: text('purpose').notNull(),
    promptTokens: integer('prompt_tokens'),
    completionTokens: integer('completion_tokens'),
    latencyMs: integer('latency_ms').notNull(),
    status: text('status').notNull(),
    cached: boolean('cached').notNull().default(false),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('llm_calls_created_idx').on(table.createdAt)],
);

/** Upload and batch ingestion jobs (DESIGN §4): progress and per-file errors a client can follow. */
export const ingestionJobs = pgTable(
  'ingestion_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    collectionId: uuid('collection_id')
      .notNull()
      .references(() => collections.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'PARTIAL'] }).notNull().default('QUEUED'),
    total: integer('total').notNull().default(0),
    done: integer('done').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    errors: jsonb('errors').$type<{ file: string; code: string; message: string }[]>().notNull().default([]),
    /** Files waiting to be processed (names and spool paths), so a restarted worker can resume. */
    files: jsonb('files').$type<{ name: string; path: string; size: number; state: string }[]>().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('ingestion_jobs_tenant_idx').on(table.tenantId, table.createdAt)],
);

/** API keys: only a hash is stored; role decides what a key may do; revoked keys stay for audit. */
export const apiKeys = pgTable('api_keys', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull().unique(),
  role: text('role', { enum: ['reader', 'editor', 'admin'] }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

export type QuestionRow = typeof questions.$inferSelect;
export type AnswerCacheRow = typeof answerCache.$inferSelect;
export type IngestionJobRow = typeof ingestionJobs.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;
export type CollectionRow = typeof collections.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type ChunkRow = typeof chunks.$inferSelect;
