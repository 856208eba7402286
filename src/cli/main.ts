import { Command, InvalidArgumentError, Option } from 'commander';
import pino from 'pino';
import { buildApp, type App } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { isAppError } from '../errors.js';
import { ingestCommand } from './ingest-command.js';
import { askCommand, searchCommand } from './query-commands.js';
import { collectFiles, MissingPathError } from './walk.js';

/**
 * `ragway` — the CLI's composition root. It opens the database itself through `buildApp` (the embedded one in
 * RAGWAY_DATA_DIR by default, DATABASE_URL when set): no server needs to run, and an embedded database must not be
 * open in a running server at the same time (PGlite has one writer). Exit codes: 0 ok, 1 a file failed or an
 * error, 2 bad usage.
 */
const write = (line: string): void => void process.stdout.write(`${line}\n`);

async function withApp<T>(action: (app: App) => Promise<T>): Promise<T> {
  const config = loadConfig();
  // Logs would interleave with the progress bar; warnings still reach stderr.
  const app = await buildApp(config, { logger: pino({ level: 'warn' }, pino.destination(2)) });
  try {
    return await action(app);
  } finally {
    await app.close();
  }
}

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

const program = new Command('ragway')
  .description('ragway: ingest documents and query them from the command line')
  .showHelpAfterError()
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

program
  .command('ingest')
  .description('ingest files and folders (PDF, DOCX, HTML, Markdown, text); unchanged files are skipped by content hash')
  .argument('<paths...>', 'files or folders (folders are walked recursively)')
  .requiredOption('-c, --collection <name>', 'target collection')
  .option('--no-create', 'fail when the collection does not exist instead of creating it')
  .action(async (paths: string[], options: { collection: string; create: boolean }) => {
    const files = await collectFiles(paths);
    const summary = await withApp(({ deps }) =>
      ingestCommand(deps, files, { collection: options.collection, create: options.create, interactive: process.stdout.isTTY === true, write }),
    );
    process.exitCode = summary.failed > 0 ? 1 : 0;
  });

program
  .command('search')
  .description('hybrid search in a collection')
  .argument('<query...>', 'the query')
  .requiredOption('-c, --collection <name>', 'collection to search')
  .option('-n, --limit <n>', 'number of hits', positiveInt, 5)
  .addOption(new Option('-m, --mode <mode>', 'search mode').choices(['HYBRID', 'VECTOR', 'KEYWORD']).default('HYBRID'))
  .action(async (query: string[], options: { collection: string; limit: number; mode: 'HYBRID' | 'VECTOR' | 'KEYWORD' }) => {
    await withApp(({ deps }) => searchCommand(deps, { collection: options.collection, query: query.join(' '), limit: options.limit, mode: options.mode }, write));
  });

program
  .command('ask')
  .description('answer a question from a collection, with citations')
  .argument('<question...>', 'the question')
  .requiredOption('-c, --collection <name>', 'collection to answer from')
  .action(async (question: string[], options: { collection: string }) => {
    await withApp(({ deps }) => askCommand(deps, { collection: options.collection, question: question.join(' ') }, write));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MissingPathError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(isAppError(error) ? `${error.code}: ${error.message}` : error);
  process.exit(1);
});
