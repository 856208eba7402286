import { createHash } from 'node:crypto';
import type { Embedder } from '../llm/embedder.js';
import type { Chunk } from './chunk.js';

export type EmbeddedChunk = { contentHash: string; embedding: number[] };

/**
 * The text a chunk is embedded as: document title and heading path give the vector the context a bare paragraph
 * lacks ("Installation > Linux" + "run the script"). The stored content stays the chunk's own text.
 */
export function embeddingText(chunk: Pick<Chunk, 'content' | 'headingPath'>, title: string | null): string {
  const context = [title ?? '', chunk.headingPath.join(' > ')].filter((part) => part !== '').join('\n');
  return context === '' ? chunk.content : `${context}\n\n${chunk.content}`;
}

/** Embeds the chunks that have no stored vector for their exact text; reuses the rest; keeps input order. */
export async function embedChunks(
  embedder: Embedder,
  {
    chunks,
    title,
    reusable,
    label,
  }: { chunks: readonly Chunk[]; title: string | null; reusable: ReadonlyMap<string, number[]>; label: string },
): Promise<EmbeddedChunk[]> {
  const texts = chunks.map((chunk) => embeddingText(chunk, title));
  const hashes = texts.map((text) => createHash('sha256').update(text).digest('hex'));
  const missing = new Map<string, string>();
  hashes.forEach((hash, index) => {
    if (!reusable.has(hash) && !missing.has(hash)) missing.set(hash, texts[index] ?? '');
  });
  const fresh = new Map<string, number[]>();
  if (missing.size > 0) {
    const vectors = await embedder.embedDocuments([...missing.values()]);
    [...missing.keys()].forEach((hash, index) => {
      const vector = vectors[index];
      if (vector === undefined || vector.length !== embedder.dimension || !vector.every(Number.isFinite)) {
        throw new Error(`embedder returned an invalid vector for a chunk of ${label}`);
      }
      fresh.set(hash, vector);
    });
  }
  return hashes.map((hash) => ({ contentHash: hash, embedding: reusable.get(hash) ?? fresh.get(hash) ?? [] }));
}
