import { setTimeout as delay } from 'node:timers/promises';
import { ChatOpenAI } from '@langchain/openai';
import type { ChatCompletion, ChatMessage, ChatModel, ChatTask, GenerateOptions, TokenUsage } from './chat-model.js';
import { classifyUpstreamError, upstreamError, UpstreamTimeoutError } from './upstream-failure.js';

export interface OpenAIChatOptions {
  model: string;
  /** Sent as the bearer token; a placeholder is sent when absent, for compatible servers that need no key. */
  apiKey?: string | undefined;
  /** An OpenAI-compatible endpoint ending in `/v1`. @default the OpenAI API */
  baseUrl?: string | undefined;
  /** Longest wait for the first token and between two tokens (an idle timeout, so long answers may stream). @default 30000 */
  timeoutMs?: number;
  /** Extra attempts after a retryable failure (429, 408, 5xx, timeout, connection) before any text arrived. @default 2 */
  maxRetries?: number;
  /** First backoff delay; doubles per attempt up to `maxRetryDelayMs`, with jitter. @default 500 */
  retryDelayMs?: number;
  /** @default 8000 */
  maxRetryDelayMs?: number;
}

const PLACEHOLDER_API_KEY = 'not-needed';

/** Thrown inside one attempt; remembers whether text already reached the caller (then a retry would repeat it). */
class AttemptFailure extends Error {
  constructor(readonly original: unknown, readonly emitted: boolean) {
    super('attempt failed', { cause: original });
  }
}

/**
 * Answers through an OpenAI-compatible `/v1/chat/completions` endpoint with `ChatOpenAI`, always streamed with
 * `.stream()` (its non-streaming path can try to download a tokenizer) and with usage requested in the stream.
 * Retries happen here with backoff (LangChain's and the client's own are off), only before any text was passed on.
 * The caller's signal aborts the HTTP request at once; the idle timer is cleared however the call ends.
 */
export function createOpenAIChatModel(options: OpenAIChatOptions): ChatModel {
  const { model, timeoutMs = 30_000, maxRetries = 2, retryDelayMs = 500, maxRetryDelayMs = 8000 } = options;
  const client = new ChatOpenAI({
    model,
    apiKey: options.apiKey ?? PLACEHOLDER_API_KEY,
    maxRetries: 0,
    useResponsesApi: false, // compatible servers (Ollama, vLLM, LM Studio) implement chat completions only
    streamUsage: true,
    configuration: { baseURL: options.baseUrl },
  });

  const generate = async (task: ChatTask, { signal, onDelta }: GenerateOptions = {}): Promise<ChatCompletion> => {
    const what = task.kind === 'answer' ? 'answering' : 'condensing the conversation';
    for (let attempt = 1; ; attempt += 1) {
      signal?.throwIfAborted();
      try {
        return await streamOnce(client, task.messages, { signal, onDelta, timeoutMs });
      } catch (error) {
        signal?.throwIfAborted(); // the caller cancelled: report that, not an upstream failure
        const failure = error instanceof AttemptFailure ? error : new AttemptFailure(error, false);
        const classified = classifyUpstreamError(failure.original);
        if (!classified.retryable || failure.emitted || attempt > maxRetries) {
          throw upstreamError(classified, { attempts: attempt, what, cause: failure.original, interrupted: failure.emitted });
        }
        const backoff = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (attempt - 1));
        // Jitter spreads out the retries of clients that failed together; the timer is cleared on abort.
        await sleep(backoff / 2 + (Math.random() * backoff) / 2, signal);
      }
    }
  };
  return { provider: 'openai', model, generate };
}

/** A backoff pause whose timer is cleared on abort, rejecting with the caller's reason rather than the timer's. */
async function sleep(milliseconds: number, signal: AbortSignal | undefined): Promise<void> {
  await delay(milliseconds, undefined, signal === undefined ? {} : { signal }).catch((error: unknown) => {
    signal?.throwIfAborted();
    throw error;
  });
}

async function streamOnce(
  client: ChatOpenAI,
  messages: readonly ChatMessage[],
  { signal, onDelta, timeoutMs }: { signal: AbortSignal | undefined; onDelta: ((delta: string) => void) | undefined; timeoutMs: number },
): Promise<ChatCompletion> {
  const attempt = new AbortController();
  const forwardAbort = () => attempt.abort(signal?.reason);
  signal?.addEventListener('abort', forwardAbort, { once: true });
  const idle = setTimeout(() => attempt.abort(new UpstreamTimeoutError(timeoutMs)), timeoutMs);
  let text = '';
  let usage: TokenUsage | undefined;
  try {
    const stream = await client.stream(
      messages.map((message) => ({ role: message.role, content: message.content })),
      { signal: attempt.signal },
    );
    for await (const chunk of stream) {
      idle.refresh();
      const piece = typeof chunk.content === 'string' ? chunk.content : '';
      if (piece !== '') {
        text += piece;
        onDelta?.(piece);
      }
      const reported = chunk.usage_metadata;
      if (reported !== undefined) usage = { promptTokens: reported.input_tokens, completionTokens: reported.output_tokens };
    }
    return { text, usage };
  } catch (error) {
    // LangChain rethrows an abort as an error of its own; the attempt's reason says what really happened.
    const original = attempt.signal.aborted ? attempt.signal.reason : error;
    throw new AttemptFailure(original, text !== '');
  } finally {
    clearTimeout(idle);
    signal?.removeEventListener('abort', forwardAbort);
  }
}
