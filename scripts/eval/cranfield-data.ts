import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Loader for the Cranfield 1400 collection in SMART "dot-field" format (see
 * ../shared/data/cranfield/PROVENANCE.md). The files are read in place at run time, never copied into the repo.
 */

export interface CranfieldDocument {
  /** The `.I` number as a string ("1".."1400"): the id the qrels use. */
  id: string;
  title: string;
  author: string;
  /** Body to ingest: title + "\n\n" + abstract (`.W`, which itself starts by repeating the title). */
  text: string;
}

export interface CranfieldQuery {
  /** Position in cran.qry (1..225); the qrels use this, not the zero-padded, gappy `.I` number. */
  number: number;
  text: string;
}

/** Query number → (document id → gain). Only judged-relevant pairs (gain > 0) are present. */
export type CranfieldQrels = Map<number, Map<string, number>>;

export interface CranfieldData {
  documents: CranfieldDocument[];
  queries: CranfieldQuery[];
  qrels: CranfieldQrels;
}

/** `<repo>/../shared/data/cranfield`, found from this file's location so it does not depend on the cwd. */
export function defaultCranfieldDir(): string {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  return path.resolve(repoRoot, '../shared/data/cranfield');
}

/** Reads cran.all.1400, cran.qry and cranqrel from `dir` and checks they agree with each other. */
export async function loadCranfield(dir: string): Promise<CranfieldData> {
  const [corpusText, queryText, qrelText] = await Promise.all(
    ['cran.all.1400', 'cran.qry', 'cranqrel'].map(async (name) => {
      const file = path.join(dir, name);
      try {
        return await readFile(file, 'utf8');
      } catch (error) {
        throw new Error(`reading Cranfield file ${file}`, { cause: error });
      }
    }),
  );
  const documents = parseDocuments(corpusText ?? '');
  const queries = parseQueries(queryText ?? '');
  const qrels = parseQrels(qrelText ?? '', {
    queryCount: queries.length,
    documentIds: new Set(documents.map((document) => document.id)),
  });
  return { documents, queries, qrels };
}

interface SmartRecord {
  id: string;
  fields: Map<string, string[]>;
}

const RECORD_START = /^\.I\s+(\S+)\s*$/;
const FIELD_MARKER = /^\.([TABW])\s*$/;

/**
 * Splits SMART text into `.I` records of `.T/.A/.B/.W` fields. `.W` is always the last field, so once it starts
 * every later marker line is treated as abstract text: docs 240, 576 and 578 have stray `.A`/`.B`/`.W` lines inside
 * their abstracts, and switching field on them would push abstract text into the author.
 */
export function parseSmartRecords(text: string): SmartRecord[] {
  const records: SmartRecord[] = [];
  let current: SmartRecord | undefined;
  let field: string | undefined;
  // The shipped files use CRLF; split on both so `.I` lines match.
  for (const line of text.split(/\r?\n/)) {
    const start = RECORD_START.exec(line);
    if (start?.[1] !== undefined) {
      current = { id: start[1], fields: new Map() };
      records.push(current);
      field = undefined;
      continue;
    }
    if (current === undefined) continue; // nothing before the first `.I`
    const marker = FIELD_MARKER.exec(line);
    if (marker?.[1] !== undefined && field !== 'W') {
      field = marker[1];
      if (!current.fields.has(field)) current.fields.set(field, []);
      continue;
    }
    if (marker !== null) continue; // a stray marker inside the abstract: drop the marker, keep what follows
    // Blank lines carry nothing once a field's lines are joined with spaces.
    if (field !== undefined && line.trim() !== '') current.fields.get(field)?.push(line);
  }
  return records;
}

/** Lines → one string with single spaces: line breaks in these files are typewriter wrapping, not structure. */
function joinField(record: SmartRecord, field: string): string {
  return (record.fields.get(field) ?? []).join(' ').replace(/\s+/g, ' ').trim();
}

export function parseDocuments(text: string): CranfieldDocument[] {
  return parseSmartRecords(text).map((record) => {
    const title = joinField(record, 'T');
    return {
      id: String(Number(record.id)),
      title,
      author: joinField(record, 'A'),
      text: `${title}\n\n${joinField(record, 'W')}`,
    };
  });
}

export function parseQueries(text: string): CranfieldQuery[] {
  return parseSmartRecords(text).map((record, index) => ({ number: index + 1, text: joinField(record, 'W') }));
}

/**
 * Parses `query document code` lines. Cleverdon's codes: 1 complete answer … 4 minimum interest; gain = 5 − code.
 * Code −1 (one line per query, unexplained in the readme) and anything below 1 are ignored. Unknown codes,
 * out-of-range queries and unknown documents throw, because a silent mismatch would skew every metric.
 */
export function parseQrels(
  text: string,
  { queryCount, documentIds }: { queryCount: number; documentIds: ReadonlySet<string> },
): CranfieldQrels {
  const qrels: CranfieldQrels = new Map();
  text.split(/\r?\n/).forEach((line, index) => {
    const columns = line.trim().split(/\s+/);
    if (columns.length === 1 && columns[0] === '') return;
    const [queryColumn, documentColumn, codeColumn] = columns;
    const query = Number(queryColumn);
    const documentId = String(Number(documentColumn));
    const code = Number(codeColumn);
    const where = `cranqrel line ${index + 1} (${JSON.stringify(line)})`;
    if (columns.length !== 3 || ![query, code].every(Number.isInteger)) {
      throw new Error(`${where}: expected "query doc code"`);
    }
    if (query < 1 || query > queryCount) throw new Error(`${where}: query ${query} is not in 1..${queryCount}`);
    if (!documentIds.has(documentId)) throw new Error(`${where}: unknown document ${documentId}`);
    if (code < 1) return;
    if (code > 4) throw new Error(`${where}: relevance code ${code} is not in 1..4`);
    const judgments = qrels.get(query) ?? new Map<string, number>();
    // No pair is judged twice in the shipped file; if one were, its best judgment counts.
    judgments.set(documentId, Math.max(judgments.get(documentId) ?? 0, 5 - code));
    qrels.set(query, judgments);
  });
  return qrels;
}
