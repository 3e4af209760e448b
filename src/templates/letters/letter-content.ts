import type { Paragraph, Run } from './light-markup';
import type { Segment } from './line-breaking';

/** Everything printed on one letter, already merged for its recipient (input of the layout). */
export interface LetterContent {
  sender: { name?: string; lines: string[] };
  /** The postal address block, formatted (at most 6 lines). */
  address: string[];
  placeDate: string;
  subject?: { label: string; runs: Run[] };
  accroche?: Run[];
  body: Paragraph[];
  signature: { name?: string; title?: string; hasImage: boolean };
  postscript?: { label: string; runs: Run[] };
  coupon?: CouponContent;
  pageLabel: string;
  hasLogo: boolean;
}

export interface CouponContent {
  cutLine: string;
  heading: string;
  title?: Run[];
  options: Run[][];
  optOut: string;
  addressLines: string[];
  returnLabel: string;
  returnAddress: string[];
  responseCodeLabel: string;
  responseCode: string;
  /** What the QR code encodes: `${PUBLIC_URL}/r?c=<response code>`. */
  qrUrl: string;
}

export type ImageKey = 'logo' | 'signature';

/** A drawing instruction on one page, in points from the top-left corner. */
export type DrawOp =
  | { kind: 'text'; x: number; y: number; size: number; segments: Segment[]; color?: string }
  | { kind: 'image'; image: ImageKey; x: number; y: number; width: number; height: number }
  | { kind: 'box'; x: number; y: number; size: number }
  | { kind: 'cut-line'; y: number; x1: number; x2: number }
  | { kind: 'qr'; x: number; y: number; size: number; url: string };

export interface LaidOutLetter {
  pages: DrawOp[][];
  /** Where the address block was printed and at which size (checked against the envelope window). */
  addressBlock: { x: number; y: number; width: number; height: number; size: number };
  /** Layout compromises worth a lint warning (coupon text cut, address shrunk…). */
  warnings: string[];
}

/** Pixel size of an image, for its aspect ratio. */
export interface ImageSize {
  width: number;
  height: number;
}
