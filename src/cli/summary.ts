import type { IngestStatus } from '../ingestion/ingest.js';

export type FileResult =
  | { file: string; status: IngestStatus; chunkCount: number }
  | { file: string; status: 'FAILED'; code: string; message: string };

export type Summary = { added: number; updated: number; unchanged: number; failed: number; seconds: number };

const LABELS: Record<FileResult['status'], string> = { CREATED: 'added', UPDATED: 'updated', UNCHANGED: 'unchanged', FAILED: 'FAILED' };

export function summarise(results: readonly FileResult[], seconds: number): Summary {
  const count = (status: FileResult['status']) => results.filter((result) => result.status === status).length;
  return { added: count('CREATED'), updated: count('UPDATED'), unchanged: count('UNCHANGED'), failed: count('FAILED'), seconds };
}

/** One line per file for logs and pipes (stdout is not a terminal). */
export function resultLine(result: FileResult, position: number, total: number): string {
  const prefix = `[${position}/${total}] ${LABELS[result.status].padEnd(9)} ${result.file}`;
  return result.status === 'FAILED' ? `${prefix}: ${result.code}: ${result.message}` : `${prefix} (${result.chunkCount} chunk${result.chunkCount === 1 ? '' : 's'})`;
}

/** The closing report: counts, rate, then every failure with its reason. */
export function summaryLines(results: readonly FileResult[], summary: Summary): string[] {
  const total = results.length;
  const rate = summary.seconds > 0 ? total / summary.seconds : total;
  const lines = [
    `${total} files in ${summary.seconds.toFixed(1)} s (${rate.toFixed(1)} files/s): ` +
      `${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.failed} failed`,
  ];
  const failures = results.filter((result) => result.status === 'FAILED');
  if (failures.length > 0) lines.push('failed:', ...failures.map((result) => `  ${result.file}: ${result.status === 'FAILED' ? `${result.code}: ${result.message}` : ''}`));
  return lines;
}
