import { layoutCoupon } from './coupon-layout';
import { ADDRESS_BLOCK, BODY, PAGE_LABEL, PLACE_DATE, POSTSCRIPT, SENDER, SIGNATURE, COUPON_PAGE_BOTTOM } from './letter-geometry';
import type { DrawOp, ImageKey, ImageSize, LaidOutLetter, LetterContent } from './letter-content';
import { breakLines, type FontStyle, type Measurer } from './line-breaking';
import type { Paragraph, Run } from './light-markup';

/**
 * Lays a merged letter out on A4 pages: header (sender, address in the window, place and date),
 * then the flowing part (subject, accroche, paragraphs, signature, P.S.) across as many pages as
 * needed, and the reply coupon at the foot of the last page. Pure: it only measures text.
 */
interface FlowLine {
  height: number;
  draw(y: number): DrawOp[];
}

interface Block {
  lines: FlowLine[];
  gapBefore: number;
  /** A paragraph may continue on the next page (keeping at least two lines on each). */
  breakable: boolean;
}

const plain = (text: string): Run[] => [{ text, bold: false, underline: false }];

function textBlock(runs: Run[], options: { x: number; width: number; size: number; leading: number; base?: FontStyle; gapBefore: number; breakable: boolean }, measurer: Measurer): Block {
  const lines = breakLines(runs, options.width, options.size, measurer, { base: options.base });
  return {
    gapBefore: options.gapBefore,
    breakable: options.breakable,
    lines: lines.map((line) => ({
      height: options.leading,
      draw: (y) => [{ kind: 'text', x: options.x, y, size: options.size, segments: line.segments }],
    })),
  };
}

function fitImage(size: ImageSize | undefined, maxWidth: number, maxHeight: number): { width: number; height: number } | undefined {
  if (!size) return undefined;
  const scale = Math.min(maxWidth / size.width, maxHeight / size.height);
  return { width: size.width * scale, height: size.height * scale };
}

function paragraphBlock(paragraph: Paragraph, first: boolean, measurer: Measurer): Block {
  if (paragraph.kind === 'paragraph') {
    return textBlock(paragraph.runs, { x: BODY.x, width: BODY.width, size: BODY.size, leading: BODY.leading, gapBefore: first ? 0 : BODY.paragraphGap, breakable: true }, measurer);
  }
  const block = textBlock(paragraph.runs, { x: BODY.x + BODY.bulletIndent, width: BODY.width - BODY.bulletIndent, size: BODY.size, leading: BODY.leading, gapBefore: 2, breakable: true }, measurer);
  const [firstLine] = block.lines;
  if (firstLine) {
    block.lines[0] = {
      height: firstLine.height,
      draw: (y) => [{ kind: 'text', x: BODY.x + 4, y, size: BODY.size, segments: [{ text: '•', style: 'regular', underline: false, x: 0, width: 0 }] }, ...firstLine.draw(y)],
    };
  }
  return block;
}

function signatureBlock(content: LetterContent, images: Partial<Record<ImageKey, ImageSize>>): Block {
  const lines: FlowLine[] = [];
  const image = content.signature.hasImage ? fitImage(images.signature, SIGNATURE.imageMaxWidth, SIGNATURE.imageMaxHeight) : undefined;
  if (image) lines.push({ height: image.height + 2, draw: (y) => [{ kind: 'image', image: 'signature', x: SIGNATURE.x, y, ...image }] });
  const line = (text: string, style: FontStyle, size: number) => ({
    height: size * 1.3,
    draw: (y: number): DrawOp[] => [{ kind: 'text', x: SIGNATURE.x, y, size, segments: [{ text, style, underline: false, x: 0, width: 0 }] }],
  });
  if (content.signature.name) lines.push(line(content.signature.name, 'bold', SIGNATURE.size));
  if (content.signature.title) lines.push(line(content.signature.title, 'italic', SIGNATURE.titleSize));
  return { lines, gapBefore: SIGNATURE.gapBefore, breakable: false };
}

function flowBlocks(content: LetterContent, images: Partial<Record<ImageKey, ImageSize>>, measurer: Measurer): Block[] {
  const blocks: Block[] = [];
  if (content.subject) {
    const runs = [{ text: `${content.subject.label} `, bold: true, underline: false }, ...content.subject.runs];
    blocks.push(textBlock(runs, { x: BODY.x, width: BODY.width, size: BODY.subjectSize, leading: BODY.leading, gapBefore: 0, breakable: false }, measurer));
  }
  if (content.accroche) {
    blocks.push(textBlock(content.accroche, { x: BODY.x, width: BODY.width, size: BODY.accrocheSize, leading: BODY.accrocheLeading, base: 'bold', gapBefore: blocks.length ? BODY.sectionGap : 0, breakable: false }, measurer));
  }
  content.body.forEach((paragraph, index) => {
    const block = paragraphBlock(paragraph, index === 0 && !blocks.length, measurer);
    if (index === 0 && blocks.length) block.gapBefore = BODY.sectionGap;
    blocks.push(block);
  });
  const signature = signatureBlock(content, images);
  if (signature.lines.length) blocks.push(signature);
  if (content.postscript) {
    const runs = [{ text: `${content.postscript.label} `, bold: true, underline: false }, ...content.postscript.runs];
    blocks.push(textBlock(runs, { x: BODY.x, width: BODY.width, size: BODY.size, leading: BODY.leading, gapBefore: POSTSCRIPT.gapBefore, breakable: true }, measurer));
  }
  return blocks;
}

function heightOf(blocks: Block[], from: number, fresh: boolean): number {
  return blocks.slice(from).reduce((sum, block, index) => sum + (index === 0 && fresh ? 0 : block.gapBefore) + linesHeight(block.lines), 0);
}

function linesHeight(lines: FlowLine[]): number {
  return lines.reduce((sum, line) => sum + line.height, 0);
}

/**
 * Places blocks page by page. The coupon goes at the foot of the page where everything left fits
 * above it; until then pages fill to the bottom margin, and the last block never leaves the coupon
 * alone on a page of its own.
 */
function paginate(blocks: Block[], hasCoupon: boolean): { pages: DrawOp[][]; couponPage: number } {
  const pages: DrawOp[][] = [[]];
  const queue = blocks.map((block) => ({ ...block, lines: [...block.lines] }));
  const lastBottom = hasCoupon ? COUPON_PAGE_BOTTOM : BODY.bottom;
  let y = BODY.firstPageTop;
  let fresh = true;
  const place = (lines: FlowLine[]) => {
    for (const line of lines) {
      pages[pages.length - 1].push(...line.draw(y));
      y += line.height;
    }
    fresh = false;
  };
  for (let index = 0; index < queue.length; ) {
    const block = queue[index];
    const gap = fresh ? 0 : block.gapBefore;
    const fitsAsLast = y + heightOf(queue, index, fresh) <= lastBottom;
    const isLast = index === queue.length - 1;
    if (fitsAsLast || (y + gap + linesHeight(block.lines) <= BODY.bottom && !(hasCoupon && isLast))) {
      y += gap;
      place(block.lines);
      index++;
      continue;
    }
    let fitting = 0;
    for (let total = y + gap; fitting < block.lines.length && total + block.lines[fitting].height <= BODY.bottom; fitting++) total += block.lines[fitting].height;
    if (fresh) {
      // Taller than a whole page: print what fits (all of it if it cannot break) rather than loop.
      place(block.breakable ? block.lines.splice(0, Math.max(1, fitting)) : block.lines.splice(0));
      if (!block.lines.length) index++;
    } else if (block.breakable && fitting >= 2 && block.lines.length - fitting >= 2 && !(hasCoupon && isLast)) {
      y += gap;
      place(block.lines.splice(0, fitting));
    }
    if (index < queue.length) {
      pages.push([]);
      y = BODY.nextPageTop;
      fresh = true;
    }
  }
  return { pages, couponPage: pages.length - 1 };
}

function headerOps(content: LetterContent, images: Partial<Record<ImageKey, ImageSize>>, measurer: Measurer): { ops: DrawOp[]; addressBlock: LaidOutLetter['addressBlock']; warnings: string[] } {
  const ops: DrawOp[] = [];
  const warnings: string[] = [];
  const logo = content.hasLogo ? fitImage(images.logo, SENDER.logoMaxWidth, SENDER.logoMaxHeight) : undefined;
  if (logo) ops.push({ kind: 'image', image: 'logo', x: SENDER.x, y: SENDER.logoY, ...logo });
  let y = SENDER.textY;
  const senderLines = [...(content.sender.name ? [{ text: content.sender.name, style: 'bold' as const }] : []), ...content.sender.lines.map((text) => ({ text, style: 'regular' as const }))];
  for (const line of senderLines) {
    for (const broken of breakLines(plain(line.text), SENDER.maxWidth, SENDER.size, measurer, { base: line.style })) {
      ops.push({ kind: 'text', x: SENDER.x, y, size: SENDER.size, segments: broken.segments, color: '#333333' });
      y += SENDER.leading;
    }
  }
  // The address shrinks rather than leave the window.
  let size = ADDRESS_BLOCK.size;
  const widest = () => Math.max(0, ...content.address.map((line) => measurer.width(line, 'regular', size)));
  while (size > ADDRESS_BLOCK.minSize && (widest() > ADDRESS_BLOCK.width || content.address.length * size * ADDRESS_BLOCK.leading > ADDRESS_BLOCK.height)) size -= 0.5;
  if (size < ADDRESS_BLOCK.size) warnings.push(`address printed at ${size} pt to fit the envelope window`);
  content.address.forEach((line, index) => {
    ops.push({ kind: 'text', x: ADDRESS_BLOCK.x, y: ADDRESS_BLOCK.y + index * size * ADDRESS_BLOCK.leading, size, segments: [{ text: line, style: 'regular', underline: false, x: 0, width: 0 }] });
  });
  const addressBlock = { x: ADDRESS_BLOCK.x, y: ADDRESS_BLOCK.y, width: widest(), height: content.address.length * size * ADDRESS_BLOCK.leading, size };
  ops.push({ kind: 'text', x: PLACE_DATE.x, y: PLACE_DATE.y, size: PLACE_DATE.size, segments: [{ text: content.placeDate, style: 'regular', underline: false, x: 0, width: 0 }] });
  return { ops, addressBlock, warnings };
}

export function layoutLetter(content: LetterContent, images: Partial<Record<ImageKey, ImageSize>>, measurer: Measurer): LaidOutLetter {
  const header = headerOps(content, images, measurer);
  const { pages, couponPage } = paginate(flowBlocks(content, images, measurer), Boolean(content.coupon));
  pages[0].unshift(...header.ops);
  const warnings = [...header.warnings];
  if (content.coupon) {
    const coupon = layoutCoupon(content.coupon, measurer);
    pages[couponPage].push(...coupon.ops);
    warnings.push(...coupon.warnings);
  }
  if (pages.length > 1) {
    pages.forEach((ops, index) => {
      const text = `${content.pageLabel} ${index + 1}/${pages.length}`;
      const width = measurer.width(text, 'regular', PAGE_LABEL.size);
      ops.push({ kind: 'text', x: PAGE_LABEL.right - width, y: PAGE_LABEL.y, size: PAGE_LABEL.size, color: '#555555', segments: [{ text, style: 'regular', underline: false, x: 0, width }] });
    });
  }
  return { pages, addressBlock: header.addressBlock, warnings };
}

/** Lines per paragraph as printed: what the "at most 5 lines" rule measures. */
export function paragraphLineCounts(body: Paragraph[], measurer: Measurer): number[] {
  return body.map((paragraph) => breakLines(paragraph.runs, paragraph.kind === 'bullet' ? BODY.width - BODY.bulletIndent : BODY.width, BODY.size, measurer).length);
}
