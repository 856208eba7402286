// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Layering (STYLE.md): server → graphql → {ingestion, retrieval, answering, dedup} → {db, llm, cache} → errors;
 * text/ holds pure text helpers (token counts, CJK bigrams) that every service may use and that import no project code.
 * Each folder lists what it may not import, so the rule is checked rather than remembered.
 */
const local = (folder) => `^\\.{1,2}/(\\.\\./)*(${folder})(/|\\.js$)`;
const upper = [local('server'), local('graphql'), local('main')];
const services = [local('ingestion'), local('retrieval'), local('answering'), local('dedup')];
const vendors = (allowedIn) =>
  [
    { name: '@langchain/openai', folder: 'llm' },
    { name: 'ioredis', folder: 'cache' },
    { name: 'pg', folder: 'db' },
    { name: '@electric-sql/pglite', folder: 'db' },
  ]
    .filter((vendor) => vendor.folder !== allowedIn)
    .map((vendor) => ({ name: vendor.name, message: `only src/${vendor.folder}/ talks to ${vendor.name}` }));

const restrict = (files, patterns, folder) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { paths: vendors(folder), patterns: patterns.map((regex) => ({ regex, message: 'import against the layering in STYLE.md' })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['node_modules/', 'src/graphql/generated/', 'migrations/', '.ragway/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  restrict(['src/db/**'], [...upper, ...services, local('llm'), local('cache')], 'db'),
  restrict(['src/llm/**'], [...upper, ...services, local('db'), local('cache')], 'llm'),
  restrict(['src/cache/**'], [...upper, ...services, local('db'), local('llm')], 'cache'),
  restrict(['src/ingestion/**', 'src/retrieval/**', 'src/dedup/**'], [...upper, local('answering')], undefined),
  restrict(['src/answering/**'], [...upper, local('ingestion'), local('dedup')], undefined),
  restrict(['src/graphql/**'], [local('server'), local('main')], undefined),
  restrict(['src/server/**'], [local('main')], undefined),
  restrict(['src/errors.ts', 'src/config.ts'], ['^\\.'], undefined),
  restrict(['src/text/**'], ['^\\.\\.'], undefined),
);
