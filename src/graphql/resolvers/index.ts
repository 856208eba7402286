import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/resolvers.js';
import { Answer, AnswerEvent, answerQuery, answerSubscription, Citation, RetrievalInfo } from './answer.js';
import { GraphQLUpload, IngestionJob, ingestionJobMutation, ingestionJobQuery, ingestionJobSubscription, JobFile } from './ingestion-jobs.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Question, questionMutation, questionQuery } from './questions.js';
import { Chunk, Collection, Document, SearchHit } from './types.js';

export const resolvers: Resolvers = {
  JSON: JSONResolver,
  DateTime: DateTimeResolver,
  Query: { ...Query, ...answerQuery, ...ingestionJobQuery, ...questionQuery },
  Mutation: { ...Mutation, ...ingestionJobMutation, ...questionMutation },
  Collection,
  Document,
  Chunk,
  SearchHit,
  Subscription: { ...answerSubscription, ...ingestionJobSubscription },
  Answer,
  Citation,
  RetrievalInfo,
  AnswerEvent,
  Upload: GraphQLUpload, IngestionJob, JobFile,
  Question,
};
