import * as fs from 'node:fs';
import { openCsv } from '../core/csv/csv-reader';
import { DomainError } from '../core/errors/domain-error';
import { analyseColumns, type ColumnPlan, type ColumnProblem, type ImportSpec } from './column-mapping';

/** What relance reads from a file before importing it: enough to check the mapping with the user. */
export interface ImportPreview {
  encoding: string;
  delimiter: string;
  bytes: number;
  header: string[];
  /** The first data records, as read (at most `PREVIEW_ROWS`). */
  rows: string[][];
  plans: ColumnPlan[];
  problems: ColumnProblem[];
}

export const PREVIEW_ROWS = 5;

/**
 * Refuses what is not a CSV file before anything is read as one: an empty file, a binary file
 * (a NUL byte in its first 64 KB: a spreadsheet, an archive, a picture) or UTF-16 text (what
 * "Unicode text" exports write), each with its own code so every interface can say which.
 */
export async function checkCsvFile(file: string, name: string): Promise<void> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const start = head.subarray(0, bytesRead);
    if (!bytesRead) throw DomainError.invalid('imports.empty_file', `${name}: the file is empty`);
    if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff))
      throw DomainError.invalid('imports.utf16', `${name}: UTF-16 text; save it as UTF-8 or Windows-1252 CSV`);
    const nul = start.indexOf(0);
    if (nul !== -1)
      throw DomainError.invalid('imports.not_csv', `${name}: not a CSV text file (binary content at byte ${nul + 1})`, {
        byte: nul + 1,
      });
  } finally {
    await handle.close();
  }
}

/** The file's encoding, separator, header and first rows, and the mapping proposed (or asked) for its columns. */
export async function previewCsv(
  file: string,
  name: string,
  spec: ImportSpec,
  overrides: Map<string, string> = new Map(),
): Promise<ImportPreview> {
  await checkCsvFile(file, name);
  const csv = await openCsv(file);
  const rows: string[][] = [];
  for await (const chunk of csv.chunks) {
    for (const record of chunk.records) if (rows.length < PREVIEW_ROWS) rows.push(record.fields);
    if (rows.length >= PREVIEW_ROWS) break;
  }
  if (!csv.header.length || csv.header.every((cell) => !cell.trim()))
    throw DomainError.invalid('imports.empty_file', `${name}: no header row (the first line names the columns)`);
  if (!rows.length)
    throw DomainError.invalid('imports.no_rows', `${name}: a header row but no data row (line 2 onwards is empty)`);
  const { plans, problems } = analyseColumns(csv.header, spec, overrides);
  return {
    encoding: csv.encoding,
    delimiter: csv.delimiter,
    bytes: csv.bytes,
    header: csv.header,
    rows,
    plans,
    problems,
  };
}
