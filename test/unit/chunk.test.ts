import { getEncoding } from 'js-tiktoken';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { chunkDocument, type Chunk } from '../../src/ingestion/chunk.js';
import { parseDocument, type ParsedDocument } from '../../src/ingestion/parse.js';
import { countTokens } from '../../src/text/tokens.js';

const ENGLISH = 'the index ranks every chunk by term weight and vector distance before answers cite sources'.split(' ');
const KOREAN = '검색 증강 생성은 문서를 작은 조각으로 나누어 색인하고 질문과 관련된 내용을 찾아 답변을 만듭니다'.split(' ');

/** Deterministic prose: `count` sentences of 6..17 words, one paragraph per `sentencesPerLine` sentences. */
function prose(words: string[], count: number, seed = 1, sentencesPerLine = 4): string {
  let state = seed;
  const next = (): number => (state = (state * 48_271) % 2_147_483_647);
  const sentences = Array.from({ length: count }, () => {
    const length = 6 + (next() % 12);
    return `${Array.from({ length }, () => words[next() % words.length]).join(' ')}.`;
  });
  const lines: string[] = [];
  for (let index = 0; index < sentences.length; index += sentencesPerLine) lines.push(sentences.slice(index, index + sentencesPerLine).join(' '));
  return lines.join('\n');
}

const LONG_MARKDOWN = [
  '# Manual',
  prose(ENGLISH, 6, 2),
  '## Install',
  prose(ENGLISH, 120, 3),
  '### On Linux',
  prose(ENGLISH, 40, 4) + '\n\n```sh\napt-get install ragway\n```',
  '## 사용법',
  prose(KOREAN, 80, 5),
].join('\n\n');

function expectWellFormedChunks(parsed: ParsedDocument, chunks: Chunk[], chunkSize: number): void {
  expect(chunks.map((chunk) => chunk.ordinal)).toEqual(chunks.map((_, index) => index));
  for (const chunk of chunks) {
    expect(parsed.text.slice(chunk.charStart, chunk.charEnd)).toBe(chunk.content);
    expect(chunk.tokenCount).toBe(countTokens(chunk.content));
    expect(chunk.tokenCount).toBeLessThanOrEqual(chunkSize);
    expect(chunk.content).toBe(chunk.content.trim());
    expect(chunk.content).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  }
}

/** Every non-whitespace character of the text lies in some chunk: splitting loses nothing. */
function expectFullCoverage(parsed: ParsedDocument, chunks: Chunk[]): void {
  const covered = new Uint8Array(parsed.text.length);
  for (const chunk of chunks) covered.fill(1, chunk.charStart, chunk.charEnd);
  const lost = parsed.text.split('').filter((character, index) => covered[index] === 0 && character.trim() !== '');
  expect(lost).toEqual([]);
}

async function rejection(action: () => Promise<unknown>): Promise<AppError> {
  const error: unknown = await action().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

describe('chunkDocument', () => {
  const parsed = parseDocument({ content: LONG_MARKDOWN, mimeType: 'text/markdown' });

  it.each([
    [64, 8],
    [128, 32],
    [512, 64],
  ])('keeps chunks within %i tokens with exact offsets and ordinals 0..n-1 (overlap %i)', async (chunkSize, chunkOverlap) => {
    const chunks = await chunkDocument(parsed, { chunkSize, chunkOverlap });
    expect(chunks.length).toBeGreaterThan(1);
    expectWellFormedChunks(parsed, chunks, chunkSize);
    expectFullCoverage(parsed, chunks);
  });

  it('overlaps consecutive chunks of a long section with shared text', async () => {
    const chunks = (await chunkDocument(parsed, { chunkSize: 64, chunkOverlap: 16 })).filter((chunk) => chunk.headingPath.join('/') === 'Manual/Install');
    expect(chunks.length).toBeGreaterThan(5);
    for (const [previous, next] of chunks.slice(1).map((chunk, index) => [chunks[index], chunk] as const)) {
      expect(next?.charStart).toBeLessThan(previous?.charEnd ?? 0);
      const shared = parsed.text.slice(next.charStart, previous?.charEnd);
      expect(previous?.content.endsWith(shared)).toBe(true);
      expect(next.content.startsWith(shared)).toBe(true);
      expect(countTokens(shared)).toBeGreaterThan(0);
      expect(countTokens(shared)).toBeLessThanOrEqual(16);
    }
  });

  it('does not overlap when chunkOverlap is 0', async () => {
    const chunks = await chunkDocument(parsed, { chunkSize: 64, chunkOverlap: 0 });
    chunks.slice(1).forEach((chunk, index) => expect(chunk.charStart).toBeGreaterThanOrEqual(chunks[index]?.charEnd ?? Infinity));
  });

  it('never lets a chunk cross a section boundary, and labels it with its section path', async () => {
    const chunks = await chunkDocument(parsed, { chunkSize: 64, chunkOverlap: 16 });
    for (const chunk of chunks) {
      const section = parsed.sections.find((candidate) => candidate.start <= chunk.charStart && chunk.charStart < candidate.end);
      expect(section).toBeDefined();
      expect(chunk.charEnd).toBeLessThanOrEqual(section?.end ?? -1);
      expect(chunk.headingPath).toEqual(section?.headingPath);
    }
  });

  it('merges a heading-only section into its first subsection', async () => {
    const bare = parseDocument({ content: '# Guide\n\n## Install\n\nRun the installer.\n\n## Usage\n\nQuery it.', mimeType: 'text/markdown' });
    const chunks = await chunkDocument(bare);
    expect(chunks.map(({ content, headingPath }) => ({ content, headingPath }))).toEqual([
      { content: 'Guide\n\nInstall\n\nRun the installer.', headingPath: ['Guide', 'Install'] },
      { content: 'Usage\n\nQuery it.', headingPath: ['Guide', 'Usage'] },
    ]);
  });

  it('chunks Korean text without spaces-based surprises', async () => {
    const korean = parseDocument({ content: prose(KOREAN, 200, 9, 50), mimeType: 'text/plain' });
    const chunks = await chunkDocument(korean, { chunkSize: 100, chunkOverlap: 20 });
    expect(chunks.length).toBeGreaterThan(3);
    expectWellFormedChunks(korean, chunks, 100);
    expectFullCoverage(korean, chunks);
    for (const chunk of chunks) expect(chunk.content).toMatch(/^[가-힣]/);
  });

  it('splits text with no separators at all between code points, never inside a surrogate pair', async () => {
    const emoji = parseDocument({ content: '🚀ß字👩‍💻'.repeat(400), mimeType: 'text/plain' });
    const chunks = await chunkDocument(emoji, { chunkSize: 32, chunkOverlap: 4 });
    expectWellFormedChunks(emoji, chunks, 32);
    expectFullCoverage(emoji, chunks);
  });

  it('treats special-token strings as plain text', async () => {
    const special = parseDocument({ content: 'before <|endoftext|> after', mimeType: 'text/plain' });
    expect((await chunkDocument(special)).map((chunk) => chunk.content)).toEqual(['before <|endoftext|> after']);
  });

  it.each([
    [{ chunkSize: 31 }],
    [{ chunkSize: 8193 }],
    [{ chunkSize: 100.5 }],
    [{ chunkSize: Number.NaN }],
    [{ chunkSize: 64, chunkOverlap: -1 }],
    [{ chunkSize: 64, chunkOverlap: 64 }],
    [{ chunkSize: 64, chunkOverlap: 1.5 }],
  ])('rejects options %j with BAD_USER_INPUT', async (options) => {
    expect((await rejection(() => chunkDocument(parsed, options))).code).toBe('BAD_USER_INPUT');
  });
});

describe('countTokens', () => {
  it('matches js-tiktoken cl100k_base exactly', () => {
    const encoder = getEncoding('cl100k_base');
    const samples = [
      LONG_MARKDOWN,
      '日本語のテキスト、中文文本。 emoji 👩‍💻🚀 numbers 1234567 3.14159 and <|endoftext|>',
      'function foo(bar) {\n\treturn bar ** 2; // done\n}\n\n\n   trailing   ',
      'x'.repeat(300),
    ];
    for (const sample of samples) expect(countTokens(sample)).toBe(encoder.encode(sample, [], []).length);
  });
});
