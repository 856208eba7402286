import pino from 'pino';
import { purgeLlmLog } from '../src/answering/llm-log.js';
import { buildApp } from '../src/app.js';
import { ConfigError, loadConfig } from '../src/config.js';

/**
 * `npm run llm-log:purge`: deletes LLM call log rows older than LLM_LOG_RETENTION_DAYS (default 180) and expired
 * cached answers, for every tenant of the configured database. Safe to run from cron at any frequency.
 */
try {
  const config = loadConfig();
  const app = await buildApp(config, { logger: pino({ level: 'warn' }) });
  try {
    const { llmCalls, answers, cutoff } = await purgeLlmLog(app.deps);
    console.log(`deleted ${llmCalls} LLM calls logged before ${cutoff.toISOString()} (retention ${config.llm.logRetentionDays} days) and ${answers} expired cached answers`);
  } finally {
    await app.close();
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
