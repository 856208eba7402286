import type { AppDeps } from '../deps.js';
import { isAppError } from '../errors.js';
import { ask } from './ask.js';
import { createEventChannel } from './event-channel.js';
import type { AnswerStreamEvent, AskInput } from './types.js';

/** The reason a cancelled answer was aborted with; distinguishes a client leaving from a failure. */
export class AnswerCancelledError extends Error {
  override name = 'AnswerCancelledError';
  constructor() {
    super('the client cancelled the answer');
  }
}

/**
 * `ask` as a stream of events: RETRIEVAL, DELTA…, CITATIONS, DONE; a failure at any point ends the stream with one
 * ERROR event carrying the API error code. Calling `return()` on the iterator (a client unsubscribing or
 * disconnecting) aborts the work at once, the upstream LLM request included.
 */
export function askStream(deps: AppDeps, input: AskInput): AsyncIterableIterator<AnswerStreamEvent> {
  const controller = new AbortController();
  const channel = createEventChannel<AnswerStreamEvent>({ onReturn: () => controller.abort(new AnswerCancelledError()) });
  ask(deps, input, { signal: controller.signal, onEvent: (event) => channel.push(event) })
    .then((answer) => channel.push({ type: 'DONE', answer }))
    .catch((error: unknown) => {
      if (controller.signal.aborted) return; // nobody is listening any more
      channel.push({ type: 'ERROR', error: describe(deps, error) });
    })
    .finally(() => channel.end());
  return channel.iterator;
}

function describe(deps: AppDeps, error: unknown): Extract<AnswerStreamEvent, { type: 'ERROR' }>['error'] {
  if (isAppError(error)) return { code: error.code, message: error.message };
  deps.logger.error({ err: error }, 'unexpected error while streaming an answer');
  return { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' };
}
