import type { Writable } from 'node:stream';
import type PDFDocumentClass from 'pdfkit';
import { lazyModule } from '../../core/lazy-module';
import { PAGE } from './letter-geometry';
import type { DrawOp, ImageKey, LaidOutLetter } from './letter-content';
import { letterFonts } from './letter-fonts';
import { decimal, lineCode, type EncodingFont } from './glyph-runs';
import type { FontStyle } from './line-breaking';
import { deflateInline, PAGES_PER_MESSAGE, type PageDeflater } from './page-deflater';
import { qrRuns } from './letter-qr';
import { writeInBlocks } from './pdf-output';

/**
 * Draws laid-out letters into one PDF (a single letter for a preview, thousands for a print
 * batch). Fonts come parsed from letterFonts(); images are embedded once per document.
 */
export type LetterImages = Partial<Record<ImageKey, Buffer>>;

/** pdfkit's parsed image (its `openImage` is not in the type definitions). */
type PdfImage = { width: number; height: number };
type DocumentWithImages = PDFKit.PDFDocument & { openImage(source: Buffer): PdfImage };

/** The parts of pdfkit's embedded font and page the text writer uses (stable across pdfkit 0.x). */
/** pdfkit's indirect object (PDFReference): `end(chunk)` writes it to the document when called. */
interface ContentStream {
  compress: boolean;
  data: { Filter?: string };
  end(chunk?: Uint8Array): void;
}

interface EmbeddedFont extends EncodingFont {
  id: string;
  ascender: number;
  ref(): unknown;
}
type DocumentInternals = Omit<PDFKit.PDFDocument, 'page' | 'addContent'> & {
  _font: EmbeddedFont;
  page: {
    height: number;
    fonts: Record<string, unknown>;
    content: ContentStream;
  };
  addContent(data: string): unknown;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (core/lazy-module.ts says why)
const PDFDocument = lazyModule(() => require('pdfkit') as typeof PDFDocumentClass);

const STYLES: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

/** PDF bytes that may wait in memory for the output (see `drain`). */
const BACKLOG_BYTES = 4 * 1024 * 1024;

/** Page streams left deflating on the thread after each letter: the main thread waits only when it is this far ahead. */
const DEFLATING_PAGES = 2 * PAGES_PER_MESSAGE;

export class LetterPdf {
  private readonly document: PDFKit.PDFDocument;
  private readonly images = new Map<Buffer, PdfImage>();
  private readonly finished: Promise<void>;
  private pageCount = 0;
  /** The current page's content operations, not yet written (see bufferContent). */
  private readonly pending: string[] = [];
  /** Page content streams being deflated on the batch's thread, oldest first (see writeDeflated). */
  private readonly deflating: Array<{ stream: ContentStream; deflated: Promise<Buffer> }> = [];
  private readonly deflater?: PageDeflater;

  /**
   * `fonts` exists for the benchmark's baseline (fonts parsed per letter); normally the shared parsed fonts.
   * `deflater`: a print batch's thread for the page streams; without it, each page is deflated inline.
   */
  constructor(
    private readonly output: Writable,
    options: { title: string; date: Date; fonts?: Record<FontStyle, unknown>; deflater?: PageDeflater },
  ) {
    this.deflater = options.deflater;
    this.document = new (PDFDocument())({
      size: [PAGE.width, PAGE.height],
      margin: 0,
      autoFirstPage: false,
      compress: true,
      pdfVersion: '1.7',
      info: { Title: options.title, Creator: 'relance', Producer: 'relance', CreationDate: options.date, ModDate: options.date },
    });
    const fonts = options.fonts ?? letterFonts().fonts;
    for (const style of STYLES) this.document.registerFont(style, fonts[style] as Buffer);
    this.finished = new Promise((resolve, reject) => {
      output.on('finish', resolve);
      output.on('error', reject);
      this.document.on('error', reject);
    });
    writeInBlocks(this.document, output);
    this.bufferContent();
  }

  /**
   * pdfkit writes each drawing operation to the page's content stream as a byte array of its own
   * (its text plus a newline): hundreds of small arrays per page, then concatenated. The same
   * operations are kept here as strings and written as one array when the page is complete
   * (flushContent, before any new page and at the end): the same bytes, one allocation.
   */
  private bufferContent(): void {
    const internals = this.document as unknown as DocumentInternals;
    internals.addContent = (data: string) => {
      this.pending.push(data);
      return internals;
    };
  }

  private flushContent(): void {
    if (!this.pending.length) return;
    const page = (this.document as unknown as DocumentInternals).page;
    const content = `${this.pending.join('\n')}\n`;
    this.pending.length = 0;
    // Written once per page (before the next page, or at the end): one deflate stream per page.
    const stream = page.content;
    if (stream.data.Filter) throw new Error('letter-pdf: a page content stream was written twice');
    stream.compress = false;
    stream.data.Filter = 'FlateDecode';
    // pdfkit would end the stream with the page's other objects, at the next page: it is ended here
    // instead, or by writeDeflated (pdfkit writes the xref once every object it numbered has ended).
    page.content = { compress: false, data: stream.data, end: () => undefined };
    if (!this.deflater) return stream.end(deflateInline(content));
    const deflated = this.deflater.deflate(content);
    deflated.catch(() => undefined); // awaited in writeDeflated, where a failure surfaces
    this.deflating.push({ stream, deflated });
  }

  /**
   * Writes the deflated page streams, oldest first, until `keep` remain on the thread. Called at fixed
   * points — after each letter (drain) and at the end — so the file's bytes do not depend on the thread's timing.
   */
  private async writeDeflated(keep: number): Promise<void> {
    // The pages older than the last PAGES_PER_MESSAGE have been sent to the thread (page-deflater.ts).
    if (keep < PAGES_PER_MESSAGE) this.deflater?.send();
    while (this.deflating.length > keep) {
      const { stream, deflated } = this.deflating[0];
      const bytes = await deflated;
      this.deflating.shift();
      stream.end(bytes);
    }
  }

  private addPage(): void {
    this.flushContent();
    this.document.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    this.pageCount++;
  }

  get pages(): number {
    return this.pageCount;
  }

  /** Adds one letter; returns its first and last page numbers (1-based) in the document. */
  addLetter(letter: LaidOutLetter, images: LetterImages): { firstPage: number; lastPage: number } {
    const firstPage = this.pageCount + 1;
    for (const ops of letter.pages) {
      this.addPage();
      for (const op of ops) this.draw(op, images);
    }
    return { firstPage, lastPage: this.pageCount };
  }

  /** A blank page, so that the next letter starts on a recto in duplex printing. */
  addBlankPage(): void {
    this.addPage();
  }

  /**
   * Waits while more than BACKLOG_BYTES of the PDF are still in memory. Letters are added in a
   * synchronous loop, where the output never gets a turn: without this, a whole print batch (tens
   * of MB for 10,000 letters) waited in the document's buffer until the end, in a worker whose heap
   * is bounded (docs/configuration.md, "Memory of a worker").
   */
  async drain(): Promise<void> {
    await this.writeDeflated(DEFLATING_PAGES);
    while (this.document.readableLength + this.output.writableLength > BACKLOG_BYTES)
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 2)), this.finished]);
  }

  async end(): Promise<void> {
    this.flushContent();
    await this.writeDeflated(0);
    this.document.end();
    await this.finished;
  }

  private image(buffer: Buffer): PdfImage {
    let image = this.images.get(buffer);
    if (!image) {
      image = (this.document as DocumentWithImages).openImage(buffer);
      this.images.set(buffer, image);
    }
    return image;
  }

  private draw(op: DrawOp, images: LetterImages): void {
    const document = this.document;
    switch (op.kind) {
      case 'text':
        this.color(op.color ?? '#000000');
        for (const segment of op.segments) {
          const text = segment.underline ? segment.text.replace(/ +$/, '') : segment.text;
          document.font(segment.style).fontSize(op.size);
          if (!this.writeText(text, op.x + segment.x, op.y, op.size)) {
            document.text(text, op.x + segment.x, op.y, { lineBreak: false });
          }
          if (segment.underline) this.underline(op.x + segment.x, op.y, document.widthOfString(text), op.size);
        }
        return;
      case 'image': {
        const buffer = images[op.image];
        if (buffer) document.image(this.image(buffer) as unknown as Buffer, op.x, op.y, { width: op.width, height: op.height });
        return;
      }
      case 'box':
        document.save().lineWidth(0.8).strokeColor('#000000').rect(op.x, op.y, op.size, op.size).stroke().restore();
        return;
      case 'cut-line':
        document.save().lineWidth(0.6).strokeColor('#666666').dash(4, { space: 3 }).moveTo(op.x1, op.y).lineTo(op.x2, op.y).stroke().undash().restore();
        return;
      case 'qr':
        this.drawQrCode(op.url, op.x, op.y, op.size);
        return;
    }
  }

  private currentColor?: string;

  private color(color: string): void {
    if (color !== this.currentColor) {
      this.document.fillColor(color);
      this.currentColor = color;
    }
  }

  /**
   * One line of text as a single content-stream operation — what pdfkit's text() produces for a
   * line without wrapping (same glyph encoding, kerning and ToUnicode map), minus its layout
   * machinery; the TJ operand comes from glyph-runs.ts, which encodes each word once per document.
   * Returns false for text with positioned marks, which goes through text() instead.
   */
  private writeText(text: string, x: number, y: number, size: number): boolean {
    if (!text) return true;
    const document = this.document as unknown as DocumentInternals;
    const font = document._font;
    const code = lineCode(font, text);
    if (code === null) return false;
    const page = document.page;
    if (page.fonts[font.id] == null) page.fonts[font.id] = font.ref();
    const baseline = page.height - y - (font.ascender / 1000) * size;
    document.addContent(`q 1 0 0 -1 0 ${decimal(page.height)} cm BT 1 0 0 1 ${decimal(x)} ${decimal(baseline)} Tm /${font.id} ${decimal(size)} Tf ${code} TJ ET Q`);
    return true;
  }

  /** Where pdfkit's text() would draw it: at the bottom of the line box. */
  private underline(x: number, y: number, width: number, size: number): void {
    const thickness = size < 10 ? 0.5 : Math.floor(size / 10);
    const lineY = y + this.document.currentLineHeight() - thickness;
    this.document.save().lineWidth(thickness).strokeColor(this.currentColor ?? '#000000').moveTo(x, lineY).lineTo(x + width, lineY).stroke().restore();
  }

  /** The QR code as vector squares (one run of dark modules per rectangle): sharp at any print resolution. */
  private drawQrCode(url: string, x: number, y: number, size: number): void {
    const runs = qrRuns(url);
    const module = size / runs.count;
    const document = this.document;
    for (let i = 0; i < runs.cells.length; i += 3) {
      document.rect(x + runs.cells[i + 1] * module, y + runs.cells[i] * module, runs.cells[i + 2] * module, module);
    }
    document.fillColor('#000000').fill();
    this.currentColor = '#000000';
  }
}
