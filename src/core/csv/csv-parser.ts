/**
 * The record parser under `openCsv` (see csv-reader.ts for what the reader guarantees and why it
 * is relance's own): RFC 4180 fields from decoded text, fed in pieces, a broken row reported with
 * its line and reading resumed on the next one.
 */
export interface CsvRecord {
  /** Physical line where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvProblem {
  line: number;
  reason: string;
}

export interface CsvReaderOptions {
  /** A quoted field may span lines; past this many lines without closing, its quote is unbalanced. */
  maxLinesPerRecord?: number;
  chunkSize?: number;
}

type ParseOutcome =
  { kind: 'record'; fields: string[]; end: number; lines: number } | { kind: 'incomplete' } | { kind: 'unbalanced' };

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
      if (
        outcome.kind === 'record' &&
        (outcome.lines === 0 || this.expectedFields === undefined || outcome.fields.length === this.expectedFields)
      ) {
        out.records.push({ line: startLine, fields: outcome.fields });
        this.line += outcome.lines + 1;
        position = outcome.end;
        continue;
      }
      // A quoted field that never closes, runs too long, or closes into a record of the wrong
      // shape: the quote on this line is unbalanced. Report the line, resume on the next one.
      const nextLine = this.endOfPhysicalLine(source, position);
      if (nextLine === -1 && !final) break;
      out.problems.push({
        line: startLine,
        reason: 'unbalanced quote (a " opens a field that is never closed on this line)',
      });
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
  const counts = new Map<string, number>([
    [',', 0],
    [';', 0],
    ['\t', 0],
  ]);
  let quoted = false;
  for (const char of headerLine) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}
