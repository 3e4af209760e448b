import * as fs from 'node:fs';
import * as path from 'node:path';
import { csvLine } from '../../core/csv/csv-writer';
import { RecipientProblemCollector, recipientProblemsError, requiredVariables, type Recipient } from '../engine/recipient-check';
import { letterFonts } from './letter-fonts';
import { layoutLetter } from './letter-layout';
import { LetterPdf } from './letter-pdf';
import { withLineCache } from './line-breaking';
import { renderLetter, type LetterRenderOptions, type PreparedLetter, type RenderedLetter } from './letter-template';
import { imageSizes } from './image-size';
import { PageDeflater } from './page-deflater';

/**
 * A print batch: every letter of a campaign run merged into one PDF, sorted by postal code for
 * postage sorting (domestic mail first, then abroad by country), and `manifest.csv` telling which
 * pages carry which response code. The same input gives byte-identical files.
 */
export interface LetterBatchOptions extends LetterRenderOptions {
  directory: string;
  /** The run's date: printed in the PDF's metadata (letters print `today` from their data). */
  date: Date;
  title?: string;
  /** Start every letter on an odd page, for two-sided printing. */
  duplex?: boolean;
}

export interface LetterBatchResult {
  pdf: string;
  manifest: string;
  letters: number;
  pages: number;
  /** Letters not printed, with why (address problems). */
  skipped: Array<{ external_id: string; reasons: string[] }>;
}

/** The two files of a batch, in its folder. */
export const BATCH_FILES = { pdf: 'letters.pdf', manifest: 'manifest.csv' } as const;

export const MANIFEST_COLUMNS = ['sequence', 'response_code', 'external_id', 'first_page', 'last_page', 'pages', 'postal_code', 'country'];

interface SortKey {
  index: number;
  rendered?: RenderedLetter;
  abroad: boolean;
  country: string;
  postalCode: string;
  externalId: string;
}

const collator = new Intl.Collator('fr', { numeric: true });

function compareKeys(a: SortKey, b: SortKey): number {
  return (
    Number(a.abroad) - Number(b.abroad) ||
    collator.compare(a.country, b.country) ||
    collator.compare(a.postalCode, b.postalCode) ||
    collator.compare(a.externalId, b.externalId)
  );
}

/** Up to this many letters, the first pass keeps what it rendered; beyond, the second pass renders again (flat memory). */
const KEEP_RENDERED = 20_000;

/** First pass: every recipient renders (or the batch fails naming the missing variables) and gets a sort key. */
/** A merge value as text, or the fallback when absent. */
function fieldText(value: unknown, fallback: string): string {
  // Contact fields are strings and numbers, which print as themselves.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return String(value ?? fallback);
}

function sortRecipients(prepared: PreparedLetter, recipients: Recipient[], options: LetterBatchOptions) {
  const collector = new RecipientProblemCollector(requiredVariables(prepared.parts));
  const keys: SortKey[] = [];
  const skipped: LetterBatchResult['skipped'] = [];
  recipients.forEach((recipient, index) => {
    const rendered = collector.check(recipient, () => renderLetter(prepared, recipient.data, options));
    if (!rendered) return;
    if (rendered.problems.length) {
      skipped.push({ external_id: recipient.external_id, reasons: rendered.problems });
      return;
    }
    const senderCountry = String((recipient.data.sender as { country?: string } | undefined)?.country ?? options.defaultCountry).toUpperCase();
    const country = fieldText(recipient.data.country, senderCountry);
    keys.push({
      index,
      rendered: recipients.length <= KEEP_RENDERED ? rendered : undefined,
      abroad: country !== senderCountry,
      country,
      postalCode: fieldText(recipient.data.postal_code, ''),
      externalId: recipient.external_id,
    });
  });
  if (collector.hasProblems) throw recipientProblemsError(prepared.definition.reference, collector.result());
  return { keys: keys.sort(compareKeys), skipped };
}

export async function writeLetterBatch(prepared: PreparedLetter, recipients: Recipient[], options: LetterBatchOptions): Promise<LetterBatchResult> {
  const { keys, skipped } = sortRecipients(prepared, recipients, options);
  fs.mkdirSync(options.directory, { recursive: true });
  const pdfPath = path.join(options.directory, BATCH_FILES.pdf);
  const manifestPath = path.join(options.directory, BATCH_FILES.manifest);
  const temporary = `${pdfPath}.${process.pid}.tmp`;
  const deflater = new PageDeflater();
  const pdf = new LetterPdf(fs.createWriteStream(temporary), {
    title: options.title ?? prepared.definition.title ?? prepared.definition.reference,
    date: options.date,
    deflater,
  });
  const manifest = [csvLine(MANIFEST_COLUMNS)];
  // One line cache per batch: its letters repeat the same paragraphs (line-breaking.ts).
  const measurer = withLineCache(letterFonts().measurer);
  const sizes = imageSizes(prepared.images);
  try {
    for (const [position, key] of keys.entries()) {
      const recipient = recipients[key.index];
      const rendered = key.rendered ?? renderLetter(prepared, recipient.data, options);
      key.rendered = undefined;
      const laidOut = layoutLetter(rendered.content, sizes, measurer);
      if (options.duplex && pdf.pages % 2 === 1) pdf.addBlankPage();
      const { firstPage, lastPage } = pdf.addLetter(laidOut, prepared.images);
      manifest.push(csvLine([position + 1, fieldText(recipient.data.response_code, ''), recipient.external_id, firstPage, lastPage, lastPage - firstPage + 1, key.postalCode, key.country]));
      await pdf.drain();
    }
    await pdf.end();
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  } finally {
    await deflater.close();
  }
  fs.renameSync(temporary, pdfPath);
  fs.writeFileSync(manifestPath, manifest.join(''));
  return { pdf: pdfPath, manifest: manifestPath, letters: keys.length, pages: pdf.pages, skipped };
}
