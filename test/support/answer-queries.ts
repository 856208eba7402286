/** GraphQL documents and result types shared by the answering suites. */
export const ASK = `query Ask($input: AskInput!) {
  ask(input: $input) {
    text grounded model cached standaloneQuestion
    usage { promptTokens completionTokens }
    citations { index quote chunk { id content } document { id externalId } }
    retrieval { tookMs hits { score chunk { id content document { externalId } } } }
  } }`;

export const ASK_STREAM = `subscription AskStream($input: AskInput!) {
  askStream(input: $input) {
    type delta
    sources { score chunk { id document { externalId } } }
    citations { index quote chunk { id content } }
    answer { text grounded cached model usage { promptTokens completionTokens } citations { index } }
    error { code message }
  } }`;

export type AnswerData = {
  text: string;
  grounded: boolean;
  model: string;
  cached: boolean;
  standaloneQuestion: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
  citations: { index: number; quote: string; chunk: { id: string; content: string }; document: { id: string; externalId: string } }[];
  retrieval: { tookMs: number; hits: { score: number; chunk: { id: string; content: string; document: { externalId: string } } }[] };
};

export type AnswerEventData = {
  type: 'RETRIEVAL' | 'DELTA' | 'CITATIONS' | 'DONE' | 'ERROR';
  delta: string | null;
  sources: { score: number; chunk: { id: string; document: { externalId: string } } }[] | null;
  citations: { index: number; quote: string; chunk: { id: string; content: string } }[] | null;
  answer: { text: string; grounded: boolean; cached: boolean; model: string; usage: { promptTokens: number; completionTokens: number } | null; citations: { index: number }[] } | null;
  error: { code: string; message: string } | null;
};

export const INGEST = `mutation Ingest($input: IngestDocumentInput!) { ingestDocument(input: $input) { status document { id } } }`;
