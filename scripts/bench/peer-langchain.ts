import { PGVectorStore } from '@langchain/community/vectorstores/pgvector';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import type pg from 'pg';
import type { Embedder } from '../../src/llm/embedder.js';
import { withClient } from './databases.js';
import { createProgress } from './progress.js';

/**
 * Peer 1: LangChain.js `PGVectorStore` (@langchain/community) on the same server, in its own table with its own
 * HNSW index (`createHnswIndex`, m 16, ef_construction 64, as ragway's), fed the same texts through the same local
 * embedder, so it stores the same vectors. Used as its documentation shows; the only setting given is the table's
 * dimension (without it the HNSW index cannot serve its queries) and the same `maintenance_work_mem` as ragway's
 * index builds.
 */
export const PEER_TABLE = 'langchain_bench';

/** The ragway embedder behind LangChain's `Embeddings` interface. */
class LocalEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }
  override embedDocuments(texts: string[]): Promise<number[][]> {
    return this.embedder.embedDocuments(texts);
  }
  override embedQuery(text: string): Promise<number[]> {
    return this.embedder.embedQuery(text);
  }
}

export type PeerDocument = { content: string; metadata: Record<string, unknown> };

export type LangchainPeer = {
  store: PGVectorStore;
  url: string;
  close(): Promise<void>;
};

export async function openLangchainPeer(url: string, embedder: Embedder, { maintenanceWorkMemMb }: { maintenanceWorkMemMb: number }): Promise<LangchainPeer> {
  return openStore(url, embedder, { max: 20, options: `-c maintenance_work_mem=${maintenanceWorkMemMb}MB` });
}

/**
 * The peer with `hnsw.ef_search` raised: a second store on the same table whose connections set it at start-up
 * (`postgresConnectionOptions.options`), which is how a PGVectorStore user tunes it — the store has no setting of
 * its own and otherwise searches at pgvector's default of 40.
 */
export function openTunedLangchainPeer(url: string, embedder: Embedder, efSearch: number): Promise<LangchainPeer> {
  // Two connections: `initialize` keeps one checked out for the store's lifetime, and queries need another.
  return openStore(url, embedder, { max: 2, options: `-c hnsw.ef_search=${efSearch}` });
}

async function openStore(url: string, embedder: Embedder, { max, options }: { max: number; options: string }): Promise<LangchainPeer> {
  const store = await PGVectorStore.initialize(new LocalEmbeddings(embedder), {
    postgresConnectionOptions: { connectionString: url, max, options } as pg.PoolConfig,
    tableName: PEER_TABLE,
    dimensions: embedder.dimension,
    distanceStrategy: 'cosine',
  } as ConstructorParameters<typeof PGVectorStore>[1] & { dimensions: number });
  store.pool.on('error', (error) => process.stderr.write(`PGVectorStore pool: idle connection lost: ${error.message}\n`));
  return { store, url, close: () => store.end() };
}

/** `addDocuments` in groups (the store itself splits inserts into 500-row statements); returns seconds. */
export async function addInGroups(peer: LangchainPeer, documents: AsyncIterable<PeerDocument> | Iterable<PeerDocument>, { total, groupSize, label }: { total: number; groupSize: number; label: string }): Promise<number> {
  const progress = createProgress(label, total);
  const started = performance.now();
  let group: Document[] = [];
  let done = 0;
  const flush = async () => {
    await peer.store.addDocuments(group);
    done += group.length;
    group = [];
    progress.update(done);
  };
  for await (const document of documents) {
    group.push(new Document({ pageContent: document.content, metadata: document.metadata }));
    if (group.length >= groupSize) await flush();
  }
  if (group.length > 0) await flush();
  progress.stop();
  return (performance.now() - started) / 1000;
}

/** One `addDocuments` call per document, as documents arrive one at a time; returns seconds. */
export async function addOneByOne(peer: LangchainPeer, documents: readonly PeerDocument[], label: string): Promise<number> {
  const progress = createProgress(label, documents.length);
  const started = performance.now();
  for (const [index, document] of documents.entries()) {
    await peer.store.addDocuments([new Document({ pageContent: document.content, metadata: document.metadata })]);
    progress.update(index + 1);
  }
  progress.stop();
  return (performance.now() - started) / 1000;
}

/** Copies rows the peer did not ingest itself (beyond the measured subset) straight from ragway's chunks. */
export async function copyRemainingFromChunks(url: string, { collectionId, fromIndex, toIndex }: { collectionId: string; fromIndex: number; toIndex: number }): Promise<void> {
  await withClient(url, (client) =>
    client.query(
      `INSERT INTO ${PEER_TABLE} (text, metadata, embedding)
       SELECT c.content, c.metadata, c.embedding::vector(384)
       FROM chunks c JOIN documents d ON d.id = c.document_id
       WHERE c.collection_id = $1 AND substring(d.external_id from 5)::int >= $2 AND substring(d.external_id from 5)::int < $3`,
      [collectionId, fromIndex, toIndex],
    ),
  );
}

export async function buildPeerIndex(peer: LangchainPeer, dimension: number): Promise<number> {
  const started = performance.now();
  await peer.store.createHnswIndex({ dimensions: dimension });
  const seconds = (performance.now() - started) / 1000;
  const present = await withClient(peer.url, (client) => client.query(`SELECT 1 FROM pg_indexes WHERE tablename = '${PEER_TABLE}' AND indexdef LIKE '%hnsw%'`));
  if (present.rowCount !== 1) throw new Error('PGVectorStore.createHnswIndex did not create its index (it logs and swallows errors)');
  return seconds;
}

/** `similaritySearchVectorWithScore`, the call `similaritySearch` makes after embedding; returns row ids. */
export async function peerSearch(peer: LangchainPeer, vector: number[], filter?: Record<string, string | number | boolean>): Promise<string[]> {
  const results = await peer.store.similaritySearchVectorWithScore(vector, 10, filter);
  return results.map(([document]) => document.id ?? '');
}

/** The peer's exact top 10: the same query with index scans disabled for the transaction. */
export async function peerExact(client: pg.PoolClient | pg.Client, vector: readonly number[], filter?: Record<string, unknown>): Promise<string[]> {
  const [key, value] = filter === undefined ? [undefined, undefined] : (Object.entries(filter)[0] ?? [undefined, undefined]);
  await client.query('BEGIN');
  try {
    await client.query('SET LOCAL enable_indexscan = off');
    await client.query('SET LOCAL enable_bitmapscan = off');
    const where = key === undefined ? '' : `WHERE metadata->>'${key.replace(/'/g, "''")}' = $2`;
    const parameters = key === undefined ? [`[${vector.join(',')}]`] : [`[${vector.join(',')}]`, String(value)];
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM ${PEER_TABLE} ${where} ORDER BY embedding <=> $1 LIMIT 10`, parameters);
    return rows.map((row) => row.id);
  } finally {
    await client.query('COMMIT');
  }
}
