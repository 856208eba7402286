import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { CollectionRow, DocumentRow } from '../../db/schema.js';
import type { ChunkView } from '../../db/chunks.js';
import type { SearchHitParent, SearchResultParent, CollectionConnectionParent } from '../mappers.js';
import type { IngestOutcome } from '../../ingestion/ingest.js';
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
  tokenCount: Scalars['Int']['output'];
};

export type ChunkFilter = {
  documentIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  externalIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** JSON containment (@>) on the document's metadata. */
  metadata?: InputMaybe<Scalars['JSON']['input']>;
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
  /** Default: english. Any configuration listed in pg_ts_config. */
  textSearchConfig?: InputMaybe<Scalars['String']['input']>;
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

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  collection: Maybe<Collection>;
  collections: CollectionConnection;
  document: Maybe<Document>;
  search: SearchResult;
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


export type QuerySearchArgs = {
  input: SearchInput;
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
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Chunk: ResolverTypeWrapper<ChunkView>;
  ChunkFilter: ChunkFilter;
  Collection: ResolverTypeWrapper<CollectionRow>;
  CollectionConnection: ResolverTypeWrapper<CollectionConnectionParent>;
  CreateCollectionInput: CreateCollectionInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<DocumentRow>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  FusionMethod: FusionMethod;
  HitExplanation: ResolverTypeWrapper<HitExplanation>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  IngestDocumentInput: IngestDocumentInput;
  IngestResult: ResolverTypeWrapper<IngestOutcome>;
  IngestStatus: IngestStatus;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LegExplanation: ResolverTypeWrapper<LegExplanation>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SearchHit: ResolverTypeWrapper<SearchHitParent>;
  SearchInput: SearchInput;
  SearchMode: SearchMode;
  SearchResult: ResolverTypeWrapper<SearchResultParent>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Boolean: Scalars['Boolean']['output'];
  Chunk: ChunkView;
  ChunkFilter: ChunkFilter;
  Collection: CollectionRow;
  CollectionConnection: CollectionConnectionParent;
  CreateCollectionInput: CreateCollectionInput;
  DateTime: Scalars['DateTime']['output'];
  Document: DocumentRow;
  Float: Scalars['Float']['output'];
  HitExplanation: HitExplanation;
  ID: Scalars['ID']['output'];
  IngestDocumentInput: IngestDocumentInput;
  IngestResult: IngestOutcome;
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  LegExplanation: LegExplanation;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Query: Record<PropertyKey, never>;
  SearchHit: SearchHitParent;
  SearchInput: SearchInput;
  SearchResult: SearchResultParent;
  String: Scalars['String']['output'];
};

export type ChunkResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Chunk'] = ResolversParentTypes['Chunk']> = {
  charEnd?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  charStart?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  content?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  document?: Resolver<ResolversTypes['Document'], ParentType, ContextType>;
  headingPath?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  ordinal?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tokenCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
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

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

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
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  collection?: Resolver<Maybe<ResolversTypes['Collection']>, ParentType, ContextType, RequireFields<QueryCollectionArgs, 'name'>>;
  collections?: Resolver<ResolversTypes['CollectionConnection'], ParentType, ContextType, Partial<QueryCollectionsArgs>>;
  document?: Resolver<Maybe<ResolversTypes['Document']>, ParentType, ContextType, RequireFields<QueryDocumentArgs, 'id'>>;
  search?: Resolver<ResolversTypes['SearchResult'], ParentType, ContextType, RequireFields<QuerySearchArgs, 'input'>>;
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

export type Resolvers<ContextType = GraphQLContext> = {
  Chunk?: ChunkResolvers<ContextType>;
  Collection?: CollectionResolvers<ContextType>;
  CollectionConnection?: CollectionConnectionResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  HitExplanation?: HitExplanationResolvers<ContextType>;
  IngestResult?: IngestResultResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LegExplanation?: LegExplanationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SearchHit?: SearchHitResolvers<ContextType>;
  SearchResult?: SearchResultResolvers<ContextType>;
};

