import type { QueryRunner } from 'typeorm';
import type { RelanceConfig } from '../../core/config/relance-config';
import type { StagingColumn } from '../../core/database/bulk-loader';
import type { FieldProblem } from '../../contacts/contact-fields';
import type { ColumnPlan, ImportSpec } from '../column-mapping';

export interface ImportContext {
  config: Pick<RelanceConfig, 'defaultCountry' | 'defaultCurrency' | 'defaultTimezone'>;
  today: Date;
}

/** One record of the file, after column mapping: standard fields by name, custom attributes apart. */
export interface MappedRecord {
  line: number;
  fields: Record<string, string>;
  /** Custom attributes, by canonical (already slugified) name. */
  attributes: Record<string, string>;
}

export interface WriteOutcome {
  inserted: number;
  updated: number;
  /** Rows refused by the database step (e.g. a purchase for an unknown contact). */
  rejected: Array<{ line: number; field: string; reason: string }>;
}

/**
 * What differs between contacts, purchases and consents: their columns, how one row is
 * validated, and how a staged batch is merged into the base. Reading, mapping, batching,
 * duplicate detection, staging and reporting are shared by the import service.
 */
/** Every importer, in the order `relance import` lists their kinds (imports.module gathers them). */
export const ROW_IMPORTERS = Symbol('ROW_IMPORTERS');

export interface RowImporter<Row> {
  readonly spec: ImportSpec;
  /** The field whose value must be unique within one file, named in duplicate reports. */
  readonly keyField: string | undefined;
  /** The key that must be unique within one file (external_id, order_id…), or undefined when rows may repeat. */
  keyOf(row: Row): string | undefined;
  /**
   * True when two batches of one file never touch the same rows (each row is keyed by a key unique
   * in the file), so they may be merged at the same time on two connections. Files whose rows must
   * apply in order (consent events) leave it unset.
   */
  readonly independentBatches?: boolean;
  /**
   * The tables an import of this kind fills: their planner statistics are refreshed (ANALYZE) once
   * a file has changed rows, so the reports and pages read them with good plans straight away even
   * where autovacuum is slow or off.
   */
  readonly fills: readonly string[];
  validate(record: MappedRecord, context: ImportContext): { row: Row } | { problems: FieldProblem[] };
  /** Columns of the staging table for this file (the source line is added by the service). */
  stagingColumns(plan: ColumnPlan[]): StagingColumn[];
  stagingValues(row: Row, columns: StagingColumn[]): unknown[];
  /** Merges the staged batch (table `staging`, with a `line` column) into the base, consuming it (`DELETE … RETURNING`). */
  merge(runner: QueryRunner, staging: string, columns: StagingColumn[], context: ImportContext): Promise<WriteOutcome>;
}
