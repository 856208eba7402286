import type { ErrorCode } from '../errors.js';
import type { TokenUsage } from '../llm/chat-model.js';
import type { FusedHit } from '../retrieval/fusion.js';
import type { ChunkFilterInput, SearchMode } from '../retrieval/search.js';

export type ChatTurn = { role: 'USER' | 'ASSISTANT'; content: string };

export type AskInput = {
  tenantId: string;
  collection: string;
  question: string;
  history?: readonly ChatTurn[] | null | undefined;
  /** Chunks retrieved as candidate sources. @default 8 */
  limit?: number | null | undefined;
  mode?: SearchMode | null | undefined;
  filter?: ChunkFilterInput | null | undefined;
};

/** A kept citation: `index` is the source number the answer text uses (`[index]`). */
export type AnswerCitation = { index: number; chunkId: string; documentId: string; quote: string };

export type RetrievalSummary = {
  hits: FusedHit[];
  tookMs: number;
  /** What was searched (the standalone question) and how, for highlights and hit explanations. */
  query: string;
  mode: SearchMode;
  textSearchConfig: string;
};

export type AnswerOutput = {
  text: string;
  grounded: boolean;
  citations: AnswerCitation[];
  /** The model that wrote `text`; `none` when ragway answered without one (nothing relevant was found). */
  model: string;
  cached: boolean;
  /** Tokens the language model reported for this request (condensing included); undefined when none were used. */
  usage: TokenUsage | undefined;
  retrieval: RetrievalSummary;
  /** The question after condensing the conversation; undefined when there was no history. */
  standaloneQuestion: string | undefined;
};

/** What `askStream` emits, in this order: RETRIEVAL, DELTA…, CITATIONS, DONE — or ERROR, after which nothing follows. */
export type AnswerStreamEvent =
  | { type: 'RETRIEVAL'; retrieval: RetrievalSummary }
  | { type: 'DELTA'; delta: string }
  | { type: 'CITATIONS'; citations: AnswerCitation[] }
  | { type: 'DONE'; answer: AnswerOutput }
  | { type: 'ERROR'; error: { code: ErrorCode; message: string } };
