import { COUPON } from './letter-geometry';
import type { CouponContent, DrawOp } from './letter-content';
import { breakLines, type FontStyle, type Measurer } from './line-breaking';
import type { Run } from './light-markup';

/**
 * The reply coupon at the foot of the last page, behind a dashed cut line: heading and offer
 * check-boxes on the left with the opt-out box last; the recipient's name and address, the
 * response code and its QR code on the right; the return address along the bottom.
 */
const plain = (text: string): Run[] => [{ text, bold: false, underline: false }];

interface Column {
  x: number;
  width: number;
  y: number;
  bottom: number;
}

function write(ops: DrawOp[], column: Column, runs: Run[], size: number, measurer: Measurer, options: { base?: FontStyle; indent?: number } = {}): boolean {
  const indent = options.indent ?? 0;
  const lines = breakLines(runs, column.width - indent, size, measurer, { base: options.base });
  let complete = true;
  for (const line of lines) {
    if (column.y + size * 1.25 > column.bottom) {
      complete = false;
      break;
    }
    ops.push({ kind: 'text', x: column.x + indent, y: column.y, size, segments: line.segments });
    column.y += size * 1.25;
  }
  return complete;
}

function checkbox(ops: DrawOp[], column: Column, runs: Run[], measurer: Measurer): boolean {
  if (column.y + COUPON.box > column.bottom) return false;
  ops.push({ kind: 'box', x: column.x, y: column.y + 0.5, size: COUPON.box });
  const complete = write(ops, column, runs, COUPON.size, measurer, { indent: COUPON.box + 5 });
  column.y += 2.5;
  return complete;
}

export function layoutCoupon(coupon: CouponContent, measurer: Measurer): { ops: DrawOp[]; warnings: string[] } {
  const ops: DrawOp[] = [{ kind: 'cut-line', y: COUPON.cutY, x1: COUPON.left - 8, x2: COUPON.right + 8 }];
  const warnings: string[] = [];
  const labelWidth = measurer.width(coupon.cutLine, 'italic', COUPON.smallSize);
  ops.push({
    kind: 'text', x: (COUPON.left + COUPON.right - labelWidth) / 2, y: COUPON.cutY + 2, size: COUPON.smallSize, color: '#555555',
    segments: [{ text: coupon.cutLine, style: 'italic', underline: false, x: 0, width: labelWidth }],
  });

  const returnLines = [`${coupon.returnLabel} ${coupon.returnAddress.join(', ')}`];
  const returnTop = COUPON.bottom - COUPON.smallSize * 1.25 * 2;
  const left: Column = { x: COUPON.left, width: COUPON.columnSplit - COUPON.left - 10, y: COUPON.top, bottom: returnTop - 4 };
  let complete = write(ops, left, [{ text: coupon.heading, bold: true, underline: false }], COUPON.headingSize, measurer);
  if (coupon.title) complete = write(ops, left, coupon.title, COUPON.size, measurer, { base: 'bold' }) && complete;
  left.y += 3;
  for (const option of coupon.options) complete = checkbox(ops, left, option, measurer) && complete;
  complete = checkbox(ops, left, plain(coupon.optOut), measurer) && complete;
  if (!complete) warnings.push('the reply coupon is too long: some of its text does not fit');

  // Right: QR code and response code at the top (what ties the coupon to the message), then the address.
  const right: Column = { x: COUPON.columnSplit, width: COUPON.right - COUPON.columnSplit, y: COUPON.top, bottom: returnTop - 4 };
  ops.push({ kind: 'qr', x: COUPON.right - COUPON.qrSize, y: COUPON.top, size: COUPON.qrSize, url: coupon.qrUrl });
  const codeColumn: Column = { ...right, width: right.width - COUPON.qrSize - 6 };
  write(ops, codeColumn, plain(coupon.responseCodeLabel), COUPON.size, measurer);
  write(ops, codeColumn, [{ text: coupon.responseCode, bold: true, underline: false }], COUPON.size + 1, measurer);
  right.y = COUPON.top + COUPON.qrSize + 6;
  let addressComplete = true;
  for (const line of coupon.addressLines) addressComplete = write(ops, right, plain(line), COUPON.size, measurer) && addressComplete;
  if (!addressComplete) warnings.push('the reply coupon cannot show the whole address');

  const bottom: Column = { x: COUPON.left, width: COUPON.right - COUPON.left, y: returnTop, bottom: COUPON.bottom + 2 };
  for (const line of returnLines) write(ops, bottom, plain(line), COUPON.smallSize, measurer, { base: 'italic' });
  return { ops, warnings };
}
