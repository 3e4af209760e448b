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
import { CsvParser, detectDelimiter, type CsvProblem, type CsvReaderOptions, type CsvRecord } from './csv-parser';
import { decodeWindows1252, detectEncoding, type TextEncoding } from './encoding';

export { CsvParser, detectDelimiter, type CsvProblem, type CsvReaderOptions, type CsvRecord } from './csv-parser';

export interface CsvChunk {
  records: CsvRecord[];
  problems: CsvProblem[];
  /** Bytes of the file consumed so far, for progress. */
  bytesRead: number;
}

export interface CsvFile {
  encoding: TextEncoding;
  delimiter: string;
  bytes: number;
  header: string[];
  chunks: AsyncIterable<CsvChunk>;
}

function createDecoder(encoding: TextEncoding): (chunk: Buffer, final: boolean) => string {
  if (encoding === 'windows-1252') return (chunk) => decodeWindows1252(chunk);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  return (chunk, final) => decoder.decode(chunk, { stream: !final });
}

/** The file being read, shared by the header and the data rows: what was read so far, and whether it is all read. */
interface Reading {
  stream: fs.ReadStream;
  iterator: AsyncIterator<Buffer>;
  decode: (chunk: Buffer, final: boolean) => string;
  bytesRead: number;
  done: boolean;
}

/** The next piece of text (at the end of the file, what the decoder still held). */
async function readText(reading: Reading): Promise<string> {
  const next = await reading.iterator.next();
  reading.done = Boolean(next.done);
  if (next.done) return reading.decode(Buffer.alloc(0), true);
  reading.bytesRead += next.value.length;
  return reading.decode(next.value, false);
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
  const stream = fs.createReadStream(file, { highWaterMark: chunkSize });
  const reading: Reading = {
    stream,
    iterator: stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
    decode: createDecoder(encoding),
    bytesRead: 0,
    done: false,
  };
  let pending = '';

  // Read until the header line is complete (a header cell may itself be quoted).
  let header: string[] | undefined;
  let parser: CsvParser | undefined;
  const early = { records: [] as CsvRecord[], problems: [] as CsvProblem[] };
  while (!header) {
    pending += await readText(reading);
    if (!parser) {
      const newline = pending.search(/[\r\n]/);
      if (newline === -1 && !reading.done) continue;
      parser = new CsvParser(detectDelimiter(newline === -1 ? pending : pending.slice(0, newline)), undefined, options);
    }
    parser.push(pending, reading.done, early);
    pending = '';
    if (early.records.length) {
      header = early.records.shift()!.fields;
      parser.setExpectedFields(header.length);
      // Records already parsed past the header were read before the field count was known.
      for (const record of early.records) {
        if (record.fields.length !== header.length) early.problems.push(fieldCountProblem(record, header.length));
      }
      early.records = early.records.filter((record) => record.fields.length === header!.length);
    } else if (reading.done) {
      stream.destroy();
      return { encoding, delimiter: parser.delimiter, bytes, header: [], chunks: (async function* () {})() };
    }
  }
  if (header.length) header[0] = header[0].replace(/^\uFEFF/, '');
  return {
    encoding,
    delimiter: parser!.delimiter,
    bytes,
    header,
    chunks: dataChunks(reading, parser!, header.length, early),
  };
}

/** The data rows after the header, a chunk per read; records of the wrong width become problems. */
async function* dataChunks(
  reading: Reading,
  parser: CsvParser,
  expected: number,
  early: { records: CsvRecord[]; problems: CsvProblem[] },
): AsyncGenerator<CsvChunk> {
  try {
    if (early.records.length || early.problems.length) yield { ...early, bytesRead: reading.bytesRead };
    while (!reading.done) {
      const text = await readText(reading);
      const out = { records: [] as CsvRecord[], problems: [] as CsvProblem[] };
      parser.push(text, reading.done, out);
      const records: CsvRecord[] = [];
      for (const record of out.records) {
        if (record.fields.length === expected) records.push(record);
        else out.problems.push(fieldCountProblem(record, expected));
      }
      yield { records, problems: out.problems, bytesRead: reading.bytesRead };
    }
  } finally {
    reading.stream.destroy();
  }
}

function fieldCountProblem(record: CsvRecord, expected: number): CsvProblem {
  return { line: record.line, reason: `has ${record.fields.length} fields where the header has ${expected}` };
}
