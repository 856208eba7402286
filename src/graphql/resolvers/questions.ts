import DataLoader from 'dataloader';
import { findQuestionsByIds, type QuestionView } from '../../db/questions.js';
import { duplicateClusters } from '../../dedup/clusters.js';
import { listQuestionPage, mergeQuestions, unlinkQuestion } from '../../dedup/editing.js';
import { similarQuestions, submitQuestion } from '../../dedup/questions.js';
import type { GraphQLContext } from '../context.js';
import type { MutationResolvers, QueryResolvers, QuestionResolvers } from '../generated/resolvers.js';
import { inKeyOrder } from '../loaders.js';
import { dropNulls } from './drop-nulls.js';
import { requireLoaded } from './require-loaded.js';

export const questionQuery: Pick<QueryResolvers, 'similarQuestions' | 'questions' | 'duplicateClusters'> = {
  similarQuestions: (_parent, { input }, { deps, viewer }) => similarQuestions(deps, { ...dropNulls(input), tenantId: viewer.tenantId }),
  questions: (_parent, args, { deps, viewer }) => listQuestionPage(deps, { ...dropNulls(args), tenantId: viewer.tenantId }),
  duplicateClusters: (_parent, args, { deps, viewer }) => duplicateClusters(deps, { ...dropNulls(args), tenantId: viewer.tenantId }),
};

export const questionMutation: Pick<MutationResolvers, 'submitQuestion' | 'mergeQuestions' | 'unlinkQuestion'> = {
  submitQuestion: (_parent, { input }, { deps, viewer }) => submitQuestion(deps, { ...dropNulls(input), tenantId: viewer.tenantId }),
  mergeQuestions: (_parent, { duplicateId, canonicalId }, { deps, viewer }) => mergeQuestions(deps, { tenantId: viewer.tenantId, duplicateId, canonicalId }),
  unlinkQuestion: (_parent, { id }, { deps, viewer }) => unlinkQuestion(deps, { tenantId: viewer.tenantId, id }),
};

export const Question: QuestionResolvers = {
  metadata: (question) => question.metadata,
  canonical: async (question, _args, context) =>
    question.canonicalId === null ? null : requireLoaded(await questionLoader(context).load(question.canonicalId), 'canonical question'),
};

// One loader per request, keyed by the request's context object, so a listing resolves every `canonical` in one query.
const loaders = new WeakMap<GraphQLContext, DataLoader<string, QuestionView | undefined>>();

function questionLoader(context: GraphQLContext): DataLoader<string, QuestionView | undefined> {
  let loader = loaders.get(context);
  if (loader === undefined) {
    const { deps, viewer } = context;
    loader = new DataLoader(async (ids) => inKeyOrder(ids, await findQuestionsByIds(deps.db, viewer.tenantId, ids), (row) => row.id));
    loaders.set(context, loader);
  }
  return loader;
}
