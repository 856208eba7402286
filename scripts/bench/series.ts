/**
 * Latency series for the benchmark: N clients issue requests back to back until the request list (or the time box)
 * is used up; every request's wall time is recorded. Percentiles use the nearest-rank method.
 */

export type SeriesResult = { requests: number; seconds: number; p50: number; p95: number; p99: number; qps: number };

/** Nearest-rank percentile of `values` (ms); NaN for none. */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(fraction * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export type SeriesOptions<T> = {
  inputs: readonly T[];
  clients: number;
  /** Requests run first and not recorded (plan caches, buffer cache), for at most a quarter of `maxSeconds`. @default min(20, inputs) */
  warmup?: number;
  /** Stop handing out requests after this long; at least `minRequests` still run. @default 60 */
  maxSeconds?: number;
  /** @default 30 */
  minRequests?: number;
};

/** Runs `request` over `inputs` (cycled from the start after warm-up) with `clients` concurrent callers. */
export async function runSeries<T>(request: (input: T) => Promise<unknown>, options: SeriesOptions<T>): Promise<SeriesResult> {
  const { inputs, clients, warmup = Math.min(20, inputs.length), maxSeconds = 60, minRequests = 30 } = options;
  if (inputs.length === 0) throw new Error('a series needs at least one input');
  const warmupDeadline = performance.now() + (maxSeconds * 1000) / 4;
  for (let index = 0; index < warmup && performance.now() < warmupDeadline; index += 1) await request(inputs[index % inputs.length] as T);
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  let next = 0;
  const client = async () => {
    while (next < inputs.length && (performance.now() < deadline || next < minRequests)) {
      const input = inputs[next++] as T;
      const requestStarted = performance.now();
      await request(input);
      latencies.push(performance.now() - requestStarted);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    seconds,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    qps: latencies.length / seconds,
  };
}

/** Throughput only: `clients` callers cycle through `inputs` for `seconds`. */
export async function runForDuration<T>(request: (input: T) => Promise<unknown>, { inputs, clients, seconds }: { inputs: readonly T[]; clients: number; seconds: number }): Promise<SeriesResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      const input = inputs[next++ % inputs.length] as T;
      const requestStarted = performance.now();
      await request(input);
      latencies.push(performance.now() - requestStarted);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const elapsed = (performance.now() - started) / 1000;
  return {
    requests: latencies.length,
    seconds: elapsed,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    qps: latencies.length / elapsed,
  };
}
