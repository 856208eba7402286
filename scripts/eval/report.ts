/**
 * Plain-text tables for evaluation output: readable in a terminal and pasteable into a PR without a dependency.
 */

export type TableRow = Record<string, string | number>;

/** Non-integers get 3 decimals (enough to compare nDCG/MAP runs); integers such as query counts stay whole. */
export function formatCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

/**
 * Renders rows as an aligned table. Columns are the union of row keys in first-seen order; numeric columns are
 * right-aligned so decimals line up, text columns left-aligned.
 */
export function formatTable(rows: readonly TableRow[], title: string): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const numeric = columns.map((column) => rows.every((row) => typeof (row[column] ?? 0) === 'number'));
  const cells = rows.map((row) => columns.map((column) => formatCell(row[column])));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...cells.map((rowCells) => (rowCells[index] ?? '').length)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, index) => {
        const width = widths[index] ?? 0;
        return numeric[index] === true ? value.padStart(width) : value.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const header = line(columns);
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [title, header, rule, ...cells.map(line)].join('\n');
}

/** Prints `formatTable(rows, title)` to stdout followed by a blank line. */
export function printTable(rows: readonly TableRow[], title: string): void {
  process.stdout.write(`${formatTable(rows, title)}\n\n`);
}
