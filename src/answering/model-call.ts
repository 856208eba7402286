import type { AppDeps } from '../deps.js';
import type { ChatCompletion, ChatTask, GenerateOptions, TokenUsage } from '../llm/chat-model.js';
import { recordLlmCall } from './llm-log.js';

/** Where a model call happens, for the log. */
export type CallScope = { tenantId: string; collectionId: string };

/** Runs one model call and records it in the LLM call log, whether it succeeds, fails or is cancelled. */
export async function callModel(deps: AppDeps, scope: CallScope, task: ChatTask, options: GenerateOptions): Promise<ChatCompletion> {
  const started = performance.now();
  const record = { ...scope, model: deps.chatModel.model, purpose: task.kind, cached: false };
  try {
    const completion = await deps.chatModel.generate(task, options);
    await recordLlmCall(deps, { ...record, usage: completion.usage, latencyMs: performance.now() - started, status: 'ok' });
    return completion;
  } catch (error) {
    const status = options.signal?.aborted === true ? 'cancelled' : 'error';
    const message = error instanceof Error ? error.message : String(error);
    await recordLlmCall(deps, { ...record, usage: undefined, latencyMs: performance.now() - started, status, error: message });
    throw error;
  }
}

/** Sums the usage of the calls made for one answer; undefined while no call reported any. */
export function addUsage(total: TokenUsage | undefined, more: TokenUsage | undefined): TokenUsage | undefined {
  if (more === undefined) return total;
  if (total === undefined) return { ...more };
  return { promptTokens: total.promptTokens + more.promptTokens, completionTokens: total.completionTokens + more.completionTokens };
}
