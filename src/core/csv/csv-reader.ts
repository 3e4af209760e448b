/**
 * relance's CSV reader: `openCsv` and the `CsvParser` under it.
 *
 * Guarantees: the encoding (UTF-8, with or without BOM, else Windows-1252) and the delimiter
 * (`,` `;` or tab) are detected; the header row is read (a leading BOM dropped) and every data
 * record is yielded with the physical line where it starts; RFC 4180 quoting, quoted line breaks
 * included. A row whose quote never closes (or closes into a record of the wrong shape, or spans
 * more than `maxLinesPerRecord` lines) is reported as a problem with its line and reading resumes
 * on the next line; a record whose field count differs from the header's is reported, never
 * yielded. Memory stays bounded by the read size (16 KB) whatever the file size.
 *
 * What callers must do: go through `chunks` once, in order, and finish with a chunk's records
 * before asking for the next (kept longer, they outlive the young generation and the heap grows,
 * see `openCsv`); leaving the loop early closes the file.
 *
 * Why not csv-parse (installed for the benchmark only): on a broken row it either stops the whole
 * file (CSV_QUOTE_NOT_CLOSED) or, with every relaxing option, swallows the rest of the file into
 * one field and skips it, where an import must report that line and go on with the others. And
 * `npm run bench infrastructure` (docs/benchmarks.md, "Why relance keeps its own CSV reader"):
 * 200,000 contact rows (32 MB), this reader reads ~4× as many rows per second as csv-parse given
 * the same encoding scan, decoding and read size, at 0.28× its CPU time.
 */
import * as fs from 'node:fs';
import { decodeWindows1252, detectEncoding, type TextEncoding } from './encoding';

export interface CsvRecord {
  /** Physical line where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvChunk {
  records: CsvRecord[];
  problems: CsvProblem[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
}

export interface CsvReaderOptions {
  /** A quoted field may span lines; past this many lines without closing, its quote is unbalanced. */
  maxLinesPerRecord?: number;
  chunkSize?: number;
}

export interface CsvFile {
  encoding: TextEncoding;
  delimiter: string;
  bytes: number;
  header: string[];
  chunks: AsyncIterable<CsvChunk>;
}

type ParseOutcome =
  | { kind: 'record'; fields: string[]; end: number; lines: number }
  | { kind: 'incomplete' }
  | { kind: 'unbalanced' };

/**
 * A streaming RFC 4180 reader built for the files marketers actually have: UTF-8 or Windows-1252,
 * `,` or `;`, quoted fields with line breaks — and rows that are broken. A row with an unbalanced
 * quote is reported with its line and reading resumes on the next line, instead of the rest of the
 * file being swallowed into one field (which is what a strict parser does).
 */
export class CsvParser {
  private text = '';
  private line = 1;
  private readonly maxLines: number;
  private readonly delimiterCode: number;

  constructor(
    readonly delimiter: string,
    private expectedFields: number | undefined,
    options: CsvReaderOptions = {},
  ) {
    this.maxLines = options.maxLinesPerRecord ?? 50;
    if (delimiter.length !== 1) throw new Error('the CSV delimiter must be one character');
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  setExpectedFields(count: number): void {
    this.expectedFields = count;
  }

  /** Feeds decoded text; returns the records completed so far. Call with `final` at end of input. */
  push(text: string, final: boolean, out: { records: CsvRecord[]; problems: CsvProblem[] }): void {
    this.text = this.text.length ? this.text + text : text;
    let position = 0;
    const source = this.text;
    while (position < source.length) {
      const first = source.charCodeAt(position);
      if (first === 10 || first === 13) {
        // Blank line.
        position += first === 13 && source.charCodeAt(position + 1) === 10 ? 2 : 1;
        if (first === 13 && position >= source.length && !final) break;
        this.line++;
        continue;
      }
      const outcome = this.parseRecord(source, position, final);
      if (outcome.kind === 'incomplete') break;
      const startLine = this.line;
      if (outcome.kind === 'record' && (outcome.lines === 0 || this.expectedFields === undefined || outcome.fields.length === this.expectedFields)) {
        out.records.push({ line: startLine, fields: outcome.fields });
        this.line += outcome.lines + 1;
        position = outcome.end;
        continue;
      }
      // A quoted field that never closes, runs too long, or closes into a record of the wrong
      // shape: the quote on this line is unbalanced. Report the line, resume on the next one.
      const nextLine = this.endOfPhysicalLine(source, position);
      if (nextLine === -1 && !final) break;
      out.problems.push({ line: startLine, reason: 'unbalanced quote (a " opens a field that is never closed on this line)' });
      this.line++;
      position = nextLine === -1 ? source.length : nextLine;
    }
    this.text = source.slice(position);
  }

  private endOfPhysicalLine(source: string, from: number): number {
    for (let i = from; i < source.length; i++) {
      const code = source.charCodeAt(i);
      if (code === 10) return i + 1;
      if (code === 13) return source.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
    }
    return -1;
  }

  private parseRecord(source: string, start: number, final: boolean): ParseOutcome {
    const delimiter = this.delimiterCode;
    const fields: string[] = [];
    let position = start;
    let lines = 0;
    for (;;) {
      if (source.charCodeAt(position) === 34 /* " */) {
        let value = '';
        let cursor = position + 1;
        for (;;) {
          const quote = source.indexOf('"', cursor);
          if (quote === -1) {
            if (final) return { kind: 'unbalanced' };
            if (countLineBreaks(source, position, source.length) > this.maxLines) return { kind: 'unbalanced' };
            return { kind: 'incomplete' };
          }
          value += source.slice(cursor, quote);
          if (source.charCodeAt(quote + 1) === 34) {
            value += '"';
            cursor = quote + 2;
            continue;
          }
          if (quote + 1 >= source.length && !final) return { kind: 'incomplete' };
          cursor = quote + 1;
          break;
        }
        const breaks = countLineBreaks(source, position, cursor);
        lines += breaks;
        if (breaks > this.maxLines) return { kind: 'unbalanced' };
        // Text after the closing quote and before the delimiter (`"a"b,`) is kept, leniently.
        const tail = findFieldEnd(source, cursor, delimiter);
        if (tail === -1 && !final) return { kind: 'incomplete' };
        const end = tail === -1 ? source.length : tail;
        if (end > cursor) value += source.slice(cursor, end);
        fields.push(value);
        position = end;
      } else {
        const end = findFieldEnd(source, position, delimiter);
        if (end === -1 && !final) return { kind: 'incomplete' };
        const stop = end === -1 ? source.length : end;
        fields.push(source.slice(position, stop));
        position = stop;
      }
      if (position >= source.length) return { kind: 'record', fields, end: position, lines };
      const code = source.charCodeAt(position);
      if (code === 13 || code === 10) {
        let next = position + 1;
        if (code === 13) {
          if (next >= source.length && !final) return { kind: 'incomplete' };
          if (source.charCodeAt(next) === 10) next++;
        }
        return { kind: 'record', fields, end: next, lines };
      }
      position += 1; // at a delimiter
    }
  }
}

/** Index of the next delimiter or line break at or after `from`, or -1. */
function findFieldEnd(source: string, from: number, delimiter: number): number {
  for (let i = from; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === delimiter || code === 10 || code === 13) return i;
  }
  return -1;
}

/** Line breaks (LF, CRLF or lone CR) in source[from, to). */
function countLineBreaks(source: string, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const code = source.charCodeAt(i);
    if (code === 10) count++;
    else if (code === 13 && source.charCodeAt(i + 1) !== 10) count++;
  }
  return count;
}

/** `;` or `,` (or tab): whichever appears most often outside quotes in the header line. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], [';', 0], ['\t', 0]]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

function createDecoder(encoding: TextEncoding): (chunk: Buffer, final: boolean) => string {
  if (encoding === 'windows-1252') return (chunk) => decodeWindows1252(chunk);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  return (chunk, final) => decoder.decode(chunk, { stream: !final });
}

/**
 * Opens a CSV file: detects the encoding and the delimiter, reads the header row, then streams
 * the data rows in chunks. Memory stays bounded by the chunk size whatever the file size.
 */
export async function openCsv(file: string, options: CsvReaderOptions = {}): Promise<CsvFile> {
  const { encoding, bytes } = await detectEncoding(file);
  // Small reads on purpose: a chunk's parsed records stay alive until the importer has gone through
  // them, and with 64 KB chunks enough of them outlived two young-generation collections to be
  // promoted — a million-row import then grew the heap by ~150 MB of garbage. 16 KB keeps them young.
  const chunkSize = options.chunkSize ?? 1 << 14;
  const decode = createDecoder(encoding);
  const stream = fs.createReadStream(file, { highWaterMark: chunkSize });
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let bytesRead = 0;
  let pending = '';
  let done = false;

  // Read until the header line is complete (a header cell may itself be quoted).
  let header: string[] | undefined;
  let parser: CsvParser | undefined;
  const early = { records: [] as CsvRecord[], problems: [] as CsvProblem[] };
  while (!header) {
    const next = await iterator.next();
    done = Boolean(next.done);
    if (!next.done) bytesRead += next.value.length;
    pending += next.done ? decode(Buffer.alloc(0), true) : decode(next.value, false);
    if (!parser) {
      const newline = pending.search(/[\r\n]/);
      if (newline === -1 && !done) continue;
      parser = new CsvParser(detectDelimiter(newline === -1 ? pending : pending.slice(0, newline)), undefined, options);
    }
    parser.push(pending, done, early);
    pending = '';
    if (early.records.length) {
      header = early.records.shift()!.fields;
      parser.setExpectedFields(header.length);
      // Records already parsed past the header were read before the field count was known.
      for (const record of early.records) {
        if (record.fields.length !== header.length) early.problems.push(fieldCountProblem(record, header.length));
      }
      early.records = early.records.filter((record) => record.fields.length === header!.length);
    } else if (done) {
      stream.destroy();
      return { encoding, delimiter: parser.delimiter, bytes, header: [], chunks: (async function* () {})() };
    }
  }
  if (header.length) header[0] = header[0].replace(/^\uFEFF/, '');
  const expected = header.length;
  const activeParser = parser!;

  async function* chunks(): AsyncGenerator<CsvChunk> {
    try {
      if (early.records.length || early.problems.length) yield { ...early, bytesRead };
      while (!done) {
        const next = await iterator.next();
        done = Boolean(next.done);
        const text = next.done ? decode(Buffer.alloc(0), true) : decode(next.value, false);
        if (!next.done) bytesRead += next.value.length;
        const out = { records: [] as CsvRecord[], problems: [] as CsvProblem[] };
        activeParser.push(text, done, out);
        const records: CsvRecord[] = [];
        for (const record of out.records) {
          if (record.fields.length === expected) records.push(record);
          else out.problems.push(fieldCountProblem(record, expected));
        }
        yield { records, problems: out.problems, bytesRead };
      }
    } finally {
      stream.destroy();
    }
  }

  return { encoding, delimiter: activeParser.delimiter, bytes, header, chunks: chunks() };
}

function fieldCountProblem(record: CsvRecord, expected: number): CsvProblem {
  return { line: record.line, reason: `has ${record.fields.length} fields where the header has ${expected}` };
}
