import { deleteExpiredAnswers } from '../db/answer-cache.js';
import { deleteLlmCallsBefore, insertLlmCall } from '../db/llm-calls.js';
import type { AppDeps } from '../deps.js';
import type { TokenUsage } from '../llm/chat-model.js';

/**
 * The LLM call log (table `llm_calls`): one row per model call — and per answer served from the cache instead, with
 * `cached = true` — kept for LLM_LOG_RETENTION_DAYS and removed by `npm run llm-log:purge`.
 */
export type LlmCallRecord = {
  tenantId: string;
  collectionId: string | undefined;
  model: string;
  purpose: 'answer' | 'condense';
  usage: TokenUsage | undefined;
  latencyMs: number;
  status: 'ok' | 'error' | 'cancelled';
  cached: boolean;
  error?: string | undefined;
};

/** Never fails the request it describes: a log write that fails is itself logged and dropped. */
export async function recordLlmCall(deps: Pick<AppDeps, 'db' | 'logger'>, record: LlmCallRecord): Promise<void> {
  try {
    await insertLlmCall(deps.db, {
      tenantId: record.tenantId,
      collectionId: record.collectionId ?? null,
      model: record.model,
      purpose: record.purpose,
      promptTokens: record.usage?.promptTokens ?? null,
      completionTokens: record.usage?.completionTokens ?? null,
      latencyMs: Math.round(record.latencyMs),
      status: record.status,
      cached: record.cached,
      error: record.error?.slice(0, 2000) ?? null,
    });
  } catch (error) {
    deps.logger.warn({ err: error, purpose: record.purpose, model: record.model }, 'could not record an LLM call');
  }
}

/**
 * Removes LLM calls older than the retention period and expired cached answers.
 * @default now the current time
 */
export async function purgeLlmLog(
  deps: Pick<AppDeps, 'db' | 'config'>,
  { now = new Date() }: { now?: Date } = {},
): Promise<{ llmCalls: number; answers: number; cutoff: Date }> {
  const cutoff = new Date(now.getTime() - deps.config.llm.logRetentionDays * 24 * 3600 * 1000);
  const llmCalls = await deleteLlmCallsBefore(deps.db, cutoff);
  const answers = await deleteExpiredAnswers(deps.db, now);
  return { llmCalls, answers, cutoff };
}
