import { createRandom } from './corpus.js';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { questions } from '../../src/db/schema.js';
import { dropVectorIndex, ensureVectorIndex } from '../../src/db/vector-index.js';
import { nearestNeighbourPairs } from '../../src/db/question-neighbours.js';
import { CLUSTER_NEIGHBOURS, duplicateClusters } from '../../src/dedup/clusters.js';
import { hashNormalized, normalizeQuestion } from '../../src/dedup/normalize.js';
import { createCollection } from '../../src/ingestion/collections.js';

/**
 * `npm run bench:dup [-- <count>]`: times `duplicateClusters` over a synthetic backlog (default 100,000 questions).
 * Run it against a THROWAWAY database (DATABASE_URL; embedded in memory when unset): it drops and rebuilds the
 * questions HNSW index around the bulk load, as a bulk import would. The backlog is generated, not sampled: base
 * questions from templates over a topic vocabulary, 40 % of them asked again as variants (synonym phrasing, case,
 * punctuation, filler words), so the true duplicate groups are known and the clusters can be checked against them.
 */
const count = Number(process.argv[2] ?? 100_000);
const config = loadConfig({ ...process.env, RAGWAY_DATA_DIR: process.env['RAGWAY_DATA_DIR'] ?? 'memory://', LOG_LEVEL: 'warn' });
const app = await buildApp(config, { logger: pino({ level: 'warn' }) });
const { deps } = app;

const random = createRandom(42);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// Pseudo-words of 2-3 syllables from 40, grouped into topics; a question draws its content words from one topic.
const SYLLABLES = 'ka lo mi ver dan tor zel pri sun gal ron bex qui nor tal fen hu sto wen lys bra cum dri fos gny hap jil kre mul pev rix sab tem ulo vyn wag xem yor zup'.split(' ');
const word = () => Array.from({ length: 2 + Math.floor(random() * 2) }, () => pick(SYLLABLES)).join('');
// Topics grow with the backlog, as a real one covers more subjects, so sibling questions stay about as rare.
const TOPICS = Array.from({ length: Math.max(400, Math.round(count / 25)) }, () => ({ verbs: Array.from({ length: 6 }, word), nouns: Array.from({ length: 12 }, word), product: `${word()} ${word()}` }));
const TEMPLATES: [string, string][] = [
  ['How do I {verb} my {noun} in {product}?', 'How can I {verb} my {noun} in {product}?'],
  ['Why can I not {verb} the {noun} on {product}?', 'Why am I unable to {verb} the {noun} on {product}?'],
  ['Is it possible to {verb} a {noun} with {other}?', 'Can I {verb} a {noun} with {other}?'],
  ['What happens to my {other} when I {verb} a {noun}?', 'What happens to the {other} if I {verb} a {noun}?'],
  ['Where are the {noun} settings for {other}?', 'Where can I find the settings of {noun} for {other}?'],
  ['{product} shows an error when I {verb} {noun}', 'I get an error in {product} when trying to {verb} {noun}'],
  ['Does {product} support {noun} and {other}?', 'Is {noun} with {other} supported by {product}?'],
  ['My {noun} disappeared after I tried to {verb} it', 'After trying to {verb} my {noun} it disappeared'],
];
const FILLERS = ['please', 'quickly', 'today', 'again', 'still'];
type Generated = { text: string; group: number };

function generate(total: number): Generated[] {
  const out: Generated[] = [];
  const bases: { fill: (template: string) => string; template: [string, string] }[] = [];
  while (out.length < total) {
    if (bases.length === 0 || random() < 0.6) {
      const topic = pick(TOPICS);
      const slots = { verb: pick(topic.verbs), noun: pick(topic.nouns), other: pick(topic.nouns), product: topic.product };
      const fill = (template: string) => template.replace(/\{(\w+)\}/g, (_, key: keyof typeof slots) => slots[key]);
      const template = pick(TEMPLATES);
      bases.push({ fill, template });
      out.push({ text: fill(template[0]), group: bases.length - 1 });
      continue;
    }
    const group = Math.floor(random() * bases.length);
    const base = bases[group] ?? bases[0];
    if (base === undefined) continue;
    let text = base.fill(random() < 0.5 ? base.template[1] : base.template[0]);
    if (random() < 0.3) text = text.replace('?', ` ${pick(FILLERS)}?`);
    if (random() < 0.3) text = text.toLowerCase().replace('?', '');
    out.push({ text, group });
  }
  return out;
}

async function load(collectionId: string, tenantId: string, backlog: Generated[]): Promise<void> {
  const dimension = deps.embedder.dimension;
  await dropVectorIndex(deps.db, dimension, 'questions');
  const started = performance.now();
  for (let start = 0; start < backlog.length; start += 500) {
    const slice = backlog.slice(start, start + 500);
    const vectors = await deps.embedder.embedDocuments(slice.map((item) => item.text));
    await deps.db.insert(questions).values(
      slice.map((item, index) => {
        const normalized = normalizeQuestion(item.text);
        return {
          tenantId, collectionId, text: item.text, normalizedText: normalized, normalizedHash: hashNormalized(normalized),
          embeddingDimension: dimension, embedding: vectors[index] ?? [], metadata: { group: item.group },
          createdAt: new Date(Date.UTC(2026, 0, 1) + start + index),
        };
      }),
    );
  }
  const loaded = performance.now();
  // One transaction, so the setting and the build share a connection of the pool.
  await deps.db.transaction(async (transaction) => {
    await transaction.execute(sql.raw(`SET LOCAL maintenance_work_mem = '1GB'`));
    await ensureVectorIndex(transaction, dimension, { tables: ['questions'] });
  });
  await deps.db.execute(sql`ANALYZE questions`);
  process.stdout.write(`loaded ${backlog.length} questions in ${((loaded - started) / 1000).toFixed(1)} s; HNSW build ${((performance.now() - loaded) / 1000).toFixed(1)} s\n`);
}

/** Pairs of questions put in one cluster that were generated in one group, over all pairs clustered / generated. */
function pairQuality(clusterGroups: number[][], backlog: Generated[]): { precision: number; recall: number } {
  const pairs = (size: number) => (size * (size - 1)) / 2;
  const tally = (groups: Iterable<number>) => {
    const sizes = new Map<number, number>();
    for (const group of groups) sizes.set(group, (sizes.get(group) ?? 0) + 1);
    return [...sizes.values()].reduce((sum, size) => sum + pairs(size), 0);
  };
  const truePairs = clusterGroups.reduce((sum, groups) => sum + tally(groups), 0);
  const clusteredPairs = clusterGroups.reduce((sum, groups) => sum + pairs(groups.length), 0);
  const generatedPairs = tally(backlog.map((item) => item.group));
  return { precision: truePairs / Math.max(1, clusteredPairs), recall: truePairs / Math.max(1, generatedPairs) };
}

/** The HNSW neighbour statements alone, as duplicateClusters issues them (alphabetical batches of 500, two in flight). */
async function timeNeighbourQueries(collectionId: string): Promise<number> {
  const ids = (
    await deps.db.select({ id: questions.id }).from(questions).where(sql`${questions.collectionId} = ${collectionId}`).orderBy(questions.normalizedText)
  ).map((row) => row.id);
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += 500) batches.push(ids.slice(start, start + 500));
  const started = performance.now();
  const worker = async () => {
    for (let batch = batches.shift(); batch !== undefined; batch = batches.shift()) {
      await nearestNeighbourPairs(deps.db, { tenantId: deps.defaultTenantId, collectionId, ids: batch, k: CLUSTER_NEIGHBOURS, dimension: deps.embedder.dimension });
    }
  };
  await Promise.all([worker(), worker()]);
  return (performance.now() - started) / 1000;
}

const collection = await createCollection(deps, { tenantId: deps.defaultTenantId, name: `dedup-bench-${Date.now()}` });
try {
  const backlog = generate(count);
  await load(collection.id, deps.defaultTenantId, backlog);
  const started = performance.now();
  const clusters = await duplicateClusters(deps, { tenantId: deps.defaultTenantId, collection: collection.name });
  const seconds = (performance.now() - started) / 1000;
  const sqlSeconds = await timeNeighbourQueries(collection.id);
  const { precision, recall } = pairQuality(clusters.map((cluster) => cluster.members.map((member) => Number(member.metadata['group']))), backlog);
  const clustered = clusters.reduce((sum, cluster) => sum + cluster.size, 0);
  process.stdout.write(
    `duplicateClusters over ${count} questions (${config.database.kind}, ${deps.embedder.model}): ${seconds.toFixed(1)} s; ` +
      `${clusters.length} clusters holding ${clustered} questions, largest ${clusters[0]?.size ?? 0}; ` +
      `pairwise precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} against the generated groups; ` +
      `the neighbour queries alone, run again: ${sqlSeconds.toFixed(1)} s\n`,
  );
} finally {
  await deps.db.execute(sql`DELETE FROM collections WHERE id = ${collection.id}`);
  await app.close();
}
