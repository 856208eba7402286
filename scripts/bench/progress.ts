import cliProgress from 'cli-progress';
import { loadavg } from 'node:os';

const processStart = performance.now();

/** A progress bar on stderr (stdout carries only the result table); plain lines when stderr is not a terminal. */
export function createProgress(label: string, total: number): { update(value: number, note?: string): void; stop(): void } {
  if (!process.stderr.isTTY) {
    let lastLine = 0;
    return {
      update(value, note) {
        const now = performance.now();
        if (now - lastLine < 5000 && value < total) return;
        lastLine = now;
        process.stderr.write(`${label}: ${value}/${total}${note ? ` ${note}` : ''}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(34)} [{bar}] {percentage}% {value}/{total} {note}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { note: '' });
  return {
    update: (value, note) => bar.update(value, { note: note ?? '' }),
    stop: () => bar.stop(),
  };
}

/** Logs a phase line on stderr, stamped with the seconds since start and the 1-minute load average. */
export function note(message: string): void {
  const seconds = ((performance.now() - processStart) / 1000).toFixed(0);
  process.stderr.write(`[${seconds} s, load ${(loadavg()[0] ?? 0).toFixed(1)}] ${message}\n`);
}
