import * as QRCode from 'qrcode';
import { QR_MASK, qrRuns, qrSegments } from './letter-qr';

/** ISO/IEC 18004 mask conditions (row i, column j): a module is inverted where the condition holds. */
const MASKS: Array<(i: number, j: number) => boolean> = [
  (i, j) => (i + j) % 2 === 0,
  (i) => i % 2 === 0,
  (_i, j) => j % 3 === 0,
  (i, j) => (i + j) % 3 === 0,
  (i, j) => (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0,
  (i, j) => ((i * j) % 2) + ((i * j) % 3) === 0,
  (i, j) => (((i * j) % 2) + ((i * j) % 3)) % 2 === 0,
  (i, j) => (((i * j) % 3) + ((i + j) % 2)) % 2 === 0,
];

type Modules = QRCode.QRCode['modules'] & { isReserved(row: number, column: number): boolean };

/** The data modules with their mask removed: what a reader decodes. */
function unmasked(code: QRCode.QRCode): boolean[] {
  const modules = code.modules as Modules;
  const mask = MASKS[code.maskPattern as number];
  const bits: boolean[] = [];
  for (let i = 0; i < modules.size; i++) {
    for (let j = 0; j < modules.size; j++) {
      if (!modules.isReserved(i, j)) bits.push(Boolean(modules.get(i, j)) !== mask(i, j));
    }
  }
  return bits;
}

/** The matrix back from its dark runs. */
function matrix(url: string): boolean[][] {
  const { count, cells } = qrRuns(url);
  const rows = Array.from({ length: count }, () => new Array<boolean>(count).fill(false));
  for (let k = 0; k < cells.length; k += 3) for (let c = 0; c < cells[k + 2]; c++) rows[cells[k]][cells[k + 1] + c] = true;
  return rows;
}

const URLS = [
  'https://maisonatlas.ma/r/7KQ2-XW9M',
  'https://exemple.fr/reponse?code=ABCDEF123456',
  'https://a.b/c',
  `https://x.test/${'q'.repeat(120)}`,
  'https://relance.example/r?c=RL-7KQ2XW9M',
  'https://relance.example/r?c=EXEMPLE-0000',
  'https://crm.maison-atlas.ma/r?c=ABCD1234',
  'https://ümlaut.example/r?c=ÉTÉ-2026',
  'HTTPS://A.B/C',
];

/** The text a reader gets back from a code's segments. */
const decoded = (segments: QRCode.QRCodeSegment[]) => segments.map((segment) => Buffer.from(segment.data as string).toString()).join('');

describe('letter QR codes (fixed mask)', () => {
  it.each(URLS)('carries the URL, in a code no larger than qrcode would choose: %s', (url) => {
    const segments = qrSegments(url);
    expect(decoded(segments)).toBe(url);
    const fixed = QRCode.create(segments, { errorCorrectionLevel: 'M', maskPattern: QR_MASK });
    expect(fixed.version).toBeLessThanOrEqual(QRCode.create(url, { errorCorrectionLevel: 'M' }).version);
  });

  it.each(URLS)('carries the same data as qrcode with its best mask: %s', (url) => {
    const best = QRCode.create(qrSegments(url), { errorCorrectionLevel: 'M' });
    const fixed = QRCode.create(qrSegments(url), { errorCorrectionLevel: 'M', maskPattern: QR_MASK });
    expect(fixed.maskPattern).toBe(QR_MASK);
    expect(fixed.version).toBe(best.version);
    expect(unmasked(fixed)).toEqual(unmasked(best));
  });

  it('draws exactly the modules of the fixed-mask code', () => {
    for (const url of URLS) {
      const code = QRCode.create(qrSegments(url), { errorCorrectionLevel: 'M', maskPattern: QR_MASK });
      const expected = Array.from({ length: code.modules.size }, (_, i) => Array.from({ length: code.modules.size }, (_, j) => Boolean(code.modules.get(i, j))));
      expect(matrix(url)).toEqual(expected);
    }
  });

  it('the check is not vacuous: some of these codes have a best mask other than the fixed one', () => {
    expect(URLS.some((url) => QRCode.create(qrSegments(url), { errorCorrectionLevel: 'M' }).maskPattern !== QR_MASK)).toBe(true);
    expect(URLS.filter((url) => qrSegments(url).length > 1).length).toBeGreaterThan(3);
  });
});
