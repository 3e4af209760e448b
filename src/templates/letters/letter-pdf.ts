import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import * as QRCode from 'qrcode';
import { PAGE } from './letter-geometry';
import type { DrawOp, ImageKey, LaidOutLetter } from './letter-content';
import { letterFonts } from './letter-fonts';
import type { FontStyle } from './line-breaking';

/**
 * Draws laid-out letters into one PDF (a single letter for a preview, thousands for a print
 * batch). Fonts come parsed from letterFonts(); images are embedded once per document.
 */
export type LetterImages = Partial<Record<ImageKey, Buffer>>;

/** pdfkit's parsed image (its `openImage` is not in the type definitions). */
type PdfImage = { width: number; height: number };
type DocumentWithImages = PDFKit.PDFDocument & { openImage(source: Buffer): PdfImage };

const STYLES: FontStyle[] = ['regular', 'bold', 'italic', 'boldItalic'];

export class LetterPdf {
  private readonly document: PDFKit.PDFDocument;
  private readonly images = new Map<Buffer, PdfImage>();
  private readonly finished: Promise<void>;
  private pageCount = 0;

  constructor(output: Writable, options: { title: string; date: Date }) {
    this.document = new PDFDocument({
      size: [PAGE.width, PAGE.height],
      margin: 0,
      autoFirstPage: false,
      compress: true,
      pdfVersion: '1.7',
      info: { Title: options.title, Creator: 'relance', Producer: 'relance', CreationDate: options.date, ModDate: options.date },
    });
    const { fonts } = letterFonts();
    for (const style of STYLES) this.document.registerFont(style, fonts[style] as unknown as Buffer);
    this.finished = new Promise((resolve, reject) => {
      output.on('finish', resolve);
      output.on('error', reject);
      this.document.on('error', reject);
    });
    this.document.pipe(output);
  }

  get pages(): number {
    return this.pageCount;
  }

  /** Adds one letter; returns its first and last page numbers (1-based) in the document. */
  addLetter(letter: LaidOutLetter, images: LetterImages): { firstPage: number; lastPage: number } {
    const firstPage = this.pageCount + 1;
    for (const ops of letter.pages) {
      this.document.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
      this.pageCount++;
      for (const op of ops) this.draw(op, images);
    }
    return { firstPage, lastPage: this.pageCount };
  }

  /** A blank page, so that the next letter starts on a recto in duplex printing. */
  addBlankPage(): void {
    this.document.addPage({ size: [PAGE.width, PAGE.height], margin: 0 });
    this.pageCount++;
  }

  async end(): Promise<void> {
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
        document.fillColor(op.color ?? '#000000');
        for (const segment of op.segments) {
          const text = segment.underline ? segment.text.replace(/ +$/, '') : segment.text;
          document.font(segment.style).fontSize(op.size).text(text, op.x + segment.x, op.y, {
            lineBreak: false,
            underline: segment.underline,
          });
        }
        return;
      case 'image': {
        const buffer = images[op.image];
        if (buffer) document.image(this.image(buffer) as unknown as Buffer, op.x, op.y, { width: op.width, height: op.height });
        return;
      }
      case 'box':
        document.lineWidth(0.8).strokeColor('#000000').rect(op.x, op.y, op.size, op.size).stroke();
        return;
      case 'cut-line':
        document.save().lineWidth(0.6).strokeColor('#666666').dash(4, { space: 3 }).moveTo(op.x1, op.y).lineTo(op.x2, op.y).stroke().undash().restore();
        return;
      case 'qr':
        this.drawQrCode(op.url, op.x, op.y, op.size);
        return;
    }
  }

  /** The QR code as vector squares (one run of dark modules per rectangle): sharp at any print resolution. */
  private drawQrCode(url: string, x: number, y: number, size: number): void {
    const code = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const count = code.modules.size;
    const module = size / count;
    const document = this.document;
    for (let row = 0; row < count; row++) {
      let start = -1;
      for (let column = 0; column <= count; column++) {
        const dark = column < count && code.modules.get(row, column);
        if (dark && start < 0) start = column;
        if (!dark && start >= 0) {
          document.rect(x + start * module, y + row * module, (column - start) * module, module);
          start = -1;
        }
      }
    }
    document.fillColor('#000000').fill();
  }
}
