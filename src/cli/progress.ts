import { SingleBar } from 'cli-progress';
import { resultLine, type FileResult } from './summary.js';

export type Progress = { report(result: FileResult): void; stop(): void };

/**
 * On a terminal: one bar with files/s and an ETA, redrawn in place (cli-progress). Anywhere else (CI logs, pipes):
 * one plain line per file, since carriage-return redraws turn into noise there.
 */
export function createProgress({ total, interactive, write }: { total: number; interactive: boolean; write: (line: string) => void }): Progress {
  const started = performance.now();
  let position = 0;
  if (!interactive) {
    return {
      report: (result) => write(resultLine(result, (position += 1), total)),
      stop: () => undefined,
    };
  }
  const bar = new SingleBar({
    format: '{bar} {value}/{total} files | {rate} files/s | ETA {eta_formatted} | {file}',
    hideCursor: true,
    etaBuffer: 20,
  });
  bar.start(total, 0, { rate: '0.0', file: '' });
  return {
    report: (result) => {
      position += 1;
      const seconds = (performance.now() - started) / 1000;
      bar.update(position, { rate: (position / Math.max(seconds, 0.001)).toFixed(1), file: result.file });
    },
    stop: () => bar.stop(),
  };
}
