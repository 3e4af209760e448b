import { DomainError } from '../core/errors/domain-error';
import { round2 } from './kpi-formulas';

/**
 * Money in several currencies, without an exchange rate: relance converts nothing. Each
 * currency's total is reported apart, the money ratios are computed in one currency, and
 * what they leave out is listed beside them, so that no amount vanishes silently. Pure.
 */
export type MoneyByCurrency = Record<string, number>;

export interface CurrencyTotals {
  orders: number;
  revenue: number;
}

/** What the ratios in one currency do not include: every other currency's orders and money. */
export interface MoneyLeftOut {
  currencies: string[];
  orders: number;
  revenue_by_currency: MoneyByCurrency;
  compensation_by_currency: MoneyByCurrency;
  /** Says in words what was left out of which figures; null when nothing was. */
  note: string | null;
}

export interface MoneyInCurrency {
  currency: string;
  orders: number;
  revenue: number;
  compensations: number;
  left_out: MoneyLeftOut;
}

/** The currency a report is asked in: an ISO 4217 code (any case), by default the installation's. */
export function reportCurrency(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) {
    throw DomainError.invalid(
      'reports.bad_currency',
      `currency: must be an ISO 4217 code such as EUR or MAD (got "${value}")`,
      {
        fields: [{ field: 'currency', reason: 'must be an ISO 4217 code such as EUR or MAD' }],
      },
    );
  }
  return code;
}

/** Amounts rounded to the cent, currencies in alphabetical order (a stable document). */
export function roundedByCurrency(amounts: MoneyByCurrency): MoneyByCurrency {
  return Object.fromEntries(
    Object.keys(amounts)
      .sort()
      .map((code) => [code, round2(amounts[code])]),
  );
}

/** The revenue of each currency, rounded. */
export function revenueByCurrency(commerce: Record<string, CurrencyTotals>): MoneyByCurrency {
  return roundedByCurrency(
    Object.fromEntries(Object.entries(commerce).map(([code, totals]) => [code, totals.revenue])),
  );
}

function others(amounts: MoneyByCurrency, currency: string): MoneyByCurrency {
  return roundedByCurrency(
    Object.fromEntries(Object.entries(amounts).filter(([code, amount]) => code !== currency && amount !== 0)),
  );
}

/**
 * Splits the period's commerce and compensations into the part in `currency` (what the ratios
 * divide) and the rest (listed in `left_out`).
 */
export function moneyInCurrency(
  currency: string,
  commerce: Record<string, CurrencyTotals>,
  compensations: MoneyByCurrency,
  figures = 'revenue, average_basket and loss_rate',
): MoneyInCurrency {
  const leftOutRevenue = others(revenueByCurrency(commerce), currency);
  const leftOutCompensations = others(compensations, currency);
  const currencies = [
    ...new Set([
      ...Object.keys(commerce).filter((code) => code !== currency && commerce[code].orders > 0),
      ...Object.keys(leftOutCompensations),
    ]),
  ].sort();
  const orders = currencies.reduce((sum, code) => sum + (commerce[code]?.orders ?? 0), 0);
  return {
    currency,
    orders: commerce[currency]?.orders ?? 0,
    revenue: commerce[currency]?.revenue ?? 0,
    compensations: compensations[currency] ?? 0,
    left_out: {
      currencies,
      orders,
      revenue_by_currency: leftOutRevenue,
      compensation_by_currency: leftOutCompensations,
      note: currencies.length
        ? `amounts in ${currencies.join(', ')} are not converted into ${currency} (no exchange rate is assumed): they are left out of ${figures}`
        : null,
    },
  };
}
