import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import { openCsv } from '../../core/csv/csv-reader';
import { BATCH_FILES } from '../../templates/letters/letter-batch';

/**
 * The print batches LetterSender writes — `$RELANCE_HOME/letters/<campaign id>/<run>/` holding
 * `letters.pdf` and `manifest.csv` — read back by listing that folder. A batch is named by its two
 * folder names; a request's names are looked up in the listing, and only listed paths are opened.
 */
export interface PrintBatch {
  campaignId: string;
  run: string;
  writtenAt: Date;
  pdfBytes: number;
  pdf: string;
  manifest: string;
}

export interface ManifestPage {
  columns: string[];
  rows: string[][];
  /** Letters in the batch: the manifest's rows. */
  letters: number;
  /** The last page of the last letter. */
  pages: number;
}

/** A folder name the listing accepts (a campaign id, a run). */
const FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export function lettersRoot(home: string): string {
  return path.join(home, 'letters');
}

/** One run's batch folder: the step (its id's first 8 characters) and the run's time. */
export function printBatchDirectory(home: string, campaignId: string, stepId: string, run: Date): string {
  return path.join(lettersRoot(home), campaignId, `${stepId.slice(0, 8)}-${run.toISOString().replace(/[:.]/g, '-')}`);
}

async function folders(directory: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(directory, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory() && FOLDER_NAME.test(entry.name)).map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

@Injectable()
export class PrintBatchFolder {
  constructor(@Inject(relanceConfig.KEY) private readonly config: RelanceConfigType) {}

  /** Every batch with its PDF and manifest written, newest first. */
  async list(): Promise<PrintBatch[]> {
    const root = lettersRoot(this.config.home);
    const batches: PrintBatch[] = [];
    for (const campaignId of await folders(root)) {
      for (const run of await folders(path.join(root, campaignId))) {
        const batch = await this.batchAt(root, campaignId, run);
        if (batch) batches.push(batch);
      }
    }
    return batches.sort((a, b) => b.writtenAt.getTime() - a.writtenAt.getTime() || b.run.localeCompare(a.run));
  }

  /** The listed batch with these folder names, or undefined. */
  async find(campaignId: string, run: string): Promise<PrintBatch | undefined> {
    if (!FOLDER_NAME.test(campaignId) || !FOLDER_NAME.test(run)) return undefined;
    return (await this.list()).find((batch) => batch.campaignId === campaignId && batch.run === run);
  }

  /** A page of the batch's manifest (streamed: the rows outside the page are only counted). */
  async manifest(batch: PrintBatch, offset: number, limit: number): Promise<ManifestPage> {
    const csv = await openCsv(batch.manifest);
    const lastPage = csv.header.indexOf('last_page');
    const page: ManifestPage = { columns: csv.header, rows: [], letters: 0, pages: 0 };
    for await (const chunk of csv.chunks) {
      for (const record of chunk.records) {
        if (page.letters >= offset && page.letters < offset + limit) page.rows.push(record.fields);
        page.letters += 1;
        const last = lastPage === -1 ? NaN : Number(record.fields[lastPage]);
        if (Number.isFinite(last)) page.pages = Math.max(page.pages, last);
      }
    }
    return page;
  }

  private async batchAt(root: string, campaignId: string, run: string): Promise<PrintBatch | undefined> {
    const directory = path.join(root, campaignId, run);
    const [pdf, manifest] = await Promise.all(
      [BATCH_FILES.pdf, BATCH_FILES.manifest].map((name) => fs.stat(path.join(directory, name)).catch(() => null)),
    );
    if (!pdf?.isFile() || !manifest?.isFile()) return undefined;
    return {
      campaignId,
      run,
      writtenAt: manifest.mtime,
      pdfBytes: pdf.size,
      pdf: path.join(directory, BATCH_FILES.pdf),
      manifest: path.join(directory, BATCH_FILES.manifest),
    };
  }
}
