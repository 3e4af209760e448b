import { Injectable } from '@nestjs/common';
import type { QueryRunner } from 'typeorm';
import type { FieldProblem } from '../../contacts/contact-fields';
import { PurchasesRepository } from '../../contacts/purchases.repository';
import { normaliseCurrency, parseAmount } from '../../contacts/normalisation/amount';
import { parseInstant } from '../../contacts/normalisation/dates';
import { FieldError } from '../../contacts/normalisation/field-error';
import { normaliseLine } from '../../contacts/normalisation/text-fields';
import type { StagingColumn } from '../../core/database/bulk-loader';
import { isValidResponseCode, normaliseResponseCodeInput } from '../../core/security/response-code';
import type { ColumnPlan, ImportSpec } from '../column-mapping';
import { EXTERNAL_ID_ALIASES } from './contacts.importer';
import type { ImportContext, MappedRecord, RowImporter, WriteOutcome } from './row-importer';

export interface PurchaseRow {
  external_id: string;
  order_id: string;
  ordered_at: string;
  amount: number;
  currency: string;
  response_code: string | null;
}

export const PURCHASES_SPEC: ImportSpec = {
  kind: 'purchases',
  required: ['external_id', 'order_id', 'ordered_at', 'amount'],
  unknownColumnsAsAttributes: false,
  fields: {
    external_id: EXTERNAL_ID_ALIASES,
    order_id: [
      'commande',
      'numero_de_commande',
      'n_commande',
      'no_commande',
      'num_commande',
      'reference_commande',
      'ref_commande',
      'order',
      'order_number',
      'facture',
      'numero_facture',
      'n_facture',
    ],
    ordered_at: [
      'date',
      'date_commande',
      'date_de_commande',
      'date_achat',
      'date_d_achat',
      'order_date',
      'date_facture',
    ],
    amount: ['montant', 'montant_ttc', 'total', 'total_ttc', 'prix', 'amount_ttc', 'ca', 'chiffre_d_affaires'],
    currency: ['devise', 'monnaie'],
    response_code: ['code_reponse', 'code_de_reponse', 'code_coupon', 'code'],
  },
};

/** Response codes are typed by people: read them as the coupon page does, and check the check character. */
export function normaliseResponseCode(raw: string): string {
  const code = normaliseResponseCodeInput(raw);
  if (!isValidResponseCode(code))
    throw new FieldError(`not a valid response code: "${raw}" (11 characters such as 7K3M-9QX2-F4P; check for a typo)`);
  return code;
}

/**
 * Purchases are upserted on order_id and attached to the contact with the given external_id;
 * a purchase for an unknown contact is rejected (import contacts first).
 */
@Injectable()
export class PurchasesImporter implements RowImporter<PurchaseRow> {
  readonly spec = PURCHASES_SPEC;
  readonly keyField = 'order_id';
  readonly independentBatches = true;
  readonly fills = ['purchases'];

  constructor(private readonly purchases: PurchasesRepository) {}

  keyOf(row: PurchaseRow): string {
    return row.order_id;
  }

  validate(record: MappedRecord, context: ImportContext): { row: PurchaseRow } | { problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    const value = <T>(field: string, normalise: (raw: string) => T, required: boolean): T | null => {
      const raw = record.fields[field]?.trim();
      if (!raw) {
        if (required) problems.push({ field, reason: 'is required' });
        return null;
      }
      try {
        return normalise(raw);
      } catch (error) {
        if (!(error instanceof FieldError)) throw error;
        problems.push({ field, reason: error.message });
        return null;
      }
    };
    const row = {
      external_id: value('external_id', (raw) => normaliseLine(raw, 100), true),
      order_id: value('order_id', (raw) => normaliseLine(raw, 100), true),
      ordered_at: value(
        'ordered_at',
        (raw) => {
          const instant = parseInstant(raw, context.config.defaultTimezone);
          if (instant.getTime() > context.today.getTime() + 86_400_000)
            throw new FieldError(`order date in the future: "${raw}"`);
          return instant.toISOString();
        },
        true,
      ),
      amount: value('amount', parseAmount, true),
      currency: value('currency', normaliseCurrency, false) ?? context.config.defaultCurrency,
      response_code: value('response_code', normaliseResponseCode, false),
    };
    return problems.length ? { problems } : { row: row as PurchaseRow };
  }

  stagingColumns(plan: ColumnPlan[]): StagingColumn[] {
    const columns: StagingColumn[] = [
      { name: 'external_id', type: 'text' },
      { name: 'order_id', type: 'text' },
      { name: 'ordered_at', type: 'timestamptz' },
      { name: 'amount', type: 'numeric' },
      { name: 'currency', type: 'text' },
    ];
    if (plan.some((column) => column.target.kind === 'field' && column.target.field === 'response_code'))
      columns.push({ name: 'response_code', type: 'text' });
    return columns;
  }

  stagingValues(row: PurchaseRow, columns: StagingColumn[]): unknown[] {
    return columns.map((column) => row[column.name as keyof PurchaseRow]);
  }

  async merge(runner: QueryRunner, staging: string, columns: StagingColumn[]): Promise<WriteOutcome> {
    const { inserted, updated, unknownLines } = await this.purchases.mergeStaged(
      runner,
      staging,
      columns.some((column) => column.name === 'response_code'),
    );
    return {
      inserted,
      updated,
      rejected: unknownLines.map((line) => ({
        line,
        field: 'external_id',
        reason: 'no contact with this external_id (import contacts first)',
      })),
    };
  }
}
