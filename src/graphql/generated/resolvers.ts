import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CollectionRow, DocumentRow, IngestionJobRow } from '../../db/schema.js';
import type { ChunkView } from '../../db/chunks.js';
import type { SearchHitParent, SearchResultParent, CollectionConnectionParent } from '../mappers.js';
import type { IngestOutcome } from '../../ingestion/ingest.js';
import type { JobFileEntry } from '../../db/ingestion-jobs.js';
import type { AnswerOutput, AnswerCitation, RetrievalSummary, AnswerStreamEvent } from '../../answering/types.js';
import type { QuestionView } from '../../db/questions.js';
import type { DuplicateMatch } from '../../dedup/matches.js';
import type { SubmissionOutcome } from '../../dedup/questions.js';
import type { QuestionPage } from '../../dedup/editing.js';
import type { DuplicateCluster } from '../../dedup/clusters.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time string. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Any JSON value (metadata objects, filters). */
  JSON: { input: unknown; output: unknown; }
  /** A file of a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec). */
  Upload: { input: unknown; output: unknown; }
};

export type Answer = {
  __typename?: 'Answer';
  /** True when a stored answer to the same or a duplicate question was returned without calling the model. */
  cached: Scalars['Boolean']['output'];
  citations: Array<Citation>;
  /** True when the answer cites at least one retrieved chunk. */
  grounded: Scalars['Boolean']['output'];
  /** The model that wrote `text` (`extractive-v1` offline); `none` when nothing relevant was found and no model was asked. */
  model: Scalars['String']['output'];
  retrieval: RetrievalInfo;
  /** The question retrieval used, when `history` made condensing necessary. */
  standaloneQuestion: Maybe<Scalars['String']['output']>;
  /** The answer; `[n]` markers refer to `citations` by `index`. */
  text: Scalars['String']['output'];
  /** Tokens the language model reported for this answer (condensing included); null when none were used. */
  usage: Maybe<TokenUsage>;
};

export type AnswerError = {
  __typename?: 'AnswerError';
  /** One of the documented error codes, e.g. UPSTREAM_UNAVAILABLE. */
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** One event of `askStream`; the field named by `type` is set. */
export type AnswerEvent = {
  __typename?: 'AnswerEvent';
  /** DONE: the complete answer, usage included. */
  answer: Maybe<Answer>;
  /** CITATIONS: the citations kept. */
  citations: Maybe<Array<Citation>>;
  /** DELTA: the next piece of the answer text. */
  delta: Maybe<Scalars['String']['output']>;
  /** ERROR: why the stream ended early. */
  error: Maybe<AnswerError>;
  /** RETRIEVAL: the retrieved chunks. */
  sources: Maybe<Array<SearchHit>>;
  type: AnswerEventType;
};

export type AnswerEventType =
  | 'CITATIONS'
  | 'DELTA'
  | 'DONE'
  | 'ERROR'
  | 'RETRIEVAL';

export type AskInput = {
  collection: Scalars['String']['input'];
  filter?: InputMaybe<ChunkFilter>;
  /** Earlier turns, oldest first; a follow-up question is condensed into a standalone question before retrieval. */
  history?: InputMaybe<Array<ChatTurnInput>>;
  /** Chunks retrieved as candidate sources, 1..20. Default: 8. */
  limit?: InputMaybe<Scalars['Int']['input']>;
  /** Default: HYBRID. */
  mode?: InputMaybe<SearchMode>;
  question: Scalars['String']['input'];
};

export type ChatRole =
  | 'ASSISTANT'
  | 'USER';

export type ChatTurnInput = {
  content: Scalars['String']['input'];
  role: ChatRole;
};

export type Chunk = {
  __typename?: 'Chunk';
  charEnd: Scalars['Int']['output'];
  /** Character offsets of this chunk in the document's normalised text. */
  charStart: Scalars['Int']['output'];
  content: Scalars['String']['output'];
  document: Document;
  headingPath: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  ordinal: Scalars['Int']['output'];
  /** The 1-based page this chunk comes from, for paginated sources (PDF); null otherwise. */
  page: Maybe<Scalars['Int']['output']>;
  tokenCount: Scalars['Int']['output'];
};

export type ChunkFilter = {
  documentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  externalIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** JSON containment (@>) on the document's metadata. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
};

export type Citation = {
  __typename?: 'Citation';
  chunk: Chunk;
  document: Document;
  /** The source number used in the answer text as `[index]`. */
  index: Scalars['Int']['output'];
  /** The sentence of the cited chunk that best supports the claim; always a substring of `chunk.content`. */
  quote: Scalars['String']['output'];
};

export type Collection = {
  __typename?: 'Collection';
  bm25B: Scalars['Float']['output'];
  bm25K1: Scalars['Float']['output'];
  chunkCount: Scalars['Int']['output'];
  chunkOverlap: Scalars['Int']['output'];
  /** Chunk size and overlap, in tokens (cl100k_base). */
  chunkSize: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  documentCount: Scalars['Int']['output'];
  embeddingDimension: Scalars['Int']['output'];
  embeddingModel: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  /** PostgreSQL text-search configuration used for BM25 terms (e.g. english, simple). */
  textSearchConfig: Scalars['String']['output'];
  /** How text is split into terms before the text-search configuration sees it. */
  tokenizer: Tokenizer;
  /** Bumped by every write; search cursors and caches are bound to it. */
  version: Scalars['Int']['output'];
};

export type CollectionConnection = {
  __typename?: 'CollectionConnection';
  nodes: Array<Collection>;
  pageInfo: PageInfo;
};

export type CreateCollectionInput = {
  /** BM25 length normalisation. Default: 0.75. */
  bm25B?: InputMaybe<Scalars['Float']['input']>;
  /** BM25 term-frequency saturation. Default: 1.2. */
  bm25K1?: InputMaybe<Scalars['Float']['input']>;
  /** Default: 64 tokens. */
  chunkOverlap?: InputMaybe<Scalars['Int']['input']>;
  /** Default: 512 tokens. */
  chunkSize?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  /** Default: english (simple with CJK_BIGRAM). Any configuration listed in pg_ts_config. */
  textSearchConfig?: InputMaybe<Scalars['String']['input']>;
  /** Default: STANDARD. */
  tokenizer?: InputMaybe<Tokenizer>;
};

export type Document = {
  __typename?: 'Document';
  chunks: Array<Chunk>;
  collection: Collection;
  contentHash: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  externalId: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  metadata: Maybe<Scalars['JSON']['output']>;
  mimeType: Scalars['String']['output'];
  source: Maybe<Scalars['String']['output']>;
  title: Maybe<Scalars['String']['output']>;
  updatedAt: Scalars['DateTime']['output'];
};

export type FusionMethod =
  /** Min-max normalised scores: alpha * vector + (1 - alpha) * bm25. */
  | 'RELATIVE_SCORE'
  /** Reciprocal rank fusion: sum of 1 / (60 + rank) over legs. */
  | 'RRF';

export type HitExplanation = {
  __typename?: 'HitExplanation';
  bm25: Maybe<LegExplanation>;
  fusion: Scalars['String']['output'];
  vector: Maybe<LegExplanation>;
};

export type IngestBatchDocumentInput = {
  content: Scalars['String']['input'];
  externalId: Scalars['String']['input'];
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** text/plain (default), text/markdown or text/html. */
  mimeType?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type IngestDocumentInput = {
  collection: Scalars['String']['input'];
  content: Scalars['String']['input'];
  externalId: Scalars['String']['input'];
  /** A JSON object; search filters match it by containment. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  /** text/plain (default), text/markdown or text/html. */
  mimeType?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<Scalars['String']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type IngestResult = {
  __typename?: 'IngestResult';
  chunkCount: Scalars['Int']['output'];
  document: Document;
  status: IngestStatus;
};

export type IngestStatus =
  | 'CREATED'
  | 'UNCHANGED'
  | 'UPDATED';

export type IngestionJob = {
  __typename?: 'IngestionJob';
  collection: Collection;
  createdAt: Scalars['DateTime']['output'];
  /** One entry per failed file (`file: "*"` for a failure of the whole job). */
  errors: Array<JobError>;
  files: Array<JobFile>;
  finishedAt: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  progress: JobProgress;
  startedAt: Maybe<Scalars['DateTime']['output']>;
  status: JobStatus;
};

export type JobError = {
  __typename?: 'JobError';
  /** One of the documented error codes, e.g. BAD_USER_INPUT or PAYLOAD_TOO_LARGE. */
  code: Scalars['String']['output'];
  file: Scalars['String']['output'];
  /** What exactly was wrong with the file (encrypted PDF, invalid UTF-8 at offset …). */
  message: Scalars['String']['output'];
};

export type JobFile = {
  __typename?: 'JobFile';
  /** The file name (uploads) or externalId (batches): the document's externalId. */
  name: Scalars['String']['output'];
  /** Bytes received. */
  size: Scalars['Int']['output'];
  state: JobFileState;
};

export type JobFileState =
  | 'DONE'
  | 'FAILED'
  | 'PENDING';

/** `done + failed` files of `total` are processed; `done` counts documents created, updated or unchanged. */
export type JobProgress = {
  __typename?: 'JobProgress';
  done: Scalars['Int']['output'];
  failed: Scalars['Int']['output'];
  total: Scalars['Int']['output'];
};

export type JobStatus =
  /** No file was ingested. */
  | 'FAILED'
  /** Some files were ingested, some failed. */
  | 'PARTIAL'
  | 'QUEUED'
  | 'RUNNING'
  /** Every file was ingested. */
  | 'SUCCEEDED';

export type LegExplanation = {
  __typename?: 'LegExplanation';
  contribution: Scalars['Float']['output'];
  normalisedScore: Maybe<Scalars['Float']['output']>;
  rank: Scalars['Int']['output'];
  rawScore: Scalars['Float']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Creates a collection: name unique per tenant, plus optional text-search and chunking settings. */
  createCollection: Collection;
  /** Deletes a document with its chunks and statistics. False when no such document exists. */
  deleteDocument: Scalars['Boolean']['output'];
  /** Adds or replaces a document by `externalId`; identical content is a no-op reported as UNCHANGED. */
  ingestDocument: IngestResult;
  /** Ingests many inline documents as one job; each commits on its own, as with `ingestDocument`. */
  ingestDocuments: IngestionJob;
  /** An editor's correction: makes `duplicateId` (and its own duplicates) duplicates of `canonicalId`'s canonical question. */
  mergeQuestions: Question;
  /** Stores a question, linked to its canonical question when it is a duplicate. Idempotent per `externalId`. */
  submitQuestion: QuestionSubmission;
  /** An editor's correction: makes a duplicate canonical again. */
  unlinkQuestion: Question;
  /**
   * Uploads files (GraphQL multipart request spec; send the header `apollo-require-preflight: true`) into a job:
   * PDF, DOCX, HTML, Markdown or plain text, recognised by content. Each file becomes the document whose externalId is
   * its file name and commits on its own; a bad file fails alone with its reason in the job's `errors`.
   */
  uploadDocuments: IngestionJob;
};


export type MutationCreateCollectionArgs = {
  input: CreateCollectionInput;
};


export type MutationDeleteDocumentArgs = {
  id: Scalars['ID']['input'];
};


export type MutationIngestDocumentArgs = {
  input: IngestDocumentInput;
};


export type MutationIngestDocumentsArgs = {
  collection: Scalars['String']['input'];
  documents: Array<IngestBatchDocumentInput>;
};


export type MutationMergeQuestionsArgs = {
  canonicalId: Scalars['ID']['input'];
  duplicateId: Scalars['ID']['input'];
};


export type MutationSubmitQuestionArgs = {
  input: SubmitQuestionInput;
};


export type MutationUnlinkQuestionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationUploadDocumentsArgs = {
  collection: Scalars['String']['input'];
  files: Array<Scalars['Upload']['input']>;
  metadata?: InputMaybe<Scalars['JSON']['input']>;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A grounded answer with verified citations; `grounded: false` when the collection does not contain the answer. */
  ask: Answer;
  collection: Maybe<Collection>;
  collections: CollectionConnection;
  document: Maybe<Document>;
  /** The collection's questions grouped into duplicate clusters at `threshold` (default: calibrated), largest first. */
  duplicateClusters: Array<QuestionCluster>;
  /** An upload or batch ingestion job of this tenant; null when there is none with this id. */
  ingestionJob: Maybe<IngestionJob>;
  /** A collection's submitted questions, oldest first; `canonicalOnly` leaves out those linked as duplicates. `first` 1..100, default 20. */
  questions: QuestionConnection;
  search: SearchResult;
  /** Earlier questions of the collection ranked by similarity to `question`, duplicates flagged; stores nothing. */
  similarQuestions: Array<QuestionMatch>;
};


export type QueryAskArgs = {
  input: AskInput;
};


export type QueryCollectionArgs = {
  name: Scalars['String']['input'];
};


export type QueryCollectionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDocumentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryDuplicateClustersArgs = {
  collection: Scalars['String']['input'];
  threshold?: InputMaybe<Scalars['Float']['input']>;
};


export type QueryIngestionJobArgs = {
  id: Scalars['ID']['input'];
};


export type QueryQuestionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  canonicalOnly?: InputMaybe<Scalars['Boolean']['input']>;
  collection: Scalars['String']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySearchArgs = {
  input: SearchInput;
};


export type QuerySimilarQuestionsArgs = {
  input: SimilarQuestionsInput;
};

export type Question = {
  __typename?: 'Question';
  /** The question this one duplicates; null when it is canonical itself. */
  canonical: Maybe<Question>;
  createdAt: Scalars['DateTime']['output'];
  externalId: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  metadata: Maybe<Scalars['JSON']['output']>;
  text: Scalars['String']['output'];
};

export type QuestionCluster = {
  __typename?: 'QuestionCluster';
  /** The oldest question the others already link to, else the oldest. */
  canonical: Question;
  /** Every question of the cluster in submission order, the canonical one included. */
  members: Array<Question>;
  size: Scalars['Int']['output'];
};

export type QuestionConnection = {
  __typename?: 'QuestionConnection';
  nodes: Array<Question>;
  pageInfo: PageInfo;
};

export type QuestionMatch = {
  __typename?: 'QuestionMatch';
  /** Cosine similarity of the two questions' embeddings. */
  cosineSimilarity: Scalars['Float']['output'];
  /** similarity ≥ threshold, or an exact repeat (same text after case, width, punctuation and spacing are normalised). */
  isDuplicate: Scalars['Boolean']['output'];
  /** Jaccard similarity of the character bigrams of the normalised texts (works without a tokenizer, Korean included). */
  lexicalSimilarity: Scalars['Float']['output'];
  question: Question;
  /** Calibrated score in [0, 1]: w·cosine + (1 − w)·lexical − p·(share of numbers only one side mentions); 1 for an exact repeat. */
  similarity: Scalars['Float']['output'];
};

export type QuestionSubmission = {
  __typename?: 'QuestionSubmission';
  /** The canonical question the submitted one was linked to; null when it is new. */
  duplicateOf: Maybe<Question>;
  /** Earlier questions ranked as by `similarQuestions`. */
  matches: Array<QuestionMatch>;
  question: Question;
};

export type RetrievalInfo = {
  __typename?: 'RetrievalInfo';
  hits: Array<SearchHit>;
  tookMs: Scalars['Float']['output'];
};

export type SearchHit = {
  __typename?: 'SearchHit';
  bm25Rank: Maybe<Scalars['Int']['output']>;
  bm25Score: Maybe<Scalars['Float']['output']>;
  chunk: Chunk;
  explanation: Maybe<HitExplanation>;
  /** A snippet around the matched terms, with <mark> tags. */
  highlight: Maybe<Scalars['String']['output']>;
  /** Fused score (HYBRID), BM25 score (KEYWORD) or cosine similarity (VECTOR). */
  score: Scalars['Float']['output'];
  vectorRank: Maybe<Scalars['Int']['output']>;
  vectorScore: Maybe<Scalars['Float']['output']>;
};

export type SearchInput = {
  after?: InputMaybe<Scalars['String']['input']>;
  /** Weight of the vector leg for RELATIVE_SCORE, 0..1. Default: 0.5. */
  alpha?: InputMaybe<Scalars['Float']['input']>;
  /** Keeps only the best-ranked of near-identical chunks (flagged at ingest), so copies do not take top-k slots. Default: true. */
  collapseDuplicates?: InputMaybe<Scalars['Boolean']['input']>;
  collection: Scalars['String']['input'];
  /** Adds `explanation` to every hit. */
  explain?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<ChunkFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  /** Default: RRF. */
  fusion?: InputMaybe<FusionMethod>;
  /** Hits per page, 1..100. Default: 10. `first` is an alias for cursor pagination. */
  limit?: InputMaybe<Scalars['Int']['input']>;
  /** Default: HYBRID. */
  mode?: InputMaybe<SearchMode>;
  query: Scalars['String']['input'];
};

export type SearchMode =
  | 'HYBRID'
  | 'KEYWORD'
  | 'VECTOR';

export type SearchResult = {
  __typename?: 'SearchResult';
  cached: Scalars['Boolean']['output'];
  hits: Array<SearchHit>;
  pageInfo: PageInfo;
  tookMs: Scalars['Float']['output'];
};

export type SimilarQuestionsInput = {
  collection: Scalars['String']['input'];
  /** Matches returned, 1..100. Default: 10. */
  limit?: InputMaybe<Scalars['Int']['input']>;
  /** 1..4096 characters with at least one letter or digit. */
  question: Scalars['String']['input'];
  /** Similarity at which a match counts as a duplicate, 0..1. Default: calibrated for the embedding model (0.578 for local-hash-v1). */
  threshold?: InputMaybe<Scalars['Float']['input']>;
};

export type SubmitQuestionInput = {
  collection: Scalars['String']['input'];
  /** Resubmitting the same externalId with the same text returns the stored question; with another text it is refused. */
  externalId?: InputMaybe<Scalars['String']['input']>;
  /** A JSON object. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
  question: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** `ask` streamed: RETRIEVAL (sources), DELTA (text)…, CITATIONS, DONE (the answer) — or one ERROR, then the end. */
  askStream: AnswerEvent;
  /** The job now and after every change of its progress, ending with its finished state. */
  ingestionJob: IngestionJob;
};


export type SubscriptionAskStreamArgs = {
  input: AskInput;
};


export type SubscriptionIngestionJobArgs = {
  id: Scalars['ID']['input'];
};

export type TokenUsage = {
  __typename?: 'TokenUsage';
  completionTokens: Scalars['Int']['output'];
  promptTokens: Scalars['Int']['output'];
};

export type Tokenizer =
  /** Runs of Korean, Chinese and Japanese characters become overlapping character bigrams; other text as STANDARD. */
  | 'CJK_BIGRAM'
  /** The text-search configuration's own parser. */
  | 'STANDARD';



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Answer: ResolverTypeWrapper<AnswerOutput>;
  AnswerError: ResolverTypeWrapper<AnswerError>;
  AnswerEvent: ResolverTypeWrapper<AnswerStreamEvent>;
  AnswerEventType: AnswerEventType;
  AskInput: AskInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ChatRole: ChatRole;
  ChatTurnInput: ChatTurnInput;
  Chunk: ResolverTypeWrapper<ChunkView>;
  ChunkFilter: ChunkFilter;
  Citation: ResolverTypeWrapper<AnswerCitation>;
  Collection: ResolverTypeWrapper<CollectionRow>;
  CollectionConnection: ResolverTypeWrapper<CollectionConnectionParent>;
  CreateCollectionInput: CreateCollectionInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<DocumentRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FusionMethod: FusionMethod;
  HitExplanation: ResolverTypeWrapper<HitExplanation>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IngestBatchDocumentInput: IngestBatchDocumentInput;
  IngestDocumentInput: IngestDocumentInput;
  IngestResult: ResolverTypeWrapper<IngestOutcome>;
  IngestStatus: IngestStatus;
  IngestionJob: ResolverTypeWrapper<IngestionJobRow>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  JobError: ResolverTypeWrapper<JobError>;
  JobFile: ResolverTypeWrapper<JobFileEntry>;
  JobFileState: JobFileState;
  JobProgress: ResolverTypeWrapper<JobProgress>;
  JobStatus: JobStatus;
  LegExplanation: ResolverTypeWrapper<LegExplanation>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Question: ResolverTypeWrapper<QuestionView>;
  QuestionCluster: ResolverTypeWrapper<DuplicateCluster>;
  QuestionConnection: ResolverTypeWrapper<QuestionPage>;
  QuestionMatch: ResolverTypeWrapper<DuplicateMatch>;
  QuestionSubmission: ResolverTypeWrapper<SubmissionOutcome>;
  RetrievalInfo: ResolverTypeWrapper<RetrievalSummary>;
  SearchHit: ResolverTypeWrapper<SearchHitParent>;
  SearchInput: SearchInput;
  SearchMode: SearchMode;
  SearchResult: ResolverTypeWrapper<SearchResultParent>;
  SimilarQuestionsInput: SimilarQuestionsInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SubmitQuestionInput: SubmitQuestionInput;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TokenUsage: ResolverTypeWrapper<TokenUsage>;
  Tokenizer: Tokenizer;
  Upload: ResolverTypeWrapper<Scalars['Upload']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Answer: AnswerOutput;
  AnswerError: AnswerError;
  AnswerEvent: AnswerStreamEvent;
  AskInput: AskInput;
  Boolean: Scalars['Boolean']['output'];
  ChatTurnInput: ChatTurnInput;
  Chunk: ChunkView;
  ChunkFilter: ChunkFilter;
  Citation: AnswerCitation;
  Collection: CollectionRow;
  CollectionConnection: CollectionConnectionParent;
  CreateCollectionInput: CreateCollectionInput;
  DateTime: Scalars['DateTime']['output'];
  Document: DocumentRow;
  Float: Scalars['Float']['output'];
  HitExplanation: HitExplanation;
  ID: Scalars['ID']['output'];
  IngestBatchDocumentInput: IngestBatchDocumentInput;
  IngestDocumentInput: IngestDocumentInput;
  IngestResult: IngestOutcome;
  IngestionJob: IngestionJobRow;
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  JobError: JobError;
  JobFile: JobFileEntry;
  JobProgress: JobProgress;
  LegExplanation: LegExplanation;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  Question: QuestionView;
  QuestionCluster: DuplicateCluster;
  QuestionConnection: QuestionPage;
  QuestionMatch: DuplicateMatch;
  QuestionSubmission: SubmissionOutcome;
  RetrievalInfo: RetrievalSummary;
  SearchHit: SearchHitParent;
  SearchInput: SearchInput;
  SearchResult: SearchResultParent;
  SimilarQuestionsInput: SimilarQuestionsInput;
  String: Scalars['String']['output'];
  SubmitQuestionInput: SubmitQuestionInput;
  Subscription: Record<PropertyKey, never>;
  TokenUsage: TokenUsage;
  Upload: Scalars['Upload']['output'];
};

export type AnswerResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Answer'] = ResolversParentTypes['Answer']> = {
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  citations?: Resolver<Array<ResolversTypes['Citation']>, ParentType, ContextType>;
  grounded?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retrieval?: Resolver<ResolversTypes['RetrievalInfo'], ParentType, ContextType>;
  standaloneQuestion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  usage?: Resolver<Maybe<ResolversTypes['TokenUsage']>, ParentType, ContextType>;
};

export type AnswerErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AnswerError'] = ResolversParentTypes['AnswerError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AnswerEventResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AnswerEvent'] = ResolversParentTypes['AnswerEvent']> = {
  answer?: Resolver<Maybe<ResolversTypes['Answer']>, ParentType, ContextType>;
  citations?: Resolver<Maybe<Array<ResolversTypes['Citation']>>, ParentType, ContextType>;
  delta?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  error?: Resolver<Maybe<ResolversTypes['AnswerError']>, ParentType, ContextType>;
  sources?: Resolver<Maybe<Array<ResolversTypes['SearchHit']>>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['AnswerEventType'], ParentType, ContextType>;
};

export type ChunkResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Chunk'] = ResolversParentTypes['Chunk']> = {
  charEnd?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  charStart?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  content?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  headingPath?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ordinal?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  page?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  tokenCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CitationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Citation'] = ResolversParentTypes['Citation']> = {
  chunk?: Resolver<ResolversTypes['Chunk'], ParentType, ContextType>;
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  quote?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type CollectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Collection'] = ResolversParentTypes['Collection']> = {
  bm25B?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  bm25K1?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  chunkCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  chunkOverlap?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  chunkSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  documentCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embeddingDimension?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  embeddingModel?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  textSearchConfig?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tokenizer?: Resolver<ResolversTypes['Tokenizer'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type CollectionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['CollectionConnection'] = ResolversParentTypes['CollectionConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Collection']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DocumentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document']> = {
  chunks?: Resolver<Array<ResolversTypes['Chunk']>, ParentType, ContextType>;
  collection?: Resolver<ResolversTypes['Collection'], ParentType, ContextType>;
  contentHash?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  externalId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metadata?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  mimeType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  title?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type HitExplanationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['HitExplanation'] = ResolversParentTypes['HitExplanation']> = {
  bm25?: Resolver<Maybe<ResolversTypes['LegExplanation']>, ParentType, ContextType>;
  fusion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  vector?: Resolver<Maybe<ResolversTypes['LegExplanation']>, ParentType, ContextType>;
};

export type IngestResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IngestResult'] = ResolversParentTypes['IngestResult']> = {
  chunkCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['IngestStatus'], ParentType, ContextType>;
};

export type IngestionJobResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['IngestionJob'] = ResolversParentTypes['IngestionJob']> = {
  collection?: Resolver<ResolversTypes['Collection'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  errors?: Resolver<Array<ResolversTypes['JobError']>, ParentType, ContextType>;
  files?: Resolver<Array<ResolversTypes['JobFile']>, ParentType, ContextType>;
  finishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['JobProgress'], ParentType, ContextType>;
  startedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobErrorResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobError'] = ResolversParentTypes['JobError']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  file?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type JobFileResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobFile'] = ResolversParentTypes['JobFile']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['JobFileState'], ParentType, ContextType>;
};

export type JobProgressResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['JobProgress'] = ResolversParentTypes['JobProgress']> = {
  done?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  failed?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type LegExplanationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['LegExplanation'] = ResolversParentTypes['LegExplanation']> = {
  contribution?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  normalisedScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rawScore?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  createCollection?: Resolver<ResolversTypes['Collection'], ParentType, ContextType, RequireFields<MutationCreateCollectionArgs, 'input'>>;
  deleteDocument?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteDocumentArgs, 'id'>>;
  ingestDocument?: Resolver<ResolversTypes['IngestResult'], ParentType, ContextType, RequireFields<MutationIngestDocumentArgs, 'input'>>;
  ingestDocuments?: Resolver<ResolversTypes['IngestionJob'], ParentType, ContextType, RequireFields<MutationIngestDocumentsArgs, 'collection' | 'documents'>>;
  mergeQuestions?: Resolver<ResolversTypes['Question'], ParentType, ContextType, RequireFields<MutationMergeQuestionsArgs, 'canonicalId' | 'duplicateId'>>;
  submitQuestion?: Resolver<ResolversTypes['QuestionSubmission'], ParentType, ContextType, RequireFields<MutationSubmitQuestionArgs, 'input'>>;
  unlinkQuestion?: Resolver<ResolversTypes['Question'], ParentType, ContextType, RequireFields<MutationUnlinkQuestionArgs, 'id'>>;
  uploadDocuments?: Resolver<ResolversTypes['IngestionJob'], ParentType, ContextType, RequireFields<MutationUploadDocumentsArgs, 'collection' | 'files'>>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  ask?: Resolver<ResolversTypes['Answer'], ParentType, ContextType, RequireFields<QueryAskArgs, 'input'>>;
  collection?: Resolver<Maybe<ResolversTypes['Collection']>, ParentType, ContextType, RequireFields<QueryCollectionArgs, 'name'>>;
  collections?: Resolver<ResolversTypes['CollectionConnection'], ParentType, ContextType, Partial<QueryCollectionsArgs>>;
  document?: Resolver<Maybe<ResolversTypes['Document']>, ParentType, ContextType, RequireFields<QueryDocumentArgs, 'id'>>;
  duplicateClusters?: Resolver<Array<ResolversTypes['QuestionCluster']>, ParentType, ContextType, RequireFields<QueryDuplicateClustersArgs, 'collection'>>;
  ingestionJob?: Resolver<Maybe<ResolversTypes['IngestionJob']>, ParentType, ContextType, RequireFields<QueryIngestionJobArgs, 'id'>>;
  questions?: Resolver<ResolversTypes['QuestionConnection'], ParentType, ContextType, RequireFields<QueryQuestionsArgs, 'collection'>>;
  search?: Resolver<ResolversTypes['SearchResult'], ParentType, ContextType, RequireFields<QuerySearchArgs, 'input'>>;
  similarQuestions?: Resolver<Array<ResolversTypes['QuestionMatch']>, ParentType, ContextType, RequireFields<QuerySimilarQuestionsArgs, 'input'>>;
};

export type QuestionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Question'] = ResolversParentTypes['Question']> = {
  canonical?: Resolver<Maybe<ResolversTypes['Question']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  externalId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  metadata?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QuestionClusterResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuestionCluster'] = ResolversParentTypes['QuestionCluster']> = {
  canonical?: Resolver<ResolversTypes['Question'], ParentType, ContextType>;
  members?: Resolver<Array<ResolversTypes['Question']>, ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QuestionConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuestionConnection'] = ResolversParentTypes['QuestionConnection']> = {
  nodes?: Resolver<Array<ResolversTypes['Question']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type QuestionMatchResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuestionMatch'] = ResolversParentTypes['QuestionMatch']> = {
  cosineSimilarity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  isDuplicate?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  lexicalSimilarity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  question?: Resolver<ResolversTypes['Question'], ParentType, ContextType>;
  similarity?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type QuestionSubmissionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['QuestionSubmission'] = ResolversParentTypes['QuestionSubmission']> = {
  duplicateOf?: Resolver<Maybe<ResolversTypes['Question']>, ParentType, ContextType>;
  matches?: Resolver<Array<ResolversTypes['QuestionMatch']>, ParentType, ContextType>;
  question?: Resolver<ResolversTypes['Question'], ParentType, ContextType>;
};

export type RetrievalInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['RetrievalInfo'] = ResolversParentTypes['RetrievalInfo']> = {
  hits?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType>;
  tookMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SearchHitResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SearchHit'] = ResolversParentTypes['SearchHit']> = {
  bm25Rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  bm25Score?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  chunk?: Resolver<ResolversTypes['Chunk'], ParentType, ContextType>;
  explanation?: Resolver<Maybe<ResolversTypes['HitExplanation']>, ParentType, ContextType>;
  highlight?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  vectorRank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  vectorScore?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
};

export type SearchResultResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SearchResult'] = ResolversParentTypes['SearchResult']> = {
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hits?: Resolver<Array<ResolversTypes['SearchHit']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  tookMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  askStream?: SubscriptionResolver<ResolversTypes['AnswerEvent'], "askStream", ParentType, ContextType, RequireFields<SubscriptionAskStreamArgs, 'input'>>;
  ingestionJob?: SubscriptionResolver<ResolversTypes['IngestionJob'], "ingestionJob", ParentType, ContextType, RequireFields<SubscriptionIngestionJobArgs, 'id'>>;
};

export type TokenUsageResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TokenUsage'] = ResolversParentTypes['TokenUsage']> = {
  completionTokens?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  promptTokens?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface UploadScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Upload'], any> {
  name: 'Upload';
}

export type Resolvers<ContextType = GraphQLContext> = {
  Answer?: AnswerResolvers<ContextType>;
  AnswerError?: AnswerErrorResolvers<ContextType>;
  AnswerEvent?: AnswerEventResolvers<ContextType>;
  Chunk?: ChunkResolvers<ContextType>;
  Citation?: CitationResolvers<ContextType>;
  Collection?: CollectionResolvers<ContextType>;
  CollectionConnection?: CollectionConnectionResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  HitExplanation?: HitExplanationResolvers<ContextType>;
  IngestResult?: IngestResultResolvers<ContextType>;
  IngestionJob?: IngestionJobResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  JobError?: JobErrorResolvers<ContextType>;
  JobFile?: JobFileResolvers<ContextType>;
  JobProgress?: JobProgressResolvers<ContextType>;
  LegExplanation?: LegExplanationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Question?: QuestionResolvers<ContextType>;
  QuestionCluster?: QuestionClusterResolvers<ContextType>;
  QuestionConnection?: QuestionConnectionResolvers<ContextType>;
  QuestionMatch?: QuestionMatchResolvers<ContextType>;
  QuestionSubmission?: QuestionSubmissionResolvers<ContextType>;
  RetrievalInfo?: RetrievalInfoResolvers<ContextType>;
  SearchHit?: SearchHitResolvers<ContextType>;
  SearchResult?: SearchResultResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TokenUsage?: TokenUsageResolvers<ContextType>;
  Upload?: GraphQLScalarType;
};

