/** What ingestion, retrieval and dedup need from an embedding model; providers implement it (DESIGN §5). */
export interface Embedder {
  /** Stable identifier recorded on collections, e.g. `local-hash-v1` or `text-embedding-3-small`. */
  readonly model: string;
  readonly dimension: number;
  embedDocuments(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
  embedQuery(text: string, options?: { signal?: AbortSignal }): Promise<number[]>;
}
