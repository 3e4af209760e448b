import { DomainError } from '../core/errors/domain-error';
import type { ClosingCondition, CompensationKind } from './complaint-workflow';

/** What the complaint workflow accepts for each transition, and the checks that need no database. */

export interface CompensationInput {
  kind: CompensationKind;
  amount: number;
  currency?: string;
  note?: string;
}

export interface Qualification {
  cause?: string;
  category?: string;
  product?: string;
  origin?: string;
  sector?: string;
  region?: string;
  type?: 'good_faith' | 'bad_faith' | 'seller_fault';
  urgent?: boolean;
  important?: boolean;
  requested_delay_days?: number | null;
  registered_letter?: boolean;
}

export interface Assignment {
  owner: string;
  owner_email?: string;
  forwarded_to?: string;
  copy_to?: string;
}

export interface Answer {
  summary: string;
  corrective_measures: string;
  commercial_gesture?: string;
  channel?: 'email' | 'letter';
  compensation?: CompensationInput;
}

export interface Closing {
  condition: ClosingCondition;
  explanation?: string;
  compensation?: CompensationInput;
}

export const invalid = (field: string, reason: string) =>
  DomainError.invalid('complaints.invalid', `${field}: ${reason}`, { fields: [{ field, reason }] });

/** Checks a compensation and rounds it to the cent; the currency defaults to the installation's. */
export function normaliseCompensation(
  input: CompensationInput | undefined,
  defaultCurrency: string,
): (Required<Omit<CompensationInput, 'note'>> & { note?: string }) | undefined {
  if (!input) return undefined;
  if (!Number.isFinite(input.amount) || input.amount < 0)
    throw invalid('compensation.amount', 'must be a non-negative amount');
  const currency = (input.currency ?? defaultCurrency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency))
    throw invalid('compensation.currency', 'must be an ISO 4217 code such as MAD or EUR');
  return { kind: input.kind, amount: Math.round(input.amount * 100) / 100, currency, note: input.note };
}
