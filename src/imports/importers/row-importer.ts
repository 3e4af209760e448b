import type { QueryRunner } from 'typeorm';
import type { RelanceConfig } from '../../core/config/relance-config';
import type { FieldProblem } from '../../contacts/contact-fields';
import type { ColumnPlan, ImportSpec } from '../column-mapping';

export interface ImportContext {
  config: Pick<RelanceConfig, 'defaultCountry' | 'defaultCurrency' | 'defaultTimezone'>;
  today: Date;
}

/** One record of the file, after column mapping: standard fields by name, custom attributes apart. */
export interface MappedRecord {
  line: number;
  fields: Map<string, string>;
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
 * validated, and how a batch of valid rows is written. Reading, mapping, batching, duplicate
 * detection and reporting are shared by the import service.
 */
export interface RowImporter<Row> {
  readonly spec: ImportSpec;
  /** The field whose value must be unique within one file, named in duplicate reports. */
  readonly keyField: string;
  /** The key that must be unique within one file (external_id, order_id…), or undefined when rows may repeat. */
  keyOf(row: Row): string | undefined;
  validate(record: MappedRecord, context: ImportContext): { row: Row } | { problems: FieldProblem[] };
  write(runner: QueryRunner, rows: Array<{ line: number; row: Row }>, plan: ColumnPlan[], context: ImportContext): Promise<WriteOutcome>;
}
