import { loadavg } from 'node:os';

export interface Column<Row> {
  header: string;
  /** Numbers read best right-aligned; the default. */
  align?: 'left' | 'right';
  value(row: Row): string;
}

/** A plain fixed-width table: header, a rule, one line per row, columns two spaces apart. */
export function formatTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => (line[i] ?? '').length)),
  );
  const pad = (text: string, i: number) => {
    const width = widths[i] ?? 0;
    return columns[i]?.align === 'left' ? text.padEnd(width) : text.padStart(width);
  };
  const lines = [
    columns.map((column, i) => pad(column.header, i)).join('  '),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map((line) => line.map(pad).join('  ')),
  ];
  return lines.map((line) => line.trimEnd()).join('\n');
}

/** A number with fixed decimals, or "-" when it was not measured. */
export function fixed(value: number | undefined, decimals = 1): string {
  return value === undefined || Number.isNaN(value) ? '-' : value.toFixed(decimals);
}

/** The machine's 1, 5 and 15-minute load averages, as the bench prints them beside its figures. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}
