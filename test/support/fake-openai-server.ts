import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { Embedder } from '../../src/llm/embedder.js';
import { createLocalEmbedder } from '../../src/llm/local-embedder.js';

/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for tests: `/v1/embeddings` and `/v1/chat/completions` (plain and
 * streamed). Vectors come from the local hash embedder, so they are deterministic and similar texts stay similar.
 */
export interface RequestBody {
  model?: string;
  input?: string | string[];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  messages?: { role: string; content: unknown }[];
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  [key: string]: unknown;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: RequestBody;
}

/**
 * What to send instead of the normal answer. `delayMs` holds the response back (to test timeouts, aborts and
 * concurrency); without a `status` the normal answer follows the delay.
 */
export interface ScriptedResponse {
  status?: number;
  body?: unknown;
  delayMs?: number;
}

export interface FakeOpenAIOptions {
  /** Vector length when the request sends no `dimensions`. @default 384 */
  embeddingDimension?: number;
  /** Chat reply when no queued reply is left. @default 'ok' */
  reply?: string | ((request: RequestBody) => string);
  /** Pause before each streamed token. @default 0 */
  tokenDelayMs?: number;
}

export interface FakeOpenAI {
  /** Ends in `/v1`, ready for `baseURL`. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** The next `times` requests (to `path`, if given) fail with `status` and an OpenAI-style error body. */
  enqueueFailure(status: number, times?: number, path?: string): void;
  /** Consulted for every request before the default behaviour; return undefined to fall through. */
  intercept(handler: ((request: RecordedRequest) => ScriptedResponse | undefined) | undefined): void;
  /** Chat replies used in order, before `options.reply`. */
  enqueueReply(...texts: string[]): void;
  /** Responses the client closed before the server finished them. */
  readonly clientAborts: number;
  /** Most requests the server was handling at the same moment. */
  readonly peakConcurrency: number;
  /** Resolves at the next client abort. */
  nextClientAbort(): Promise<void>;
  close(): Promise<void>;
}

function errorBody(status: number, message: string) {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: null } };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<RequestBody | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    const parsed: unknown = text === '' ? {} : JSON.parse(text);
    const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
    return isObject ? (parsed as RequestBody) : undefined;
  } catch {
    return undefined;
  }
}

const countWords = (text: string): number => text.split(/\s+/).filter(Boolean).length;

/** Splits before each word that follows whitespace, so the tokens join back into the exact reply. */
const toTokens = (text: string): string[] => text.split(/(?<=\s)(?=\S)/).filter(Boolean);

/** Starts the server on a free loopback port. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const { embeddingDimension = 384, reply = 'ok', tokenDelayMs = 0 } = options;
  const requests: RecordedRequest[] = [];
  const failures: { status: number; path: string | undefined }[] = [];
  const replies: string[] = [];
  const embedders = new Map<number, Embedder>();
  const closing = new AbortController();
  let interceptor: ((request: RecordedRequest) => ScriptedResponse | undefined) | undefined;
  let clientAborts = 0;
  let inFlight = 0;
  let peakConcurrency = 0;
  let abortWaiters: (() => void)[] = [];

  const embeddings = async (body: RequestBody) => {
    const dimension = body.dimensions ?? embeddingDimension;
    const embedder = embedders.get(dimension) ?? createLocalEmbedder({ dimension });
    embedders.set(dimension, embedder);
    const inputs = typeof body.input === 'string' ? [body.input] : (body.input ?? []);
    const vectors = await embedder.embedDocuments(inputs);
    const encode = (vector: number[]) =>
      body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
    const tokens = inputs.reduce((sum, input) => sum + countWords(input), 0);
    return {
      object: 'list',
      model: body.model,
      data: vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector) })),
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    };
  };

  const chatUsage = (body: RequestBody, completionTokens: number) => {
    const contents = (body.messages ?? []).map(({ content }) =>
      typeof content === 'string' ? content : JSON.stringify(content),
    );
    const promptTokens = countWords(contents.join(' '));
    const totalTokens = promptTokens + completionTokens;
    return { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: totalTokens };
  };

  const streamChat = async (response: ServerResponse, body: RequestBody, text: string) => {
    const id = `chatcmpl-fake-${requests.length}`;
    const base = { id, object: 'chat.completion.chunk', created: 0, model: body.model };
    const send = (payload: object) => response.write(`data: ${JSON.stringify({ ...base, ...payload })}\n\n`);
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    send({ choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
    const tokens = toTokens(text);
    for (const token of tokens) {
      if (tokenDelayMs > 0) await delay(tokenDelayMs, undefined, { signal: closing.signal }).catch(() => undefined);
      if (response.destroyed || closing.signal.aborted) return; // the client left; the close listener counted it
      send({ choices: [{ index: 0, delta: { content: token }, finish_reason: null }] });
    }
    send({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
    // As OpenAI does: usage arrives in one extra chunk with no choices.
    if (body.stream_options?.include_usage === true) send({ choices: [], usage: chatUsage(body, tokens.length) });
    response.end('data: [DONE]\n\n');
  };

  const chat = async (response: ServerResponse, body: RequestBody) => {
    const text = replies.shift() ?? (typeof reply === 'function' ? reply(body) : reply);
    if (body.stream === true) return streamChat(response, body, text);
    const message = { role: 'assistant', content: text, refusal: null };
    return sendJson(response, 200, {
      id: `chatcmpl-fake-${requests.length}`,
      object: 'chat.completion',
      created: 0,
      model: body.model,
      choices: [{ index: 0, message, finish_reason: 'stop', logprobs: null }],
      usage: chatUsage(body, toTokens(text).length),
    });
  };

  const scripted = (recorded: RecordedRequest): ScriptedResponse | undefined => {
    const failureIndex = failures.findIndex((failure) => failure.path === undefined || failure.path === recorded.path);
    const [failure] = failureIndex === -1 ? [] : failures.splice(failureIndex, 1);
    if (failure !== undefined) return { status: failure.status, body: errorBody(failure.status, 'scripted failure') };
    return interceptor?.(recorded);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    inFlight += 1;
    peakConcurrency = Math.max(peakConcurrency, inFlight);
    response.on('close', () => {
      inFlight -= 1;
      if (response.writableEnded) return;
      clientAborts += 1;
      for (const resolve of abortWaiters) resolve();
      abortWaiters = [];
    });
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    const body = await readBody(request);
    if (body === undefined) return sendJson(response, 400, errorBody(400, 'request body is not a JSON object'));
    const recorded = { method: request.method ?? 'GET', path, headers: request.headers, body };
    requests.push(recorded);
    const script = scripted(recorded);
    if (script?.delayMs !== undefined) {
      await delay(script.delayMs, undefined, { signal: closing.signal }).catch(() => undefined);
      if (response.destroyed) return;
    }
    if (script?.status !== undefined) {
      return sendJson(response, script.status, script.body ?? errorBody(script.status, 'scripted'));
    }
    if (request.method === 'POST' && path === '/v1/embeddings') return sendJson(response, 200, await embeddings(body));
    if (request.method === 'POST' && path === '/v1/chat/completions') return chat(response, body);
    sendJson(response, 404, errorBody(404, `no route for ${request.method} ${path}`));
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, errorBody(500, String(error)));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueueFailure: (status, times = 1, path) => {
      for (let index = 0; index < times; index += 1) failures.push({ status, path });
    },
    intercept: (handler) => {
      interceptor = handler;
    },
    enqueueReply: (...texts) => void replies.push(...texts),
    get clientAborts() {
      return clientAborts;
    },
    get peakConcurrency() {
      return peakConcurrency;
    },
    nextClientAbort: () => new Promise<void>((resolve) => abortWaiters.push(resolve)),
    close: async () => {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
