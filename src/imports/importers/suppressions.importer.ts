import { Inject, Injectable } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import type { QueryRunner } from 'typeorm';
import type { FieldProblem } from '../../contacts/contact-fields';
import { normaliseEmail } from '../../contacts/normalisation/email';
import { FieldError } from '../../contacts/normalisation/field-error';
import { normalisePhone } from '../../contacts/normalisation/phone';
import { normaliseLine } from '../../contacts/normalisation/text-fields';
import { relanceConfig, type RelanceConfigType } from '../../core/config/relance-config';
import type { StagingColumn } from '../../core/database/bulk-loader';
import { stripAccents } from '../../core/text/text';
import { SuppressionService } from '../../consent/suppression.service';
import type { ImportSpec } from '../column-mapping';
import type { ImportContext, MappedRecord, RowImporter, WriteOutcome } from './row-importer';

export interface SuppressionRow {
  channel: 'email' | 'sms' | 'phone';
  address: string;
  reason: string;
  source: string | null;
}

const REASONS = ['unsubscribed', 'hard_bounce', 'soft_bounces', 'spam_complaint', 'erased', 'do_not_call', 'manual'];
const PHONE_ALIASES = [
  'telephone',
  'tel',
  'numero',
  'numero_de_telephone',
  'phone_number',
  'ligne',
  'mobile',
  'msisdn',
];

function normaliseAddress(channel: SuppressionRow['channel'], raw: string, region: CountryCode): string {
  return channel === 'email' ? normaliseEmail(raw) : normalisePhone(raw, region);
}

const STAGING: StagingColumn[] = ['channel', 'address', 'reason', 'source'].map((name) => ({ name, type: 'text' }));

/** `relance import suppressions file.csv`: columns channel (email|sms|phone), address, reason, source. */
@Injectable()
export class SuppressionsImporter implements RowImporter<SuppressionRow> {
  readonly spec: ImportSpec = {
    kind: 'suppressions',
    required: ['channel', 'address'],
    unknownColumnsAsAttributes: false,
    fields: {
      channel: ['canal'],
      address: ['adresse', 'email', 'e_mail', 'courriel', 'phone', ...PHONE_ALIASES],
      reason: ['motif', 'raison'],
      source: ['origine'],
    },
  };
  readonly keyField = undefined;
  readonly fills = ['suppressions'];

  constructor(
    private readonly suppressions: SuppressionService,
    @Inject(relanceConfig.KEY) private readonly config: RelanceConfigType,
  ) {}

  keyOf(): undefined {
    return undefined;
  }

  validate(record: MappedRecord): { row: SuppressionRow } | { problems: FieldProblem[] } {
    const channel = stripAccents(record.fields.channel?.trim() ?? '').toLowerCase();
    if (channel !== 'email' && channel !== 'sms' && channel !== 'phone')
      return {
        problems: [{ field: 'channel', reason: `must be email, sms or phone (got "${record.fields.channel ?? ''}")` }],
      };
    const reason = record.fields.reason?.trim().toLowerCase() || 'manual';
    if (!REASONS.includes(reason))
      return { problems: [{ field: 'reason', reason: `must be one of ${REASONS.join(', ')}` }] };
    try {
      const address = normaliseAddress(channel, record.fields.address ?? '', this.config.defaultCountry);
      const source = record.fields.source?.trim() ? normaliseLine(record.fields.source, 200) : 'import';
      return { row: { channel, address, reason, source } };
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      return { problems: [{ field: 'address', reason: error.message }] };
    }
  }

  stagingColumns(): StagingColumn[] {
    return STAGING;
  }

  stagingValues(row: SuppressionRow, columns: StagingColumn[]): unknown[] {
    return columns.map((column) => row[column.name as keyof SuppressionRow]);
  }

  async merge(runner: QueryRunner, staging: string): Promise<WriteOutcome> {
    return { inserted: await this.suppressions.mergeStaged(runner, staging), updated: 0, rejected: [] };
  }
}

/** `relance import do-not-call file.csv`: a Bloctel-style list of phone numbers (one `phone` column). */
@Injectable()
export class DoNotCallImporter implements RowImporter<SuppressionRow> {
  readonly spec: ImportSpec = {
    kind: 'do-not-call',
    required: ['phone'],
    unknownColumnsAsAttributes: false,
    fields: { phone: PHONE_ALIASES },
  };
  readonly keyField = 'phone';
  readonly fills = ['suppressions'];

  constructor(private readonly suppressions: SuppressionService) {}

  keyOf(row: SuppressionRow): string {
    return row.address;
  }

  validate(record: MappedRecord, context: ImportContext): { row: SuppressionRow } | { problems: FieldProblem[] } {
    try {
      const address = normalisePhone(record.fields.phone ?? '', context.config.defaultCountry);
      return { row: { channel: 'phone', address, reason: 'do_not_call', source: 'do-not-call-list' } };
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      return { problems: [{ field: 'phone', reason: record.fields.phone?.trim() ? error.message : 'is required' }] };
    }
  }

  stagingColumns(): StagingColumn[] {
    return STAGING;
  }

  stagingValues(row: SuppressionRow, columns: StagingColumn[]): unknown[] {
    return columns.map((column) => row[column.name as keyof SuppressionRow]);
  }

  async merge(runner: QueryRunner, staging: string): Promise<WriteOutcome> {
    return { inserted: await this.suppressions.mergeStaged(runner, staging), updated: 0, rejected: [] };
  }
}
