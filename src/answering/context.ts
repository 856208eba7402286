import type { ChunkView } from '../db/chunks.js';
import type { DocumentRow } from '../db/schema.js';
// The one fast cl100k counter lives with the chunker; the layering rule keeps answering out of ingestion otherwise.
import { countTokens } from '../text/tokens.js';
import { fenceSource, type PromptSource } from './prompt.js';

/** A retrieved chunk that made it into the prompt, numbered as the model sees it. */
export type PackedSource = PromptSource & { chunkId: string; documentId: string; contentHash: string };

/**
 * Packs retrieved chunks, best first, into at most `budgetTokens` cl100k tokens of fenced source text. A chunk that
 * does not fit is skipped and smaller ones after it may still fit; sources are numbered 1..n in the order kept, so
 * the best chunk is always [1]. Pure apart from the tokenizer.
 */
export function packContext(
  chunks: readonly { chunk: ChunkView; document: DocumentRow | undefined }[],
  { budgetTokens }: { budgetTokens: number },
): PackedSource[] {
  const packed: PackedSource[] = [];
  let used = 0;
  for (const { chunk, document } of chunks) {
    const source = toSource(chunk, document, packed.length + 1);
    // Two newlines join fenced sources; count them with the block so the total is the prompt's.
    const tokens = countTokens(fenceSource(source)) + 1;
    if (used + tokens > budgetTokens) continue;
    used += tokens;
    packed.push(source);
  }
  const [best] = chunks;
  if (packed.length === 0 && best !== undefined) packed.push(truncated(toSource(best.chunk, best.document, 1), budgetTokens));
  return packed;
}

function toSource(chunk: ChunkView, document: DocumentRow | undefined, index: number): PackedSource {
  return { index, heading: headingOf(chunk, document), content: chunk.content, chunkId: chunk.id, documentId: chunk.documentId, contentHash: chunk.contentHash };
}

/**
 * Chunks larger than the whole budget (a collection chunked coarser than ANSWER_CONTEXT_TOKENS) would leave the
 * model nothing: the best one is cut to a prefix that fits, which keeps quotes substrings of the chunk.
 */
function truncated(source: PackedSource, budgetTokens: number): PackedSource {
  let content = source.content;
  for (let tokens = countTokens(fenceSource(source)); tokens > budgetTokens && content.length > 0; tokens = countTokens(fenceSource({ ...source, content }))) {
    content = content.slice(0, Math.floor(content.length * Math.min(0.9, budgetTokens / tokens)));
  }
  return { ...source, content };
}

/** The chunk's heading path (which starts with the document title when there is one), else the title. */
function headingOf(chunk: ChunkView, document: DocumentRow | undefined): string | undefined {
  if (chunk.headingPath.length > 0) return chunk.headingPath.join(' › ');
  return document?.title ?? undefined;
}
