/** A small, hand-written corpus whose right answers are known, shared by the integration suites. */
export const CORPUS = [
  {
    externalId: 'pgvector-guide',
    title: 'pgvector guide',
    mimeType: 'text/markdown',
    metadata: { team: 'search', lang: 'en' },
    content: `# pgvector guide

## Indexes

HNSW indexes give approximate nearest neighbour search with high recall. Build the HNSW index after bulk loading
because inserting into an existing graph is slow. Raise maintenance_work_mem for faster builds.

## Distance

Cosine distance uses the <=> operator; inner product and L2 distance have their own operators.
`,
  },
  {
    externalId: 'bm25-notes',
    title: 'BM25 notes',
    mimeType: 'text/markdown',
    metadata: { team: 'search', lang: 'en' },
    content: `# BM25 ranking

BM25 scores documents by term frequency with saturation and by inverse document frequency. Document length
normalisation uses the average length of the corpus. The parameters k1 and b control saturation and normalisation.
`,
  },
  {
    externalId: 'kitchen',
    title: 'Sourdough bread',
    mimeType: 'text/plain',
    metadata: { team: 'kitchen', lang: 'en' },
    content: `Feed the sourdough starter with flour and water the night before. Knead the dough, let it rise in a warm
place, shape the loaf and bake it in a hot oven until the crust is dark brown.`,
  },
  {
    externalId: 'html-page',
    title: null,
    mimeType: 'text/html',
    metadata: { team: 'web', lang: 'en' },
    content: `<html><head><title>Redis caching</title><script>var tracking = "ignore me";</script></head>
<body><h1>Caching</h1><p>Redis keeps hot search results in memory with a time to live, so repeated queries are
served without touching PostgreSQL.</p></body></html>`,
  },
] as const;
