import type { AppDeps } from '../deps.js';
import type { ChatMessage, TokenUsage } from '../llm/chat-model.js';
import { callModel, type CallScope } from './model-call.js';
import { buildCondenseMessages } from './prompt.js';

const MAX_STANDALONE_CHARS = 1000;

/**
 * Condenses a follow-up into a standalone question before retrieval (DESIGN §7): by the language model when one is
 * configured, by the extractive model's fixed rule otherwise (both behind `ChatModel`). Model output is checked:
 * the first non-empty line, without a label or quotes; the original question when nothing usable comes back.
 */
export async function condenseQuestion(
  deps: AppDeps,
  scope: CallScope,
  { question, history, signal }: { question: string; history: readonly ChatMessage[]; signal: AbortSignal | undefined },
): Promise<{ question: string; usage: TokenUsage | undefined }> {
  const messages = buildCondenseMessages(question, history);
  const completion = await callModel(deps, scope, { kind: 'condense', messages, question, history }, { signal });
  return { question: cleanStandalone(completion.text) ?? question, usage: completion.usage };
}

export function cleanStandalone(text: string): string | undefined {
  const line = text
    .split('\n')
    .map((candidate) => candidate.trim())
    .find((candidate) => candidate !== '');
  if (line === undefined) return undefined;
  const unlabelled = line.replace(/^(?:standalone question|question)\s*:\s*/i, '').replace(/^["“'](.*)["”']$/, '$1').trim();
  return unlabelled === '' ? undefined : unlabelled.slice(0, MAX_STANDALONE_CHARS);
}
