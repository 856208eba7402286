import { ask } from '../answering/ask.js';
import { findChunksByIds } from '../db/chunks.js';
import { findDocumentsByIds } from '../db/documents.js';
import type { AppDeps } from '../deps.js';
import { search, type SearchMode } from '../retrieval/search.js';

type Write = (line: string) => void;

/** Prints the top hits: rank, score, document, page or heading path, and the start of the chunk. */
export async function searchCommand(deps: AppDeps, { collection, query, limit, mode }: { collection: string; query: string; limit: number; mode: SearchMode }, write: Write): Promise<number> {
  const tenantId = deps.defaultTenantId;
  const output = await search(deps, { tenantId, collection, query, limit, mode });
  const chunks = new Map((await findChunksByIds(deps.db, tenantId, output.hits.map((hit) => hit.chunkId))).map((chunk) => [chunk.id, chunk]));
  const documents = new Map((await findDocumentsByIds(deps.db, tenantId, [...new Set([...chunks.values()].map((chunk) => chunk.documentId))])).map((document) => [document.id, document]));
  output.hits.forEach((hit, index) => {
    const chunk = chunks.get(hit.chunkId);
    const document = chunk === undefined ? undefined : documents.get(chunk.documentId);
    const where = chunk?.page != null ? `p. ${chunk.page}` : (chunk?.headingPath ?? []).join(' > ');
    write(`${index + 1}. ${hit.score.toFixed(4)}  ${document?.externalId ?? '?'}${where === '' ? '' : ` (${where})`}`);
    write(`   ${oneLine(chunk?.content ?? '', 160)}`);
  });
  write(`${output.hits.length} hits in ${output.tookMs.toFixed(1)} ms`);
  return output.hits.length;
}

/** Prints the answer, then its numbered sources. */
export async function askCommand(deps: AppDeps, { collection, question }: { collection: string; question: string }, write: Write): Promise<void> {
  const tenantId = deps.defaultTenantId;
  const answer = await ask(deps, { tenantId, collection, question });
  write(answer.text);
  const documents = new Map((await findDocumentsByIds(deps.db, tenantId, answer.citations.map((citation) => citation.documentId))).map((document) => [document.id, document]));
  for (const citation of answer.citations) {
    write(`[${citation.index}] ${documents.get(citation.documentId)?.externalId ?? '?'}: "${oneLine(citation.quote, 120)}"`);
  }
  write(`(${answer.model}${answer.cached ? ', cached' : ''}${answer.grounded ? '' : ', not grounded'})`);
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
