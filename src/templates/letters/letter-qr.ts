import type * as QRCodeModule from 'qrcode';
import { lazyModule } from '../../core/lazy-module';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (core/lazy-module.ts says why)
const QRCode = lazyModule(() => require('qrcode') as typeof QRCodeModule);

/**
 * qrcode picks the best of the 8 mask patterns by building and scoring all 8 (a fifth of a
 * batch's time). Any mask gives a valid code — the mask only balances dark and light modules,
 * and the format bits tell the reader which one was applied — so every code uses mask 0
 * (letter-qr.spec.ts checks the data modules are qrcode's own once unmasked).
 */
export const QR_MASK = 0;

/**
 * qrcode's own segmentation of a text (the shortest mix of byte, alphanumeric and numeric segments,
 * found by a shortest-path search) took a third of each code's time. A response URL is lowercase
 * text ending with an uppercase code: one byte segment, then the trailing run of QR alphanumeric
 * characters as an alphanumeric segment when it is long enough to pay for its header (4 + 9 bits
 * against 2.5 bits saved per character). Any segmentation carries the same text (letter-qr.spec.ts
 * checks the data and that the version is no larger than with qrcode's own).
 */
const QR_ALPHANUMERIC_TAIL = /[0-9A-Z $%*+\-./:]{6,}$/;

export function qrSegments(url: string): QRCodeModule.QRCodeSegment[] {
  const tail = QR_ALPHANUMERIC_TAIL.exec(url);
  if (!tail) return [{ data: Buffer.from(url), mode: 'byte' }];
  if (tail.index === 0) return [{ data: url, mode: 'alphanumeric' }];
  return [
    { data: Buffer.from(url.slice(0, tail.index)), mode: 'byte' },
    { data: tail[0], mode: 'alphanumeric' },
  ];
}

/** A code's dark runs as (row, first column, length) triples; the last few codes are kept (a preview redraws the same one). */
interface QrRuns {
  count: number;
  cells: number[];
}
const qrCache = new Map<string, QrRuns>();
const QR_CACHE_SIZE = 64;

export function qrRuns(url: string): QrRuns {
  let runs = qrCache.get(url);
  if (runs) return runs;
  const code = QRCode().create(qrSegments(url), { errorCorrectionLevel: 'M', maskPattern: QR_MASK });
  const count = code.modules.size;
  const cells: number[] = [];
  for (let row = 0; row < count; row++) {
    let start = -1;
    for (let column = 0; column <= count; column++) {
      const dark = column < count && code.modules.get(row, column);
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        cells.push(row, start, column - start);
        start = -1;
      }
    }
  }
  runs = { count, cells };
  if (qrCache.size >= QR_CACHE_SIZE) qrCache.delete(qrCache.keys().next().value as string);
  qrCache.set(url, runs);
  return runs;
}
