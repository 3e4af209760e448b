/**
 * Numbers, money, percentages and dates as the console and the printed reports show them, in French: `1 234,50 MAD`,
 * `12,3 %`, `7 déc. 2026`. fr-FR groups thousands with a narrow no-break space (U+202F) and puts a
 * no-break space (U+00A0) before a unit, so a figure never wraps in the middle.
 */
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat('fr-FR', options)));
  return format;
}

function dateFormat(key: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let format = dateFormats.get(key);
  if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat('fr-FR', options)));
  return format;
}

function toNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const date = value instanceof Date ? value : new Date(value as string);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** What a missing figure shows: a dash, not "NaN" or "0". */
export const MISSING = '–';

/** The months in French, January first (index = month number − 1). */
export const FRENCH_MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

export function formatNumber(value: unknown, fractionDigits = 0): string {
  const number = toNumber(value);
  return number === undefined
    ? MISSING
    : numberFormat(`n${fractionDigits}`, {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(number);
}

/** `1 234,50 MAD`, `12,00 €`: always two decimals, the currency's code or sign after the amount. */
export function formatMoney(value: unknown, currency: string): string {
  const number = toNumber(value);
  return number === undefined
    ? MISSING
    : numberFormat(`m${currency}`, {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }).format(number);
}

/** A ratio (0.123) as `12,3 %`. */
export function formatPercent(ratio: unknown, fractionDigits = 1): string {
  const number = toNumber(ratio);
  return number === undefined
    ? MISSING
    : numberFormat(`p${fractionDigits}`, {
        style: 'percent',
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(number);
}

/** `7 déc. 2026`, in the installation's time zone. */
export function formatDate(value: unknown, timeZone: string): string {
  const date = toDate(value);
  return date === undefined
    ? MISSING
    : dateFormat(`d${timeZone}`, { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
}

/** `7 déc. 2026, 09:30`. */
export function formatDateTime(value: unknown, timeZone: string): string {
  const date = toDate(value);
  return date === undefined
    ? MISSING
    : dateFormat(`t${timeZone}`, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
      }).format(date);
}
