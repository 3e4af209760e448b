import { stripAccents } from '../../core/text/text';

/**
 * The recipient block of a letter, written to the postal rules (La Poste's NF Z10-011, which
 * Barid Al-Maghrib's layout matches): at most 6 lines of at most 38 characters; identity first,
 * then the delivery complement, the number and street, and last `POSTAL CODE CITY` in capitals
 * without accents or punctuation — followed by the country, in capitals, for mail abroad.
 */
export interface AddressFields {
  type?: string | null;
  civility?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  company_name?: string | null;
  address_line1?: string | null;
  address_line2?: string | null;
  postal_code?: string | null;
  city?: string | null;
  region?: string | null;
  country?: string | null;
}

export interface FormattedAddress {
  lines: string[];
  /** Why the address cannot be printed (empty when it can). */
  problems: string[];
}

export const MAX_ADDRESS_LINES = 6;
export const MAX_LINE_LENGTH = 38;

/** The official abbreviations, applied only when a line is too long. */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bboulevard\b/gi, 'Bd'], [/\bavenue\b/gi, 'Av'], [/\ball[ée]e\b/gi, 'All'], [/\bimpasse\b/gi, 'Imp'], [/\bplace\b/gi, 'Pl'],
  [/\broute\b/gi, 'Rte'], [/\bchemin\b/gi, 'Che'], [/\bfaubourg\b/gi, 'Fg'], [/\bquartier\b/gi, 'Qua'], [/\br[ée]sidence\b/gi, 'Res'],
  [/\bb[âa]timent\b/gi, 'Bat'], [/\bappartement\b/gi, 'Apt'], [/\bimmeuble\b/gi, 'Imm'], [/\bescalier\b/gi, 'Esc'], [/\b[ée]tage\b/gi, 'Etg'],
  [/\bsaint\b/gi, 'St'], [/\bsainte\b/gi, 'Ste'], [/\bgrande?\b/gi, 'Gd'], [/\bdocteur\b/gi, 'Dr'], [/\bg[ée]n[ée]ral\b/gi, 'Gal'],
];

/** Complements that belong after the street (post-office boxes, hamlets); the others go before it. */
const AFTER_STREET = /^(bp|b\.p\.|cs|tsa|case postale|lieu[- ]dit|zone|za|zi)\b/i;

/** Countries whose last lines are not `POSTAL CODE CITY`. */
const CITY_FIRST = new Set(['US', 'CA', 'AU']);

const regionNames = new Intl.DisplayNames(['fr'], { type: 'region' });

function clean(value: string | null | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/** Capitals without accents or punctuation other than hyphens: what sorting machines read best. */
export function postalCapitals(value: string): string {
  return stripAccents(value)
    .toUpperCase()
    .replace(/Œ/g, 'OE')
    .replace(/Æ/g, 'AE')
    .replace(/[’'.,;:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function abbreviate(line: string): string {
  let result = line;
  for (const [pattern, short] of ABBREVIATIONS) {
    if (result.length <= MAX_LINE_LENGTH) break;
    result = result.replace(pattern, (word) => (word === word.toUpperCase() ? short.toUpperCase() : short));
  }
  return result;
}

/** Splits a long line at spaces into pieces of at most 38 characters (a longer word is cut). */
export function wrapAddressLine(line: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (!current) current = word;
    else if (current.length + 1 + word.length <= MAX_LINE_LENGTH) current += ` ${word}`;
    else {
      pieces.push(current);
      current = word;
    }
    while (current.length > MAX_LINE_LENGTH) {
      pieces.push(current.slice(0, MAX_LINE_LENGTH));
      current = current.slice(MAX_LINE_LENGTH);
    }
  }
  if (current) pieces.push(current);
  return pieces;
}

function initials(firstName: string): string {
  return firstName
    .split(/([- ])/)
    .map((part) => (part === '-' || part === ' ' ? part : part ? `${part[0]}.` : ''))
    .join('');
}

/** `Mme Hélène Lefèvre`, shortened (initials, then without civility) rather than wrapped. */
function personLine(fields: AddressFields): string {
  const civility = clean(fields.civility);
  const first = clean(fields.first_name);
  const last = clean(fields.last_name);
  const candidates = [
    [civility, first, last],
    [civility, first && initials(first), last],
    [first && initials(first), last],
    [last],
  ].map((parts) => parts.filter(Boolean).join(' '));
  return candidates.find((candidate) => candidate.length <= MAX_LINE_LENGTH) ?? candidates[candidates.length - 1];
}

function streetLine(value: string): string {
  return clean(value).replace(/^(\d+\s*(?:bis|ter|quater|[a-z])?)\s*,\s*/i, '$1 ').replace(/[.,;]+$/, '');
}

function fit(line: string): string[] {
  return line.length <= MAX_LINE_LENGTH ? [line] : wrapAddressLine(abbreviate(line));
}

function localityLines(fields: AddressFields): string[] {
  const country = clean(fields.country).toUpperCase();
  const postalCode = clean(fields.postal_code).toUpperCase();
  const city = postalCapitals(clean(fields.city));
  if (country === 'GB') return [city, postalCode].filter(Boolean);
  if (CITY_FIRST.has(country)) return [[city, postalCapitals(clean(fields.region)), postalCode].filter(Boolean).join(' ')];
  const line = [postalCode, city].filter(Boolean).join(' ');
  return [line.length <= MAX_LINE_LENGTH ? line : abbreviate(line).slice(0, MAX_LINE_LENGTH).trim()];
}

export function countryLine(country: string): string {
  return postalCapitals(regionNames.of(country) ?? country);
}

/** The address block as printed, or the reasons it cannot be. */
export function formatPostalAddress(fields: AddressFields, senderCountry: string): FormattedAddress {
  const problems: string[] = [];
  const country = clean(fields.country).toUpperCase() || senderCountry;
  const person = personLine(fields);
  const company = clean(fields.company_name);
  const identity = fields.type === 'company' && company ? [company, person] : [person || company];
  const complement = clean(fields.address_line2);
  const street = streetLine(fields.address_line1 ?? '');
  if (!identity.some(Boolean)) problems.push('no name');
  if (!street) problems.push('no street address (address_line1)');
  if (!clean(fields.city)) problems.push('no city');
  if ((country === 'FR' || country === 'MA') && !clean(fields.postal_code)) problems.push('no postal code');
  const before = complement && !AFTER_STREET.test(complement) ? fit(complement) : [];
  const after = complement && AFTER_STREET.test(complement) ? fit(complement) : [];
  const lines = [
    ...identity.filter(Boolean).flatMap((line) => fit(line)),
    ...before,
    ...fit(street),
    ...after,
    ...localityLines(fields),
    ...(country !== senderCountry ? [countryLine(country)] : []),
  ].filter(Boolean);
  if (lines.length > MAX_ADDRESS_LINES) problems.push(`needs ${lines.length} lines (at most ${MAX_ADDRESS_LINES})`);
  return { lines, problems };
}
