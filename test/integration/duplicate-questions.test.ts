import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTenant } from '../../src/db/tenants.js';
import { similarQuestions, submitQuestion } from '../../src/dedup/questions.js';
import { createCollection } from '../../src/ingestion/collections.js';
import { startHttpServer, type RunningServer } from '../../src/server/http.js';
import { ADMIN_DATABASE_URL, RUNTIMES } from '../support/databases.js';
import { errorCodes, graphql } from '../support/graphql-client.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type QuestionData = { id: string; text: string; externalId: string | null; canonical: { id: string } | null };
type MatchData = { question: QuestionData; similarity: number; cosineSimilarity: number; lexicalSimilarity: number; isDuplicate: boolean };
type SubmissionData = { submitQuestion: { question: QuestionData; duplicateOf: { id: string } | null; matches: MatchData[] } };

const QUESTION = 'id text externalId canonical { id }';
const SUBMIT = `mutation Submit($input: SubmitQuestionInput!) {
  submitQuestion(input: $input) { question { ${QUESTION} } duplicateOf { id } matches { question { ${QUESTION} } similarity cosineSimilarity lexicalSimilarity isDuplicate } } }`;
const SIMILAR = `query Similar($input: SimilarQuestionsInput!) {
  similarQuestions(input: $input) { question { ${QUESTION} } similarity cosineSimilarity lexicalSimilarity isDuplicate } }`;
const LIST = `query List($collection: String!, $canonicalOnly: Boolean, $first: Int, $after: String) {
  questions(collection: $collection, canonicalOnly: $canonicalOnly, first: $first, after: $after) { nodes { ${QUESTION} } pageInfo { hasNextPage endCursor } } }`;
const CLUSTERS = `query Clusters($collection: String!, $threshold: Float) {
  duplicateClusters(collection: $collection, threshold: $threshold) { size canonical { id text } members { id text } } }`;

describe.each(RUNTIMES)('duplicate questions on %s', (runtime) => {
  let app: TestApp;
  let server: RunningServer;
  const submit = async (collection: string, question: string, extra: Record<string, unknown> = {}) => {
    const result = await graphql<SubmissionData>(server.url, SUBMIT, { input: { collection, question, ...extra } });
    expect(result.errors, question).toBeUndefined();
    return result.data?.submitQuestion ?? expect.unreachable();
  };
  const similar = async (input: Record<string, unknown>) => {
    const result = await graphql<{ similarQuestions: MatchData[] }>(server.url, SIMILAR, { input });
    expect(result.errors).toBeUndefined();
    return result.data?.similarQuestions ?? expect.unreachable();
  };
  const list = async (variables: Record<string, unknown>) => {
    const result = await graphql<{ questions: { nodes: QuestionData[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }>(server.url, LIST, variables);
    expect(result.errors).toBeUndefined();
    return result.data?.questions ?? expect.unreachable();
  };

  beforeAll(async () => {
    app = await createTestApp(runtime);
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    for (const name of ['faq', 'other', 'backlog', 'edits', 'korean']) {
      const created = await graphql(server.url, `mutation { createCollection(input: { name: "${name}" }) { name } }`);
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
  });

  it('links exact, case/whitespace and paraphrased repeats to the first question', async () => {
    const first = await submit('faq', 'How do I reset my password?', { metadata: { source: 'web' } });
    expect(first.duplicateOf).toBeNull();
    expect(first.matches).toEqual([]);
    const variant = await submit('faq', '  how do I RESET my   password ');
    expect(variant.duplicateOf?.id).toBe(first.question.id);
    expect(variant.matches[0]).toMatchObject({ question: { id: first.question.id }, similarity: 1, isDuplicate: true });
    const paraphrase = await submit('faq', 'How can I reset my password?');
    expect(paraphrase.duplicateOf?.id).toBe(first.question.id);
    expect(paraphrase.question.canonical?.id).toBe(first.question.id);
    const unrelated = await submit('faq', 'Which payment methods do you accept?');
    expect(unrelated.duplicateOf).toBeNull();
    expect(unrelated.matches.every((match) => !match.isDuplicate)).toBe(true);
  });

  it('ranks similar questions with explainable scores and stores nothing', async () => {
    const before = (await list({ collection: 'faq', first: 100 })).nodes.length;
    const matches = await similar({ collection: 'faq', question: 'how can i reset my password', limit: 3 });
    expect(matches).toHaveLength(3);
    expect(matches[0]).toMatchObject({ similarity: 1, isDuplicate: true, question: { text: 'How can I reset my password?' } });
    const similarities = matches.map((match) => match.similarity);
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    for (const match of matches) {
      expect(match.lexicalSimilarity).toBeGreaterThanOrEqual(0);
      expect(match.lexicalSimilarity).toBeLessThanOrEqual(1);
      expect(match.cosineSimilarity).toBeLessThanOrEqual(1.000001);
    }
    const strict = await similar({ collection: 'faq', question: 'How do I reset the password?', threshold: 0.99 });
    expect(strict.filter((match) => match.isDuplicate)).toEqual([]);
    const lenient = await similar({ collection: 'faq', question: 'How do I reset the password?', threshold: 0.3 });
    expect(lenient.filter((match) => match.isDuplicate).length).toBeGreaterThanOrEqual(3);
    expect((await list({ collection: 'faq', first: 100 })).nodes).toHaveLength(before);
  });

  it('is idempotent per externalId and refuses a different text under the same id', async () => {
    const first = await submit('faq', 'Do you ship to Canada?', { externalId: 'ticket-1' });
    const again = await submit('faq', 'do you ship to canada', { externalId: 'ticket-1' });
    expect(again.question.id).toBe(first.question.id);
    expect(again.matches.map((match) => match.question.id)).not.toContain(first.question.id);
    const clash = await graphql(server.url, SUBMIT, { input: { collection: 'faq', question: 'Do you ship to Mexico?', externalId: 'ticket-1' } });
    expect(errorCodes(clash)).toEqual(['BAD_USER_INPUT']);
    const withId = (await list({ collection: 'faq', first: 100 })).nodes.filter((node) => node.externalId === 'ticket-1');
    expect(withId).toHaveLength(1);
  });

  it('never matches across collections or tenants', async () => {
    const inOther = await submit('other', 'How do I reset my password?');
    expect(inOther.duplicateOf).toBeNull();
    expect(inOther.matches).toEqual([]);
    const tenant = await ensureTenant(app.deps.db, 'second-tenant');
    await createCollection(app.deps, { tenantId: tenant.id, name: 'faq' });
    const foreign = await submitQuestion(app.deps, { tenantId: tenant.id, collection: 'faq', question: 'How do I reset my password?' });
    expect(foreign.duplicateOf).toBeNull();
    expect(foreign.matches).toEqual([]);
    expect(await similarQuestions(app.deps, { tenantId: tenant.id, collection: 'faq', question: 'How can I reset my password?' })).toEqual([
      expect.objectContaining({ question: expect.objectContaining({ id: foreign.question.id }) }),
    ]);
    const ownMatches = await similar({ collection: 'faq', question: 'How do I reset my password?', limit: 100 });
    expect(ownMatches.map((match) => match.question.id)).not.toContain(foreign.question.id);
    expect(ownMatches.map((match) => match.question.id)).not.toContain(inOther.question.id);
  });

  it('detects Korean duplicates', async () => {
    const first = await submit('korean', '비밀번호를 재설정하려면 어떻게 해야 하나요?');
    const spaced = await submit('korean', '비밀번호를   재설정하려면 어떻게 해야 하나요');
    expect(spaced.duplicateOf?.id).toBe(first.question.id);
    const paraphrase = await submit('korean', '비밀번호 재설정은 어떻게 하나요?');
    expect(paraphrase.duplicateOf?.id).toBe(first.question.id);
    const different = await submit('korean', '결제 영수증은 어디서 받나요?');
    expect(different.duplicateOf).toBeNull();
  });

  it('pages through questions and filters canonical ones', async () => {
    const all = await list({ collection: 'faq', first: 100 });
    const firstPage = await list({ collection: 'faq', first: 2 });
    expect(firstPage.pageInfo.hasNextPage).toBe(true);
    const secondPage = await list({ collection: 'faq', first: 100, after: firstPage.pageInfo.endCursor });
    expect([...firstPage.nodes, ...secondPage.nodes].map((node) => node.id)).toEqual(all.nodes.map((node) => node.id));
    const canonical = await list({ collection: 'faq', canonicalOnly: true, first: 100 });
    expect(canonical.nodes.length).toBeGreaterThan(0);
    expect(canonical.nodes.length).toBeLessThan(all.nodes.length);
    expect(canonical.nodes.every((node) => node.canonical === null)).toBe(true);
    const foreignCursor = (await list({ collection: 'other', first: 1 })).pageInfo.endCursor;
    expect(errorCodes(await graphql(server.url, LIST, { collection: 'faq', after: foreignCursor }))).toEqual(['BAD_USER_INPUT']);
  });

  it('lets an editor merge and unlink, keeping links one level deep', async () => {
    const a = await submit('edits', 'How do I export my data to CSV?');
    const b = await submit('edits', 'Where can I download my invoice?');
    const c = await submit('edits', 'How can I export my data as a CSV file?');
    expect(c.duplicateOf?.id).toBe(a.question.id);
    const merge = `mutation { mergeQuestions(duplicateId: "${a.question.id}", canonicalId: "${b.question.id}") { id canonical { id } } }`;
    expect((await graphql(server.url, merge)).data).toEqual({ mergeQuestions: { id: a.question.id, canonical: { id: b.question.id } } });
    const afterMerge = await list({ collection: 'edits', first: 10 });
    expect(afterMerge.nodes.find((node) => node.id === c.question.id)?.canonical?.id).toBe(b.question.id);
    const promote = `mutation { mergeQuestions(duplicateId: "${b.question.id}", canonicalId: "${c.question.id}") { id canonical { id } } }`;
    expect((await graphql(server.url, promote)).data).toEqual({ mergeQuestions: { id: b.question.id, canonical: { id: c.question.id } } });
    const promoted = await list({ collection: 'edits', canonicalOnly: true, first: 10 });
    expect(promoted.nodes.map((node) => node.id)).toEqual([c.question.id]);
    const unlink = `mutation { unlinkQuestion(id: "${a.question.id}") { id canonical { id } } }`;
    expect((await graphql(server.url, unlink)).data).toEqual({ unlinkQuestion: { id: a.question.id, canonical: null } });
    const other = await submit('other', 'Anything else?');
    const crossMerge = await graphql(server.url, `mutation { mergeQuestions(duplicateId: "${other.question.id}", canonicalId: "${c.question.id}") { id } }`);
    expect(errorCodes(crossMerge)).toEqual(['BAD_USER_INPUT']);
  });

  it('groups a backlog into duplicate clusters', async () => {
    const backlog = [
      'How do I reset my password?', 'how do i reset my password', 'How can I reset my password?',
      'How long does shipping take?', 'How long does shipping usually take?',
      'Can I pay with PayPal?', 'Is there a student discount?',
    ];
    for (const question of backlog) await submit('backlog', question);
    const result = await graphql<{ duplicateClusters: { size: number; canonical: { text: string }; members: { text: string }[] }[] }>(server.url, CLUSTERS, { collection: 'backlog' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.duplicateClusters.map((cluster) => ({ size: cluster.size, canonical: cluster.canonical.text, members: cluster.members.map((member) => member.text) }))).toEqual([
      { size: 3, canonical: backlog[0], members: backlog.slice(0, 3) },
      { size: 2, canonical: backlog[3], members: backlog.slice(3, 5) },
    ]);
    const exactOnly = await graphql<{ duplicateClusters: { size: number }[] }>(server.url, CLUSTERS, { collection: 'backlog', threshold: 1 });
    expect(exactOnly.data?.duplicateClusters.map((cluster) => cluster.size)).toEqual([2]);
  });

  it('answers bad input with typed errors', async () => {
    const huge = 'why '.repeat(25 * 1024);
    const cases: [string, Record<string, unknown>, string][] = [
      [SIMILAR, { input: { collection: 'faq', question: '' } }, 'BAD_USER_INPUT'],
      [SIMILAR, { input: { collection: 'faq', question: ' ?! ' } }, 'BAD_USER_INPUT'],
      [SIMILAR, { input: { collection: 'faq', question: huge } }, 'BAD_USER_INPUT'],
      [SIMILAR, { input: { collection: 'faq', question: 'ok?', threshold: 1.5 } }, 'BAD_USER_INPUT'],
      [SIMILAR, { input: { collection: 'faq', question: 'ok?', threshold: -0.1 } }, 'BAD_USER_INPUT'],
      [SIMILAR, { input: { collection: 'faq', question: 'ok?', limit: 0 } }, 'BAD_USER_INPUT'],
      [SIMILAR, { input: { collection: 'missing', question: 'ok?' } }, 'NOT_FOUND'],
      [SUBMIT, { input: { collection: 'faq', question: '   ' } }, 'BAD_USER_INPUT'],
      [SUBMIT, { input: { collection: 'faq', question: huge } }, 'BAD_USER_INPUT'],
      [SUBMIT, { input: { collection: 'faq', question: 'ok?', metadata: [1] } }, 'BAD_USER_INPUT'],
      [CLUSTERS, { collection: 'faq', threshold: 2 }, 'BAD_USER_INPUT'],
      [LIST, { collection: 'faq', first: 0 }, 'BAD_USER_INPUT'],
      [LIST, { collection: 'faq', after: 'garbage' }, 'BAD_USER_INPUT'],
      ['mutation { unlinkQuestion(id: "nope") { id } }', {}, 'BAD_USER_INPUT'],
      ['mutation { unlinkQuestion(id: "00000000-0000-4000-8000-000000000000") { id } }', {}, 'NOT_FOUND'],
    ];
    for (const [operation, variables, code] of cases) {
      const result = await graphql(server.url, operation, variables);
      expect(result.status, JSON.stringify(variables).slice(0, 80)).toBeLessThan(500);
      expect(errorCodes(result), JSON.stringify(variables).slice(0, 80)).toEqual([code]);
    }
  });
});

// PGlite runs one statement at a time, so only a real server can interleave two submits.
describe.runIf(ADMIN_DATABASE_URL !== undefined)('concurrent duplicate submits on postgres', () => {
  let app: TestApp;
  let server: RunningServer;

  beforeAll(async () => {
    app = await createTestApp('postgres');
    server = await startHttpServer(app.deps, { port: 0, host: '127.0.0.1' });
    await graphql(server.url, 'mutation { createCollection(input: { name: "race" }) { name } }');
  });
  afterAll(async () => {
    await server?.stop();
    await app?.dispose();
  });

  it('links identical questions submitted at once to one canonical question', async () => {
    const subjects = [
      'Where is my parcel', 'Can I change my username', 'Why was my card charged twice', 'Do you sell gift vouchers',
      'How to enable dark mode', 'Is the API rate limited', 'What are your opening hours', 'Who do I contact about GDPR',
    ];
    for (const [round, subject] of subjects.entries()) {
      const variants = Array.from({ length: 6 }, (_, index) => `${index % 2 === 0 ? subject : `  ${subject.toUpperCase()}`} ${'?'.repeat(index)}`);
      const results = await Promise.all(
        variants.map((question) => graphql<SubmissionData>(server.url, SUBMIT, { input: { collection: 'race', question } })),
      );
      const questions = results.map((result) => result.data?.submitQuestion.question ?? expect.unreachable(JSON.stringify(result.errors)));
      const canonical = questions.filter((question) => question.canonical === null);
      expect(canonical, `round ${round}`).toHaveLength(1);
      const linked = questions.filter((question) => question.canonical !== null).map((question) => question.canonical?.id);
      expect(linked, `round ${round}`).toEqual(Array(5).fill(canonical[0]?.id));
    }
  });
});
