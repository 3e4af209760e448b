import type { Writable } from 'node:stream';

/**
 * pdfkit writes its output as a Readable stream of small pieces — each object's number, its
 * dictionary, `stream`, the data, `endstream`, `endobj` — each a byte array of its own, converted a
 * character at a time, then written one by one to the output: about forty writes a letter page. A
 * print batch hands the output blocks of OUTPUT_BLOCK bytes instead, the same bytes in the same
 * order (pdfkit's `_write` and its final `push(null)` are replaced; `_offset`, from which pdfkit
 * computes the cross-reference table, still counts every byte).
 *
 * Invariants: a text piece is written as latin1 followed by a newline, as pdfkit's `_write` does
 * (its fromBinaryString keeps each character's low byte, as Buffer's latin1 does); nothing else in
 * pdfkit 0.x pushes to the stream; at most OUTPUT_BLOCK bytes wait here, beside what the output holds.
 */
const OUTPUT_BLOCK = 64 * 1024;

interface DocumentOutput {
  _offset: number;
  _write(data: string | Uint8Array): void;
  push(chunk: unknown): boolean;
}

export function writeInBlocks(document: PDFKit.PDFDocument, output: Writable): void {
  const internals = document as unknown as DocumentOutput;
  let text: string[] = [];
  // What pdfkit wrote while it was being constructed (the header) waits in its stream.
  const written = document.read() as Buffer | null;
  let blocks: Uint8Array[] = written ? [written] : [];
  let size = written?.length ?? 0;
  const takeText = () => {
    if (!text.length) return;
    blocks.push(Buffer.from(text.join(''), 'latin1'));
    text = [];
  };
  const flush = () => {
    takeText();
    if (blocks.length) output.write(blocks.length === 1 ? blocks[0] : Buffer.concat(blocks));
    blocks = [];
    size = 0;
  };
  internals._write = (data: string | Uint8Array) => {
    if (typeof data === 'string') {
      text.push(data, '\n');
      internals._offset += data.length + 1;
      size += data.length + 1;
    } else {
      takeText();
      blocks.push(data);
      internals._offset += data.length;
      size += data.length;
    }
    if (size >= OUTPUT_BLOCK) flush();
  };
  internals.push = (chunk: unknown) => {
    if (chunk !== null) throw new Error('pdf-output: pdfkit pushed output other than through _write');
    flush();
    output.end();
    return false;
  };
}
