import type { TableRow } from '../eval/report.js';
import type { SeriesResult } from './series.js';

/** One line of the bench table: a figure, ragway's value, the peer's (named), their ratio, the target and whether it holds. */
export type BenchRow = { figure: string; ragway: string; peer: string; ratio: string; target: string; met: '' | 'yes' | 'NO' };

export function toTableRow(row: BenchRow): TableRow {
  return { figure: row.figure, ragway: row.ragway, peer: row.peer, 'ragway/peer': row.ratio, target: row.target, met: row.met };
}

export const integer = (value: number): string => (Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '-');

export const decimal = (value: number, digits = 3): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');

const ms = (value: number): string => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** "p50 / p95 / p99" in ms. */
export function latency(series: SeriesResult): string {
  return `${ms(series.p50)} / ${ms(series.p95)} / ${ms(series.p99)}`;
}

/** ragway ÷ peer with two significant decimals ("0.08×"). */
export function ratio(ragway: number, peer: number): string {
  if (!Number.isFinite(ragway) || !Number.isFinite(peer) || peer === 0) return '-';
  const value = ragway / peer;
  return `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(2) : value.toPrecision(2)}×`;
}

export const verdict = (holds: boolean): 'yes' | 'NO' => (holds ? 'yes' : 'NO');
