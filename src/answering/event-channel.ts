/**
 * A push-fed async iterator for subscriptions. Unlike an async generator, `return()` takes effect at once even while
 * a `next()` is waiting, so a client that unsubscribes or disconnects mid-answer cancels the work (`onReturn`)
 * immediately instead of when the next event happens to arrive.
 */
export type EventChannel<T> = {
  push(value: T): void;
  /** Ends the iteration after the queued values. */
  end(): void;
  readonly closed: boolean;
  iterator: AsyncIterableIterator<T>;
};

export function createEventChannel<T>({ onReturn }: { onReturn: () => void }): EventChannel<T> {
  const queue: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let ended = false;
  let returned = false;
  const finish = () => {
    const resolve = waiting;
    waiting = undefined;
    resolve?.({ value: undefined, done: true });
  };
  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      const value = queue.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (ended || returned) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: () => {
      if (!returned && !ended) onReturn();
      returned = true;
      queue.length = 0;
      finish();
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return {
    push(value) {
      if (ended || returned) return;
      const resolve = waiting;
      waiting = undefined;
      if (resolve === undefined) queue.push(value);
      else resolve({ value, done: false });
    },
    end() {
      ended = true;
      if (queue.length === 0) finish();
    },
    get closed() {
      return ended || returned;
    },
    iterator,
  };
}
