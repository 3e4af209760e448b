import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { openCsv } from '../core/csv/csv-reader';
import { csvLine } from '../core/csv/csv-writer';
import { DomainError } from '../core/errors/domain-error';
import { BufferPool, BulkLoader, type StagingBatch, type StagingColumn } from '../core/database/bulk-loader';
import { MappingError, parseMapOption, planColumns, type ColumnPlan } from './column-mapping';
import { ContactsImporter } from './importers/contacts.importer';
import { PurchasesImporter } from './importers/purchases.importer';
import type { ImportContext, MappedRecord, RowImporter } from './importers/row-importer';
import { SeenKeys } from '../core/collections/seen-keys';

export interface ImportError {
  line: number;
  field: string;
  reason: string;
}

export interface ImportSummary {
  kind: string;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  duplicates: number;
  rows: number;
  errors: ImportError[];
  errors_truncated: boolean;
  errors_file: string | null;
  encoding: string;
  delimiter: string;
  duration_ms: number;
}

export interface ImportProgress {
  bytesRead: number;
  bytes: number;
  rows: number;
}

export interface ImportOptions {
  map?: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Display name of the file in messages (uploads are stored under a temporary name). */
  displayName?: string;
}

const MAX_ERRORS_IN_SUMMARY = 1000;

/**
 * Connections merging batches at once when the importer's batches are independent. Validation
 * runs in this process and the merge in PostgreSQL; a second connection lets the server merge
 * one batch while it loads the next, instead of leaving this process waiting on a single one.
 * Only with a pool of at least twice as many connections, so that an import never holds them all.
 */
const IMPORT_LANES = 2;

interface Lane {
  runner: QueryRunner;
  staging: string;
  writing: Promise<void>;
}

/**
 * Streams a CSV file into the base: read (any size, flat memory) → map columns → validate each
 * row → write valid rows in batches while the next batch is being validated. Bad rows are
 * reported with line, field and reason; the others import. Nothing is written until the header
 * has been checked, and every write is an idempotent upsert.
 */
@Injectable()
export class ImportService {
  private readonly importers = new Map<string, RowImporter<unknown>>();

  constructor(
    private readonly dataSource: DataSource,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
    private readonly bulk: BulkLoader,
    contacts: ContactsImporter,
    purchases: PurchasesImporter,
  ) {
    this.register(contacts);
    this.register(purchases);
  }

  /** Other modules (consents) add their importers here. */
  register(importer: RowImporter<unknown> | RowImporter<never>): void {
    this.importers.set(importer.spec.kind, importer as RowImporter<unknown>);
  }

  kinds(): string[] {
    return [...this.importers.keys()];
  }

  async importFile(kind: string, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = Date.now();
    const name = options.displayName ?? file;
    const importer = this.importers.get(kind);
    if (!importer) throw DomainError.invalid('imports.unknown_kind', `unknown import kind "${kind}" (expected ${this.kinds().join(', ')})`);
    if (!fs.existsSync(file)) throw DomainError.notFound('imports.file_not_found', `${name}: no such file`);
    const csv = await openCsv(file);
    if (!csv.header.length) throw DomainError.invalid('imports.empty_file', `${name}: the file is empty (a header row is required)`);
    let plan: ColumnPlan[];
    try {
      plan = planColumns(csv.header, importer.spec, parseMapOption(options.map));
    } catch (error) {
      if (error instanceof MappingError) {
        throw DomainError.invalid('imports.bad_header', `${name}, line 1: ${error.problems.join('; ')}`, {
          fields: error.problems.map((reason) => ({ line: 1, field: 'header', reason })),
        });
      }
      throw error;
    }

    const context: ImportContext = { config: this.config, today: new Date() };
    const summary: ImportSummary = {
      kind, inserted: 0, updated: 0, unchanged: 0, rejected: 0, duplicates: 0, rows: 0, errors: [], errors_truncated: false,
      errors_file: null, encoding: csv.encoding, delimiter: csv.delimiter, duration_ms: 0,
    };
    const errorLog = new ErrorLog(path.join(this.config.home, 'imports'), kind, summary);
    const seen = new SeenKeys();
    const columns = [...importer.stagingColumns(plan), { name: 'line', type: 'int' }];
    const lanes: Lane[] = [];
    try {
      const buffers = new BufferPool();
      lanes.push(await this.openLane(columns)); // the first one also tells whether COPY is available
      const parallel = importer.independentBatches && this.bulk.usesCopy() && this.config.databasePoolSize >= 2 * IMPORT_LANES;
      while (parallel && lanes.length < IMPORT_LANES) lanes.push(await this.openLane(columns));
      let batch = this.bulk.newBatch(buffers);
      let turn = 0;
      const flush = async () => {
        const rows = batch;
        batch = this.bulk.newBatch(buffers);
        const lane = lanes[turn++ % lanes.length];
        await lane.writing;
        lane.writing = this.writeBatch(lane, importer, columns, rows, context, summary, errorLog);
        // Awaited at this lane's next turn; until then a failure must not count as an unhandled rejection.
        lane.writing.catch(() => undefined);
      };
      for await (const chunk of csv.chunks) {
        for (const problem of chunk.problems) errorLog.add({ line: problem.line, field: 'row', reason: problem.reason });
        summary.rows += chunk.problems.length;
        for (const record of chunk.records) {
          summary.rows++;
          const result = importer.validate(mapRecord(record.line, record.fields, plan), context);
          if ('problems' in result) {
            for (const problem of result.problems) errorLog.add({ line: record.line, field: problem.field, reason: problem.reason }, false);
            errorLog.countRow();
            continue;
          }
          const key = importer.keyOf(result.row);
          const firstLine = key === undefined ? undefined : seen.firstLineOf(key, record.line);
          if (firstLine !== undefined) {
            errorLog.add({ line: record.line, field: importer.keyField ?? 'row', reason: `duplicate "${key}" in this file (first on line ${firstLine}); the first one was imported` });
            summary.duplicates++;
            continue;
          }
          const values = importer.stagingValues(result.row, columns);
          values[columns.length - 1] = record.line;
          batch.add(values);
          if (batch.size >= this.config.importBatchSize) await flush();
        }
        options.onProgress?.({ bytesRead: chunk.bytesRead, bytes: csv.bytes, rows: summary.rows });
      }
      if (batch.size) await flush();
      for (const lane of lanes) await lane.writing;
    } finally {
      for (const { runner, staging } of lanes) {
        await runner.query(`DROP TABLE IF EXISTS ${staging}`).catch(() => undefined);
        await runner.query('RESET synchronous_commit').catch(() => undefined);
        await runner.release();
      }
      await errorLog.close();
    }
    summary.duration_ms = Date.now() - started;
    return summary;
  }

  /** A connection with its own staging table; batches written on it follow one another. */
  private async openLane(columns: StagingColumn[]): Promise<Lane> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    const lane: Lane = { runner, staging: `import_staging_${randomBytes(6).toString('hex')}`, writing: Promise.resolve() };
    // Every batch is an idempotent upsert that a re-run repeats: no need to wait for the WAL flush at each one.
    await runner.query('SET synchronous_commit = off');
    await this.bulk.createStagingTable(runner, lane.staging, columns);
    return lane;
  }

  /** One batch: stage the rows, then merge them (the merge consumes the staging table). */
  private async writeBatch(
    { runner, staging }: Lane, importer: RowImporter<unknown>, columns: StagingColumn[], rows: StagingBatch,
    context: ImportContext, summary: ImportSummary, errorLog: ErrorLog,
  ): Promise<void> {
    await this.bulk.load(runner, staging, columns, rows);
    const outcome = await importer.merge(runner, staging, columns, context);
    summary.inserted += outcome.inserted;
    summary.updated += outcome.updated;
    for (const rejected of outcome.rejected) errorLog.add(rejected);
    summary.unchanged += rows.size - outcome.inserted - outcome.updated - outcome.rejected.length;
  }
}

function mapRecord(line: number, values: string[], plan: ColumnPlan[]): MappedRecord {
  const fields: Record<string, string> = {};
  const attributes: Record<string, string> = {};
  for (const column of plan) {
    const value = values[column.index];
    if (column.target.kind === 'field') fields[column.target.field] = value;
    else if (column.target.kind === 'attribute') attributes[column.target.name] = value;
  }
  return { line, fields, attributes };
}

/** Keeps the first errors for the summary and writes every one of them to a CSV report. */
class ErrorLog {
  private stream?: fs.WriteStream;
  private readonly file: string;

  constructor(directory: string, kind: string, private readonly summary: ImportSummary) {
    this.file = path.join(directory, `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}-errors.csv`);
  }

  /** Records a problem; `countsRow` is false for the second and later problems of one row. */
  add(error: ImportError, countsRow = true): void {
    if (countsRow) this.summary.rejected++;
    if (this.summary.errors.length < MAX_ERRORS_IN_SUMMARY) this.summary.errors.push(error);
    else this.summary.errors_truncated = true;
    if (!this.stream) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.stream = fs.createWriteStream(this.file);
      this.stream.write(csvLine(['line', 'field', 'reason']));
      this.summary.errors_file = this.file;
    }
    this.stream.write(csvLine([error.line, error.field, error.reason]));
  }

  countRow(): void {
    this.summary.rejected++;
  }

  async close(): Promise<void> {
    if (this.stream) await new Promise<void>((resolve) => this.stream!.end(resolve));
    if (this.summary.errors.length > 1) this.summary.errors.sort((a, b) => a.line - b.line);
  }
}
