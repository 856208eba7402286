import { DateTimeResolver, JSONResolver } from 'graphql-scalars';
import type { Resolvers } from '../generated/resolvers.js';
import { Mutation } from './mutation.js';
import { Query } from './query.js';
import { Chunk, Collection, Document, SearchHit } from './types.js';

export const resolvers: Resolvers = {
  JSON: JSONResolver,
  DateTime: DateTimeResolver,
  Query,
  Mutation,
  Collection,
  Document,
  Chunk,
  SearchHit,
};
