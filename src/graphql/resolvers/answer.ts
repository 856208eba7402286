import { ask } from '../../answering/ask.js';
import { askStream } from '../../answering/ask-stream.js';
import type { AnswerStreamEvent, RetrievalSummary } from '../../answering/types.js';
import type { SearchHitParent } from '../mappers.js';
import type {
  AnswerEventResolvers,
  AnswerResolvers,
  CitationResolvers,
  QueryResolvers,
  RetrievalInfoResolvers,
  SubscriptionResolvers,
} from '../generated/resolvers.js';
import { requireLoaded } from './require-loaded.js';

export const answerQuery: Pick<QueryResolvers, 'ask'> = {
  ask: (_parent, { input }, { deps, viewer }) => ask(deps, { ...input, tenantId: viewer.tenantId }),
};

export const answerSubscription: Pick<SubscriptionResolvers, 'askStream'> = {
  askStream: {
    subscribe: (_parent, { input }, { deps, viewer }) => askStream(deps, { ...input, tenantId: viewer.tenantId }),
    resolve: (event: AnswerStreamEvent) => event,
  },
};

export const Answer: AnswerResolvers = {
  usage: (answer) => answer.usage ?? null,
  standaloneQuestion: (answer) => answer.standaloneQuestion ?? null,
};

export const RetrievalInfo: RetrievalInfoResolvers = {
  hits: (retrieval) => hitParents(retrieval),
};

export const Citation: CitationResolvers = {
  chunk: async (citation, _args, { loaders }) => requireLoaded(await loaders.chunk.load(citation.chunkId), 'chunk'),
  document: async (citation, _args, { loaders }) => requireLoaded(await loaders.document.load(citation.documentId), 'document'),
};

/** Each event sets the one field its type names; the others resolve to null. */
export const AnswerEvent: AnswerEventResolvers = {
  sources: (event) => (event.type === 'RETRIEVAL' ? hitParents(event.retrieval) : null),
  delta: (event) => (event.type === 'DELTA' ? event.delta : null),
  citations: (event) => (event.type === 'CITATIONS' ? event.citations : null),
  answer: (event) => (event.type === 'DONE' ? event.answer : null),
  error: (event) => (event.type === 'ERROR' ? event.error : null),
};

/** Retrieved hits as SearchHit parents, so highlights and chunk fields resolve exactly as in `search`. */
function hitParents(retrieval: RetrievalSummary): SearchHitParent[] {
  const fusion = retrieval.mode === 'HYBRID' ? 'RRF' : retrieval.mode;
  return retrieval.hits.map((hit) => ({ ...hit, query: retrieval.query, textSearchConfig: retrieval.textSearchConfig, explain: false, fusion }));
}
