import type { FusedHit } from './fusion.js';

/**
 * The exact-phrase / identifier guard (pure part). A user who quotes a phrase or types an identifier — an error
 * string, a product code, a hex value, a version — wants the chunks that contain exactly that. Fusion alone can bury
 * them: the vector leg does not know the identifier, and RRF or a vector-heavy alpha can push the chunk that BM25
 * ranks first below the cut-off. So HYBRID search pins every chunk that contains one of these needles (found by
 * bm25-phrase-leg.ts) ahead of all other hits; their fused scores and leg contributions are left untouched, so an
 * explanation still adds up.
 */
/** `duplicateOf`: as on LegHit (fusion.ts), the chunk's `duplicate_of` read with the match. */
export type ExactMatch = { chunkId: string; needles: number; bm25Score: number; duplicateOf?: string | null };

const QUOTED = /"([^"]*)"|“([^”]*)”|„([^“”]*)[“”]|「([^」]*)」|『([^』]*)』/gu;
const EDGE_PUNCTUATION = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const MAX_NEEDLES = 8;

/** Quoted phrases and identifier-like tokens of a query, in order, without duplicates (at most 8). */
export function exactNeedles(query: string): string[] {
  const needles: string[] = [];
  for (const match of query.matchAll(QUOTED)) {
    const phrase = normaliseSpaces(match.slice(1).find((group) => group !== undefined) ?? '');
    if (/[\p{L}\p{N}]/u.test(phrase)) needles.push(phrase);
  }
  const unquoted = query.replace(QUOTED, ' ');
  for (const token of unquoted.split(/\s+/u)) {
    const trimmed = token.replace(EDGE_PUNCTUATION, '');
    if (isIdentifierLike(trimmed)) needles.push(trimmed);
  }
  const seen = new Set<string>();
  const unique = needles.filter((needle) => !seen.has(needle.toLowerCase()) && seen.add(needle.toLowerCase()));
  return unique.slice(0, MAX_NEEDLES);
}

/**
 * Identifier-like: at least 3 characters and one of: letters mixed with digits (SKU-4711-B, 0x1F4A, E11000,
 * v2.3.1); an underscore between word characters (ERR_CONN_RESET); digits with two or more inner `-` `.` `:` `/` `#`
 * (10.0.0.1, 2024-01-15); camelCase starting lower-case or with two humps (getUserById, NullPointerException).
 * Plain words, hyphenated words, acronyms and plain or decimal numbers are not: BM25 and the vector leg handle
 * those well, and pinning every chunk with "1.5" in it would hurt.
 */
export function isIdentifierLike(token: string): boolean {
  if (Array.from(token).length < 3 || /\s/u.test(token)) return false;
  const hasDigit = /\p{N}/u.test(token);
  const hasLetter = /\p{L}/u.test(token);
  if (hasDigit && hasLetter) return true;
  if (/[\p{L}\p{N}]_+[\p{L}\p{N}]/u.test(token)) return true;
  if (hasDigit && (token.match(/[\p{N}\p{L}][-.:/#](?=[\p{N}\p{L}])/gu)?.length ?? 0) >= 2) return true;
  const humps = token.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0;
  return (/^\p{Ll}/u.test(token) && humps >= 1) || humps >= 2;
}

export function normaliseSpaces(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Moves exact matches to the front: most needles matched first, then in their fused order; matches neither leg
 * returned follow those of their tier, by BM25 score, with fused score 0 (no leg contributed). The rest keep their order.
 */
export function pinExactMatches(fused: readonly FusedHit[], matches: readonly ExactMatch[]): FusedHit[] {
  if (matches.length === 0) return [...fused];
  const byChunk = new Map(matches.map((match) => [match.chunkId, match]));
  const position = new Map(fused.map((hit, index) => [hit.chunkId, index]));
  const inFused = fused.filter((hit) => byChunk.has(hit.chunkId));
  const extra = matches.filter((match) => !position.has(match.chunkId)).map((match) => unrankedHit(match));
  const tier = (hit: FusedHit) => byChunk.get(hit.chunkId)?.needles ?? 0;
  const order = (hit: FusedHit) => position.get(hit.chunkId) ?? fused.length;
  const pinned = [...inFused, ...extra].sort(
    (left, right) => tier(right) - tier(left) || order(left) - order(right) || (right.bm25Score ?? 0) - (left.bm25Score ?? 0),
  );
  return [...pinned, ...fused.filter((hit) => !byChunk.has(hit.chunkId))];
}

function unrankedHit(match: ExactMatch): FusedHit {
  return {
    chunkId: match.chunkId,
    score: 0,
    bm25Score: match.bm25Score,
    bm25Rank: undefined,
    vectorScore: undefined,
    vectorRank: undefined,
    contributions: { bm25: undefined, vector: undefined },
    normalised: { bm25: undefined, vector: undefined },
  };
}
