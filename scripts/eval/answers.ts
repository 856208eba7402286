import pino from 'pino';
import { ask } from '../../src/answering/ask.js';
import { measureRelevance, RELEVANCE_THRESHOLD } from '../../src/answering/relevance.js';
import type { AnswerOutput } from '../../src/answering/types.js';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { findChunksByIds } from '../../src/db/chunks.js';
import { findDocumentsByIds } from '../../src/db/documents.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { ingestDocument } from '../../src/ingestion/ingest.js';
import { search } from '../../src/retrieval/search.js';
import { ANSWERABLE, CALIBRATION_UNANSWERABLE, UNANSWERABLE } from './answer-questions.js';
import { defaultCranfieldDir, loadCranfield } from './cranfield-data.js';
import { median } from './metrics.js';
import { printTable } from './report.js';

/**
 * `npm run eval:answers` (also the second half of `npm run eval`): grounded answers over Cranfield through ragway's
 * own `ask` service. Reports citation validity (every citation points at a retrieved chunk and quotes it verbatim),
 * whether the expected document is cited, and whether unanswerable questions get "not found". `--calibrate` also
 * prints how the not-found threshold separates the 225 official queries from a separate set of unanswerable ones.
 * Uses the configured answerer: the extractive one unless an LLM is configured (see README, LLM_PROVIDER).
 */
const config = loadConfig({ ...process.env, RAGWAY_DATA_DIR: process.env['RAGWAY_DATA_DIR'] ?? 'memory://', LOG_LEVEL: 'warn' });
const app = await buildApp(config, { logger: pino({ level: 'warn' }) });
const { deps } = app;
const tenantId = deps.defaultTenantId;
const collection = `cranfield-answers-${Date.now()}`;

type Scored = { answer: AnswerOutput; validCitations: number; citations: number; citedExternalIds: Set<string>; ms: number };

async function askAndCheck(question: string): Promise<Scored> {
  const started = performance.now();
  const answer = await ask(deps, { tenantId, collection, question });
  const ms = performance.now() - started;
  const retrieved = new Set(answer.retrieval.hits.map((hit) => hit.chunkId));
  const chunks = new Map((await findChunksByIds(deps.db, tenantId, answer.citations.map((citation) => citation.chunkId))).map((chunk) => [chunk.id, chunk]));
  const documents = await findDocumentsByIds(deps.db, tenantId, answer.citations.map((citation) => citation.documentId));
  const validCitations = answer.citations.filter((citation) => {
    const chunk = chunks.get(citation.chunkId);
    return retrieved.has(citation.chunkId) && chunk !== undefined && chunk.documentId === citation.documentId && citation.quote !== '' && chunk.content.includes(citation.quote);
  }).length;
  return { answer, validCitations, citations: answer.citations.length, citedExternalIds: new Set(documents.map((document) => document.externalId)), ms };
}

async function calibrate(queries: readonly string[]): Promise<void> {
  const coverageOf = async (question: string) => {
    const { hits, collection: row } = await search(deps, { tenantId, collection, query: question, limit: 8 });
    return measureRelevance(deps.db, { collection: row, question, hitIds: hits.map((hit) => hit.chunkId) });
  };
  const answerable = await Promise.all(queries.map(coverageOf));
  const unanswerable = await Promise.all(CALIBRATION_UNANSWERABLE.map(coverageOf));
  const rows = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7].map((threshold) => {
    const kept = answerable.filter((value) => value >= threshold).length / answerable.length;
    const rejected = unanswerable.filter((value) => value < threshold).length / unanswerable.length;
    return { threshold, 'answerable kept': kept, 'unanswerable rejected': rejected, 'balanced accuracy': (kept + rejected) / 2 };
  });
  printTable(rows, `Not-found threshold calibration: ${answerable.length} Cranfield queries vs ${unanswerable.length} calibration questions (in use: ${RELEVANCE_THRESHOLD})`);
}

const percent = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

try {
  await createCollection(deps, { tenantId, name: collection, textSearchConfig: 'english' });
  const { documents, queries } = await loadCranfield(process.env['CRANFIELD_DIR'] ?? defaultCranfieldDir());
  let ingested = 0;
  for (const document of documents) {
    if (document.text.trim() === '') continue; // records 471 and 995 are empty
    await ingestDocument(deps, { tenantId, collection, externalId: document.id, title: null, content: document.text });
    if (++ingested % 200 === 0) process.stderr.write(`\ringested ${ingested}/${documents.length}`);
  }
  process.stderr.write('\n');
  if (process.argv.includes('--calibrate')) await calibrate(queries.map((query) => query.text));

  const answerable = [];
  for (const item of ANSWERABLE) answerable.push({ ...item, scored: await askAndCheck(item.question) });
  const unanswerable = [];
  for (const question of UNANSWERABLE) unanswerable.push({ question, scored: await askAndCheck(question) });
  const all = [...answerable, ...unanswerable].map((item) => item.scored);

  const missed = answerable.filter((item) => !item.scored.citedExternalIds.has(item.expected));
  const answeredAnyway = unanswerable.filter((item) => item.scored.answer.grounded);
  for (const item of missed) process.stderr.write(`expected doc ${item.expected} not cited: ${item.question} → cited ${[...item.scored.citedExternalIds].join(', ') || 'nothing'}\n`);
  for (const item of answeredAnyway) process.stderr.write(`answered an unanswerable question: ${item.question}\n`);

  const citationValidity = percent(all.reduce((sum, item) => sum + item.validCitations, 0), all.reduce((sum, item) => sum + item.citations, 0));
  const correctCited = percent(answerable.length - missed.length, answerable.length);
  const notFound = percent(unanswerable.length - answeredAnyway.length, unanswerable.length);
  const results = [
    { check: 'citation validity', value: citationValidity, target: 1, met: citationValidity >= 1 ? 'yes' : 'NO' },
    { check: 'expected document cited', value: correctCited, target: 0.8, met: correctCited >= 0.8 ? 'yes' : 'NO' },
    { check: 'unanswerable → not found', value: notFound, target: 0.9, met: notFound >= 0.9 ? 'yes' : 'NO' },
    { check: 'answerable → grounded', value: percent(answerable.filter((item) => item.scored.answer.grounded).length, answerable.length), target: '', met: '' },
  ];
  const model = deps.chatModel.model;
  printTable(results, `Answers over Cranfield: ${ANSWERABLE.length} answerable + ${UNANSWERABLE.length} unanswerable questions, ${model}, ${config.database.kind} runtime, p50 ${median(all.map((item) => item.ms)).toFixed(1)} ms`);
  if (results.some((row) => row.met === 'NO')) process.exitCode = 1;
} finally {
  await app.close();
}
