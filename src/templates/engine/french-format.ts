/**
 * French formatting of dates, amounts, counts and salutations (fr-FR and fr-MA conventions).
 * Pure functions; formatters are built once and reused, they are hot in a mass merge.
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

/** A calendar date (`YYYY-MM-DD`, read as that day wherever the reader is) or an instant; undefined if unreadable. */
export function parseDateValue(value: unknown): { date: Date; dateOnly: boolean } | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { date: value, dateOnly: false };
  if (typeof value !== 'string') return undefined;
  if (DATE_ONLY.test(value)) {
    const date = new Date(`${value}T00:00:00Z`);
    return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : { date, dateOnly: true };
  }
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

/** `1 234,50 €`, `1.234,50 MAD`; whole amounts without decimals (`200 MAD`). */
export function formatMoney(amount: number, currency: string, locale?: string | null): string {
  const resolvedLocale = moneyLocale(currency, locale);
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
const pluralRules = new Intl.PluralRules('fr-FR');

/** French counts: 0 and 1 take the singular (`0 point`, `1 point`, `2 points`). */
export function formatPlural(count: number, singular: string, plural: string, withNumber = true): string {
  const word = pluralRules.select(count) === 'one' ? singular : plural;
  return withNumber ? `${numberFormat.format(count)} ${word}` : word;
}

export function formatNumber(value: number): string {
  return numberFormat.format(value);
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
  return SALUTATIONS[key] ?? SALUTATIONS[key.replace(/\.$/, '')] ?? 'Madame, Monsieur';
}

export function upperFrench(value: string): string {
  return value.toLocaleUpperCase('fr-FR');
}
