import { CONTROL_CHARACTERS, cleanLine, ownEntry, stripAccents } from '../../core/text/text';
import type { ContactType } from '../contact.entity';
import { fail } from './field-error';

/** One line of text that may end up in a message header or an address block: no control characters. */
export function normaliseLine(raw: string, maxLength = 200): string {
  if (CONTROL_CHARACTERS.test(raw)) fail('contains a line break or control character');
  const value = cleanLine(raw);
  if (value.length > maxLength) fail(`longer than ${maxLength} characters`);
  return value;
}

const CIVILITIES: Record<string, string> = {
  m: 'M.',
  mr: 'M.',
  monsieur: 'M.',
  mister: 'M.',
  mme: 'Mme',
  madame: 'Mme',
  mlle: 'Mme',
  mademoiselle: 'Mme',
  mrs: 'Mme',
  ms: 'Mme',
  miss: 'Mme',
};

/** `Monsieur`, `M`, `Mr.` → `M.`; `Madame`, `Mlle` → `Mme`; other titles (Dr, Me, Pr) kept as written. */
export function normaliseCivility(raw: string): string {
  const known = ownEntry(CIVILITIES, raw.toLowerCase().replace(/\./g, ''));
  if (known) return known;
  const value = normaliseLine(raw, 20);
  return ownEntry(CIVILITIES, stripAccents(value).toLowerCase().replace(/\./g, '')) ?? value;
}

const TYPES: Record<string, ContactType> = {
  person: 'person',
  personne: 'person',
  particulier: 'person',
  b2c: 'person',
  individual: 'person',
  company: 'company',
  entreprise: 'company',
  societe: 'company',
  professionnel: 'company',
  pro: 'company',
  b2b: 'company',
  organisation: 'company',
};

export function normaliseContactType(raw: string): ContactType {
  const type = ownEntry(TYPES, raw) ?? ownEntry(TYPES, stripAccents(raw.trim()).toLowerCase());
  if (!type) fail(`must be person or company (got "${raw}")`);
  return type;
}

export function normaliseLocale(raw: string): string {
  try {
    const [locale] = Intl.getCanonicalLocales(raw.trim().replace('_', '-'));
    if (!locale) fail(`not a locale: "${raw}"`);
    return locale;
  } catch {
    fail(`not a locale (expected e.g. fr-FR or fr-MA): "${raw}"`);
  }
}

export function normaliseTimeZone(raw: string): string {
  const value = raw.trim();
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    fail(`not an IANA time zone (expected e.g. Europe/Paris or Africa/Casablanca): "${raw}"`);
  }
}

/** Postal codes upper-cased; French and Moroccan ones must have five digits (Excel's lost leading zero is restored). */
export function normalisePostalCode(raw: string, country: string): string {
  const value = normaliseLine(raw, 12).toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9 -]*$/.test(value)) fail(`not a postal code: "${raw}"`);
  if (country === 'FR' || country === 'MA') {
    const digits = /^\d{4}$/.test(value) ? `0${value}` : value;
    if (!/^\d{5}$/.test(digits)) fail(`a ${country} postal code has five digits (got "${raw}")`);
    return digits;
  }
  return value;
}
