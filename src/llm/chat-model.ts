/**
 * What the answering service needs from a model that writes answers (DESIGN §7). Providers: `openai` (any
 * OpenAI-compatible chat endpoint through @langchain/openai) and `extractive` (offline, no model at all).
 *
 * A task carries both the rendered prompt (`messages`, what a language model reads) and its structured parts
 * (question, sources, history), so a provider that cannot read prompts, such as the extractive one, works from the
 * same request without parsing the prompt back.
 */
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

/** A retrieved chunk as numbered in the prompt: `[index]` in the answer cites it. */
export type NumberedSource = { index: number; content: string };

export type ChatTask =
  | { kind: 'answer'; messages: readonly ChatMessage[]; question: string; sources: readonly NumberedSource[] }
  | { kind: 'condense'; messages: readonly ChatMessage[]; question: string; history: readonly ChatMessage[] };

export type TokenUsage = { promptTokens: number; completionTokens: number };

export type ChatCompletion = {
  text: string;
  /** As reported by the provider; undefined when it reports none (the extractive model uses no tokens). */
  usage: TokenUsage | undefined;
};

export type GenerateOptions = {
  /** Aborting it cancels the upstream request at once and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Called with each piece of text as it arrives; the pieces join into `ChatCompletion.text`. */
  onDelta?: ((delta: string) => void) | undefined;
};

export interface ChatModel {
  readonly provider: 'openai' | 'extractive';
  /** Recorded with answers and in the LLM call log, e.g. `gpt-4o-mini` or `extractive-v1`. */
  readonly model: string;
  /** Failures of the upstream service surface as AppError UPSTREAM_UNAVAILABLE. */
  generate(task: ChatTask, options?: GenerateOptions): Promise<ChatCompletion>;
}
