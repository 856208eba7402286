import type { CodegenConfig } from '@graphql-codegen/cli';

// Resolver types come from schema.graphql; `mappers` bind GraphQL types to the row/service types resolvers return.
const config: CodegenConfig = {
  schema: './schema.graphql',
  generates: {
    './src/graphql/generated/resolvers.ts': {
      plugins: ['typescript', 'typescript-resolvers'],
      config: {
        useIndexSignature: false,
        useTypeImports: true,
        enumsAsTypes: true,
        contextType: '../context.js#GraphQLContext',
        scalars: { JSON: 'unknown', DateTime: 'Date | string', Upload: 'unknown' },
        mappers: {
          Collection: '../../db/schema.js#CollectionRow',
          Document: '../../db/schema.js#DocumentRow',
          Chunk: '../../db/chunks.js#ChunkView',
          SearchHit: '../mappers.js#SearchHitParent',
          SearchResult: '../mappers.js#SearchResultParent',
          IngestResult: '../../ingestion/ingest.js#IngestOutcome',
          CollectionConnection: '../mappers.js#CollectionConnectionParent',
          IngestionJob: '../../db/schema.js#IngestionJobRow',
          JobFile: '../../db/ingestion-jobs.js#JobFileEntry',
          Answer: '../../answering/types.js#AnswerOutput',
          Citation: '../../answering/types.js#AnswerCitation',
          RetrievalInfo: '../../answering/types.js#RetrievalSummary',
          AnswerEvent: '../../answering/types.js#AnswerStreamEvent',
          Question: '../../db/questions.js#QuestionView',
          QuestionMatch: '../../dedup/matches.js#DuplicateMatch',
          QuestionSubmission: '../../dedup/questions.js#SubmissionOutcome',
          QuestionConnection: '../../dedup/editing.js#QuestionPage',
          QuestionCluster: '../../dedup/clusters.js#DuplicateCluster',
        },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        maybeValue: 'T | null',
        inputMaybeValue: 'T | null | undefined',
      },
    },
  },
  hooks: { afterOneFileWrite: [] },
};

export default config;
