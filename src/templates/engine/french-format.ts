import { fastCalendarDate, fastCount, fastMoney } from './fast-format';
import { ownEntry } from '../../core/text/text';

/**
 * French formatting of dates, amounts, counts and salutations (fr-FR and fr-MA conventions).
 * Pure functions, hot in a mass merge: the common cases take the hand-written path of
 * fast-format.ts, the others Intl formatters built once.
 */

export type DateStyle = 'long' | 'full' | 'short' | 'month' | 'day';
export const DATE_STYLES: readonly DateStyle[] = ['long', 'full', 'short', 'month', 'day'];

const DATE_FORMATS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  long: { day: 'numeric', month: 'long', year: 'numeric' },
  full: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
  short: { day: '2-digit', month: '2-digit', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
  day: { day: 'numeric', month: 'long' },
};

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(style: DateStyle, timeZone: string): Intl.DateTimeFormat {
  const key = `${style}|${timeZone}`;
  let formatter = dateFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('fr-FR', { ...DATE_FORMATS[style], timeZone });
    dateFormatters.set(key, formatter);
  }
  return formatter;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** `YYYY-MM-DD` naming a day that exists (2026-02-29 does not). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_ONLY.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/** A calendar date in a French style, without Intl. */
export function formatCalendarDate(iso: string, style: DateStyle): string {
  return fastCalendarDate(iso, style) ?? formatDate(new Date(`${iso}T00:00:00Z`), style);
}

/** A calendar date (`YYYY-MM-DD`, read as that day wherever the reader is) or an instant; undefined if unreadable. */
export function parseDateValue(value: unknown): { date: Date; dateOnly: boolean } | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { date: value, dateOnly: false };
  if (typeof value !== 'string') return undefined;
  if (DATE_ONLY.test(value)) return isCalendarDate(value) ? { date: new Date(`${value}T00:00:00Z`), dateOnly: true } : undefined;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : { date, dateOnly: false };
}

/** `22 novembre 2026`; French writes the first of the month `1er`. */
export function formatDate(value: Date, style: DateStyle = 'long', options: { dateOnly?: boolean; timeZone?: string } = {}): string {
  const timeZone = options.dateOnly === false ? (options.timeZone ?? 'Europe/Paris') : 'UTC';
  const formatter = dateFormatter(style, timeZone);
  if (style === 'short' || style === 'month') return formatter.format(value);
  return formatter
    .formatToParts(value)
    .map((part) => (part.type === 'day' && part.value === '1' ? '1er' : part.value))
    .join('');
}

const moneyFormatters = new Map<string, Intl.NumberFormat>();

/** fr-FR for euros and fr-MA for dirhams unless the recipient's locale says otherwise. */
export function moneyLocale(currency: string, locale?: string | null): string {
  if (locale === 'fr-FR' || locale === 'fr-MA') return locale;
  return currency === 'MAD' ? 'fr-MA' : 'fr-FR';
}

/** Prices repeat across an audience: the last few thousand formatted amounts, per currency and locale. */
const moneyResults = new Map<string, Map<number, string>>();
const MONEY_RESULTS = 5000;

/** `1 234,50 €`, `1.234,50 MAD`; whole amounts without decimals (`200 MAD`). */
export function formatMoney(amount: number, currency: string, locale?: string | null): string {
  const resolvedLocale = moneyLocale(currency, locale);
  const resultsKey = currency + resolvedLocale;
  let results = moneyResults.get(resultsKey);
  if (!results) moneyResults.set(resultsKey, (results = new Map<number, string>()));
  const known = results.get(amount);
  if (known !== undefined) return known;
  const formatted = formatMoneyUncached(amount, currency, resolvedLocale);
  if (results.size >= MONEY_RESULTS) results.clear();
  results.set(amount, formatted);
  return formatted;
}

function formatMoneyUncached(amount: number, currency: string, resolvedLocale: string): string {
  const fast = fastMoney(amount, currency, resolvedLocale as 'fr-FR' | 'fr-MA');
  if (fast !== undefined) return fast;
  const whole = Number.isInteger(amount);
  const key = `${resolvedLocale}|${currency}|${whole}`;
  let formatter = moneyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(resolvedLocale, {
      style: 'currency',
      currency,
      minimumFractionDigits: whole ? 0 : 2,
      maximumFractionDigits: 2,
    });
    moneyFormatters.set(key, formatter);
  }
  return formatter.format(amount);
}

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** French counts: 0 and 1 take the singular (`0 point`, `1 point`, `2 points`). */
export function formatPlural(count: number, singular: string, plural: string, withNumber = true): string {
  // CLDR's French rule: an integer part of 0 or 1 takes the singular.
  const word = Math.abs(count) < 2 ? singular : plural;
  return withNumber ? `${formatNumber(count)} ${word}` : word;
}

export function formatNumber(value: number): string {
  return fastCount(value) ?? numberFormat.format(value);
}

const SALUTATIONS: Record<string, string> = {
  'mme': 'Madame',
  'm.': 'Monsieur',
  'm': 'Monsieur',
  'dr': 'Docteur',
  'me': 'Maître',
  'pr': 'Professeur',
};

/** The salutation for a civility as normalised by imports (`Mme`, `M.`); unknown or none: `Madame, Monsieur`. */
export function salutationFor(civility: unknown): string {
  if (typeof civility !== 'string') return 'Madame, Monsieur';
  const key = civility.trim().toLowerCase();
  return ownEntry(SALUTATIONS, key) ?? ownEntry(SALUTATIONS, key.replace(/\.$/, '')) ?? 'Madame, Monsieur';
}

export function upperFrench(value: string): string {
  return value.toLocaleUpperCase('fr-FR');
}
