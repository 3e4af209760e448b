/**
 * CSV output that spreadsheets cannot turn into formulas: a cell starting with = + - @ (or a
 * tab/CR that some programs strip first) is prefixed with an apostrophe, as OWASP recommends.
 * Numbers are written as numbers, so negative amounts stay numeric.
 */
export function csvCell(value: unknown, delimiter = ',', neutraliseFormulas = true): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  // Only strings, symbols and functions reach String() here, none with Object's default rendering.
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === 'object'
        ? JSON.stringify(value)
        : // eslint-disable-next-line @typescript-eslint/no-base-to-string
          String(value);
  if (neutraliseFormulas && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  if (text.includes('"') || text.includes(delimiter) || /[\r\n]/.test(text)) text = `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(values: unknown[], delimiter = ',', neutraliseFormulas = true): string {
  return values.map((value) => csvCell(value, delimiter, neutraliseFormulas)).join(delimiter) + '\r\n';
}

/** For files meant to be imported back (demo data, benchmarks), not opened in a spreadsheet. */
export function rawCsvLine(values: unknown[], delimiter = ','): string {
  return csvLine(values, delimiter, false);
}

/** Rows of objects to a CSV document with the given columns as header. */
export function toCsv<T extends Record<string, unknown>>(
  rows: T[],
  columns: Array<keyof T & string>,
  delimiter = ',',
): string {
  return (
    csvLine(columns, delimiter) +
    rows
      .map((row) =>
        csvLine(
          columns.map((column) => row[column]),
          delimiter,
        ),
      )
      .join('')
  );
}
