import type PDFDocumentClass from 'pdfkit';
import { lazyModule } from '../core/lazy-module';
import { letterFonts } from '../templates/letters/letter-fonts';
import type { CampaignSummary, SummaryBlock, SummaryRow } from './campaign-summary';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use (core/lazy-module.ts says why)
const PDFDocument = lazyModule(() => require('pdfkit') as typeof PDFDocumentClass);

type Doc = PDFKit.PDFDocument;

/** A4 in points, and the margins of the bilan. */
const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const WIDTH = A4.width - 2 * MARGIN;
const INK = '#1b1b1b';
const MUTED = '#4a4a4a';
const BAR = '#2f5d8a';
const LIGHT = '#e9eff5';
const RULE = '#b8c4d0';

/**
 * Draws the bilan de campagne (campaign-summary.ts) on two A4 pages with pdfkit: the figures a
 * manager reads first on page 1 (profit and ROI, the funnel, the control group), the details on
 * page 2 (costs, audience, messages, responses, revenue day by day). The letters' serif fonts
 * (Liberation Serif, every French character) are embedded, so the text extracts exactly.
 */
export function campaignSummaryPdf(summary: CampaignSummary, printedAt: Date): Promise<Buffer> {
  const doc = new (PDFDocument())({
    size: [A4.width, A4.height],
    margin: MARGIN,
    autoFirstPage: false,
    compress: true,
    info: {
      Title: `Bilan de campagne — ${summary.name}`,
      Creator: 'relance',
      Producer: 'relance',
      CreationDate: printedAt,
      ModDate: printedAt,
    },
  });
  const fonts = letterFonts().fonts;
  doc.registerFont('regular', fonts.regular as unknown as Buffer);
  doc.registerFont('bold', fonts.bold as unknown as Buffer);
  doc.registerFont('italic', fonts.italic as unknown as Buffer);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  firstPage(doc, summary);
  secondPage(doc, summary);
  doc.end();
  return done;
}

function newPage(doc: Doc, summary: CampaignSummary, number: number): void {
  doc.addPage({ size: [A4.width, A4.height], margin: MARGIN });
  doc.font('regular').fontSize(8).fillColor(MUTED);
  doc.text(`${summary.footer}   ${number}/2`, MARGIN, A4.height - MARGIN + 16, {
    width: WIDTH,
    lineBreak: false,
    height: 12,
  });
  doc.fillColor(INK);
}

function firstPage(doc: Doc, summary: CampaignSummary): void {
  newPage(doc, summary, 1);
  doc.font('bold').fontSize(11).fillColor(BAR).text('Bilan de campagne', MARGIN, MARGIN);
  doc.font('bold').fontSize(20).fillColor(INK).text(summary.name, { width: WIDTH });
  doc.moveDown(0.3).font('regular').fontSize(9.5).fillColor(MUTED);
  for (const line of summary.facts) doc.text(line, { width: WIDTH });
  let y = headlineBox(doc, summary.headline, doc.y + 12);
  y = heading(doc, 'De la cible à l’achat', y + 16);
  y = funnelBars(doc, summary.funnel, y);
  if (summary.comparison) {
    y = heading(doc, 'Ciblés et groupe témoin', y + 14);
    y = table(doc, summary.comparison.rows, y);
    doc
      .font('regular')
      .fontSize(9.5)
      .fillColor(INK)
      .text(summary.comparison.sentence, MARGIN, y + 6, { width: WIDTH });
  }
}

function secondPage(doc: Doc, summary: CampaignSummary): void {
  newPage(doc, summary, 2);
  const half = (WIDTH - 24) / 2;
  const right = MARGIN + half + 24;
  const { money, audience, messages, responses } = summary.blocks;
  const top = Math.max(block(doc, money, MARGIN, MARGIN, half), block(doc, audience, right, MARGIN, half));
  let y = Math.max(block(doc, messages, MARGIN, top + 16, half), block(doc, responses, right, top + 16, half));
  y = heading(doc, 'Chiffre d’affaires attribué, jour par jour', y + 18);
  y = dailyChart(doc, summary.daily, y, 150);
  if (summary.leftOut)
    doc
      .font('italic')
      .fontSize(9)
      .fillColor(MUTED)
      .text(summary.leftOut, MARGIN, y + 10, { width: WIDTH });
}

function heading(doc: Doc, text: string, y: number, x = MARGIN, width = WIDTH): number {
  doc.font('bold').fontSize(12.5).fillColor(INK).text(text, x, y, { width });
  const below = doc.y + 2;
  doc
    .moveTo(x, below)
    .lineTo(x + width, below)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  return below + 6;
}

/** The profit and ROI figures side by side in a tinted box, the sentence that says how to read them below. */
function headlineBox(doc: Doc, headline: CampaignSummary['headline'], y: number): number {
  const cell = WIDTH / headline.rows.length;
  doc.font('regular').fontSize(9.5);
  const sentenceHeight = doc.heightOfString(headline.sentence, { width: WIDTH - 24 });
  const height = 58 + sentenceHeight + 12;
  doc.rect(MARGIN, y, WIDTH, height).fillColor(LIGHT).fill();
  headline.rows.forEach((row, index) => {
    const x = MARGIN + 12 + index * cell;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor(MUTED)
      .text(row.label, x, y + 10, { width: cell - 16 });
    doc
      .font('bold')
      .fontSize(index < 2 ? 16 : 13)
      .fillColor(INK)
      .text(row.value, x, y + 24, { width: cell - 16 });
  });
  doc
    .font('regular')
    .fontSize(9.5)
    .fillColor(INK)
    .text(headline.sentence, MARGIN + 12, y + 58, { width: WIDTH - 24 });
  return y + height;
}

/** One bar per stage, as long as its share of the first (the targeted contacts), the figure and its rate beside it. */
function funnelBars(doc: Doc, stages: CampaignSummary['funnel'], y: number): number {
  const labelWidth = 80;
  const barSpace = WIDTH - labelWidth - 150;
  const largest = Math.max(1, ...stages.map((stage) => stage.value));
  for (const stage of stages) {
    const length = Math.max(1, (stage.value / largest) * barSpace);
    doc
      .font('regular')
      .fontSize(10)
      .fillColor(INK)
      .text(stage.label, MARGIN, y + 3, { width: labelWidth });
    doc
      .rect(MARGIN + labelWidth, y, length, 15)
      .fillColor(BAR)
      .fill();
    doc
      .font('regular')
      .fontSize(9.5)
      .fillColor(INK)
      .text(stage.shown, MARGIN + labelWidth + length + 6, y + 3, { width: WIDTH - labelWidth - length - 6 });
    y += 21;
  }
  return y;
}

/** A table with a header row; the first column is the label, the others right-aligned. */
function table(doc: Doc, rows: string[][], y: number): number {
  const first = WIDTH * 0.4;
  const other = (WIDTH - first) / (rows[0].length - 1);
  rows.forEach((row, index) => {
    if (index === 0)
      doc
        .rect(MARGIN, y - 2, WIDTH, 16)
        .fillColor(LIGHT)
        .fill();
    row.forEach((cell, column) => {
      const x = column === 0 ? MARGIN + 4 : MARGIN + first + (column - 1) * other;
      doc
        .font(index === 0 ? 'bold' : 'regular')
        .fontSize(9.5)
        .fillColor(INK)
        .text(cell, x, y + 1, { width: column === 0 ? first - 8 : other - 4, align: column === 0 ? 'left' : 'right' });
    });
    y += 16;
  });
  return y;
}

/** A block of label/value rows under its heading, in a column; returns where it ends. */
function block(doc: Doc, content: SummaryBlock, x: number, y: number, width: number): number {
  y = heading(doc, content.heading, y, x, width);
  return rows(doc, content.rows, x, y, width);
}

function rows(doc: Doc, content: SummaryRow[], x: number, y: number, width: number): number {
  const valueWidth = width * 0.42;
  for (const row of content) {
    doc.font('regular').fontSize(9.5).fillColor(INK);
    const labelHeight = doc.heightOfString(row.label, { width: width - valueWidth - 4 });
    doc.text(row.label, x, y, { width: width - valueWidth - 4 });
    doc.font('bold').text(row.value, x + width - valueWidth, y, { width: valueWidth, align: 'right' });
    y += Math.max(labelHeight, doc.y - y) + 3;
  }
  return y;
}

/** Vertical bars, one per day, scaled on the largest day; the largest amount and the first and last days written beside. */
function dailyChart(doc: Doc, days: CampaignSummary['daily'], y: number, height: number): number {
  if (!days.length) {
    doc.font('italic').fontSize(9.5).fillColor(MUTED).text('Aucune activité à montrer.', MARGIN, y);
    return doc.y;
  }
  const largest = Math.max(...days.map((day) => day.value));
  const step = WIDTH / days.length;
  const base = y + height;
  doc.rect(MARGIN, y, WIDTH, height).fillColor('#f6f8fa').fill();
  days.forEach((day, index) => {
    const bar = largest > 0 ? (day.value / largest) * (height - 14) : 0;
    if (bar > 0)
      doc
        .rect(MARGIN + index * step + step * 0.15, base - bar, Math.max(0.8, step * 0.7), bar)
        .fillColor(BAR)
        .fill();
  });
  doc
    .moveTo(MARGIN, base)
    .lineTo(MARGIN + WIDTH, base)
    .lineWidth(0.8)
    .strokeColor(MUTED)
    .stroke();
  doc.font('regular').fontSize(8.5).fillColor(MUTED);
  doc.text(`jour le plus fort : ${largestDay(days)}`, MARGIN + 4, y + 3, { width: WIDTH - 8 });
  doc.text(days[0].label, MARGIN, base + 4, { width: WIDTH / 2 });
  doc.text(days[days.length - 1].label, MARGIN + WIDTH / 2, base + 4, { width: WIDTH / 2, align: 'right' });
  return base + 18;
}

function largestDay(days: CampaignSummary['daily']): string {
  const best = days.reduce((top, day) => (day.value > top.value ? day : top), days[0]);
  return `${best.label} (${best.shown})`;
}
