import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { relanceConfig, type RelanceConfigType } from '../core/config/relance-config';
import { openCsv, type CsvFile, type CsvRecord } from '../core/csv/csv-reader';
import { csvLine } from '../core/csv/csv-writer';
import { DomainError } from '../core/errors/domain-error';
import { BulkLoader, type StagingBatch, type StagingColumn } from '../core/database/bulk-loader';
import { analyzeTables } from '../core/database/analyze-tables';
import { ImportBatchWriter, type ImportLane } from './import-batch-writer';
import { MappingError, parseMapOption, planColumns, type ColumnPlan, type ImportSpec } from './column-mapping';
import { ROW_IMPORTERS, type ImportContext, type MappedRecord, type RowImporter } from './importers/row-importer';
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
  /** The mapping as header → target (`field`, `attr.name` or `-`), when it is not a --map string (the console's). */
  overrides?: Map<string, string>;
  onProgress?: (progress: ImportProgress) => void;
  /** Display name of the file in messages (uploads are stored under a temporary name). */
  displayName?: string;
}

const MAX_ERRORS_IN_SUMMARY = 1000;

/** Everything one import's steps share: what is imported, how, and where its outcome is counted. */
interface ImportRun {
  importer: RowImporter<unknown>;
  plan: ColumnPlan[];
  columns: StagingColumn[];
  context: ImportContext;
  summary: ImportSummary;
  errorLog: ErrorLog;
  seen: SeenKeys;
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
    @Inject(ROW_IMPORTERS) importers: Array<RowImporter<unknown> | RowImporter<never>>,
  ) {
    for (const importer of importers) this.importers.set(importer.spec.kind, importer);
  }

  kinds(): string[] {
    return [...this.importers.keys()];
  }

  /** The columns a kind of file takes (fields with their header spellings, required ones), or a 400 for an unknown kind. */
  spec(kind: string): ImportSpec {
    const importer = this.importers.get(kind);
    if (!importer)
      throw DomainError.invalid(
        'imports.unknown_kind',
        `unknown import kind "${kind}" (expected ${this.kinds().join(', ')})`,
      );
    return importer.spec;
  }

  async importFile(kind: string, file: string, options: ImportOptions = {}): Promise<ImportSummary> {
    const started = Date.now();
    const name = options.displayName ?? file;
    this.spec(kind);
    const importer = this.importers.get(kind)!;
    if (!fs.existsSync(file)) throw DomainError.notFound('imports.file_not_found', `${name}: no such file`);
    const csv = await openCsv(file);
    if (!csv.header.length)
      throw DomainError.invalid('imports.empty_file', `${name}: the file is empty (a header row is required)`);
    const plan = headerPlan(csv.header, importer, options.overrides ?? options.map, name);

    const context: ImportContext = { config: this.config, today: new Date() };
    const summary: ImportSummary = {
      kind,
      inserted: 0,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      duplicates: 0,
      rows: 0,
      errors: [],
      errors_truncated: false,
      errors_file: null,
      encoding: csv.encoding,
      delimiter: csv.delimiter,
      duration_ms: 0,
    };
    const errorLog = new ErrorLog(path.join(this.config.home, 'imports'), kind, summary);
    const columns = [...importer.stagingColumns(plan), { name: 'line', type: 'int' }];
    const run: ImportRun = { importer, plan, columns, context, summary, errorLog, seen: new SeenKeys() };
    const writer = new ImportBatchWriter(
      this.dataSource,
      this.bulk,
      columns,
      this.config.importBatchSize,
      (lane, rows) => this.writeBatch(lane, run, rows),
    );
    try {
      await writer.open(importer.independentBatches === true, this.config.databasePoolSize);
      await this.readRecords(csv, run, writer, options.onProgress);
      await writer.finish();
    } finally {
      await writer.close();
      await errorLog.close();
    }
    if (summary.inserted + summary.updated > 0) await analyzeTables(this.dataSource, importer.fills);
    summary.duration_ms = Date.now() - started;
    return summary;
  }

  /** Validates every record as it is read; a bad one is reported, a good one goes to the writer. */
  private async readRecords(
    csv: CsvFile,
    run: ImportRun,
    writer: ImportBatchWriter,
    onProgress: ImportOptions['onProgress'],
  ): Promise<void> {
    for await (const chunk of csv.chunks) {
      for (const problem of chunk.problems)
        run.errorLog.add({ line: problem.line, field: 'row', reason: problem.reason });
      run.summary.rows += chunk.problems.length;
      for (const record of chunk.records) {
        run.summary.rows++;
        const values = stagingValues(record, run);
        if (values) await writer.add(values);
      }
      onProgress?.({ bytesRead: chunk.bytesRead, bytes: csv.bytes, rows: run.summary.rows });
    }
  }

  /** One batch: stage the rows, then merge them (the merge consumes the staging table). */
  private async writeBatch({ runner, staging }: ImportLane, run: ImportRun, rows: StagingBatch): Promise<void> {
    await this.bulk.load(runner, staging, run.columns, rows);
    const outcome = await run.importer.merge(runner, staging, run.columns, run.context);
    run.summary.inserted += outcome.inserted;
    run.summary.updated += outcome.updated;
    for (const rejected of outcome.rejected) run.errorLog.add(rejected);
    run.summary.unchanged += rows.size - outcome.inserted - outcome.updated - outcome.rejected.length;
  }
}

/** The header mapped onto the importer's fields, or every header problem reported on line 1. */
function headerPlan(
  header: string[],
  importer: RowImporter<unknown>,
  map: string | Map<string, string> | undefined,
  name: string,
): ColumnPlan[] {
  try {
    return planColumns(header, importer.spec, typeof map === 'object' ? map : parseMapOption(map));
  } catch (error) {
    if (error instanceof MappingError) {
      throw DomainError.invalid('imports.bad_header', `${name}, line 1: ${error.problems.join('; ')}`, {
        fields: error.problems.map((reason) => ({ line: 1, field: 'header', reason })),
      });
    }
    throw error;
  }
}

/** The record's staging row, or undefined when it is invalid or repeats a key seen earlier in the file (both reported). */
function stagingValues(
  record: CsvRecord,
  { importer, plan, columns, context, errorLog, summary, seen }: ImportRun,
): unknown[] | undefined {
  const result = importer.validate(mapRecord(record.line, record.fields, plan), context);
  if ('problems' in result) {
    for (const problem of result.problems)
      errorLog.add({ line: record.line, field: problem.field, reason: problem.reason }, false);
    errorLog.countRow();
    return undefined;
  }
  const key = importer.keyOf(result.row);
  const firstLine = key === undefined ? undefined : seen.firstLineOf(key, record.line);
  if (firstLine !== undefined) {
    errorLog.add({
      line: record.line,
      field: importer.keyField ?? 'row',
      reason: `duplicate "${key}" in this file (first on line ${firstLine}); the first one was imported`,
    });
    summary.duplicates++;
    return undefined;
  }
  const values = importer.stagingValues(result.row, columns);
  values[columns.length - 1] = record.line;
  return values;
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

  constructor(
    directory: string,
    kind: string,
    private readonly summary: ImportSummary,
  ) {
    this.file = path.join(
      directory,
      `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}-errors.csv`,
    );
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
