import type { CountryCode } from 'libphonenumber-js';
import { NUL_CHARACTER, slugifyIdentifier } from '../core/text/text';
import { tryParseAmount } from './normalisation/amount';
import { normaliseCountry } from './normalisation/country';
import { parseBirthDate, parseDate, tryParseDate } from './normalisation/dates';
import { normaliseEmail } from './normalisation/email';
import { FieldError } from './normalisation/field-error';
import { normalisePhone } from './normalisation/phone';
import {
  normaliseCivility,
  normaliseContactType,
  normaliseLine,
  normaliseLocale,
  normalisePostalCode,
  normaliseTimeZone,
} from './normalisation/text-fields';
import type { ContactType, CustomAttributes } from './contact.entity';

/** The standard contact columns of the public contract, in CSV order. */
export const CONTACT_FIELDS = [
  'external_id',
  'type',
  'civility',
  'first_name',
  'last_name',
  'company_name',
  'job_title',
  'email',
  'phone',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'region',
  'country',
  'birth_date',
  'locale',
  'timezone',
  'loyalty_card_expires_on',
  'contract_renews_on',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const CONTACT_DATE_FIELDS: readonly ContactField[] = [
  'birth_date',
  'loyalty_card_expires_on',
  'contract_renews_on',
];

/** A contact as stored: every standard column (null when empty) plus custom attributes. */
export type ContactRow = { [K in ContactField]: string | null } & { type: ContactType; attributes: CustomAttributes };

export interface NormalisationContext {
  defaultCountry: CountryCode;
  today?: Date;
}

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Bounds of custom attributes (README, "Custom attributes"): a value is a short note or a figure,
 * not a document; a name must stay usable in segment rules (`attr.<name>`, 100 characters).
 */
export const ATTRIBUTE_LIMITS = { valueLength: 10_000, nameLength: 100, perContact: 200 };

export type ContactInput = Partial<Record<ContactField, string | null | undefined>> & {
  attributes?: Record<string, unknown>;
};

type Normaliser = (raw: string, row: Record<string, unknown>, context: NormalisationContext) => unknown;

const line =
  (max: number): Normaliser =>
  (raw) =>
    normaliseLine(raw, max);
const regionOf = (row: Record<string, unknown>, context: NormalisationContext) =>
  (row.country as CountryCode | null) ?? context.defaultCountry;

/** Field → normaliser, in dependency order (country first: phone and postal code are read in its conventions). */
const NORMALISERS: Array<[ContactField, Normaliser]> = [
  ['country', (raw) => normaliseCountry(raw)],
  ['external_id', line(100)],
  ['type', (raw) => normaliseContactType(raw)],
  ['civility', (raw) => normaliseCivility(raw)],
  ['first_name', line(100)],
  ['last_name', line(100)],
  ['company_name', line(200)],
  ['job_title', line(100)],
  ['email', (raw) => normaliseEmail(raw)],
  ['phone', (raw, row, context) => normalisePhone(raw, regionOf(row, context))],
  ['address_line1', line(200)],
  ['address_line2', line(200)],
  ['postal_code', (raw, row, context) => normalisePostalCode(raw, regionOf(row, context))],
  ['city', line(100)],
  ['region', line(100)],
  ['birth_date', (raw, _row, context) => parseBirthDate(raw, context.today)],
  ['locale', (raw) => normaliseLocale(raw)],
  ['timezone', (raw) => normaliseTimeZone(raw)],
  ['loyalty_card_expires_on', (raw) => parseDate(raw)],
  ['contract_renews_on', (raw) => parseDate(raw)],
];

/**
 * Validates and normalises one contact. Every field is checked, so a row reports all its
 * problems at once; the result is either a row ready to store or the list of problems.
 * (Written as a flat loop: it runs a million times per large import.)
 */
export function normaliseContact(
  input: ContactInput,
  context: NormalisationContext,
  options: { attributeNamesAreCanonical?: boolean } = {},
): { row: ContactRow } | { problems: FieldProblem[] } {
  let problems: FieldProblem[] | undefined;
  const row: Record<string, unknown> = {};
  for (const [field, normalise] of NORMALISERS) {
    const raw = input[field];
    if (raw === null || raw === undefined || raw === '' || (raw.charCodeAt(0) <= 32 && raw.trim() === '')) {
      row[field] = null;
      continue;
    }
    try {
      row[field] = normalise(raw, row, context);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      (problems ??= []).push({ field, reason: error.message });
      row[field] = null;
    }
  }
  if (row.external_id === null && !problems?.some((p) => p.field === 'external_id'))
    (problems ??= []).push({ field: 'external_id', reason: 'is required' });
  if (row.type === null) row.type = 'person';
  const attributes: CustomAttributes = {};
  if (input.attributes)
    problems = normaliseAttributes(input.attributes, attributes, Boolean(options.attributeNamesAreCanonical), problems);
  row.attributes = attributes;
  if (problems) return { problems };
  return { row: row as ContactRow };
}

/** Custom attributes into `attributes`, their problems appended to `problems` (returned, created on the first one). */
function normaliseAttributes(
  input: Record<string, unknown>,
  attributes: CustomAttributes,
  canonical: boolean,
  problems: FieldProblem[] | undefined,
): FieldProblem[] | undefined {
  const problem = (field: string, reason: string) => (problems ??= []).push({ field, reason });
  for (const rawName in input) {
    const rawValue = input[rawName];
    if (rawValue === null || rawValue === undefined || rawValue === '') continue;
    const name = canonical ? rawName : slugifyIdentifier(rawName);
    if (!name) problem(`attr.${rawName}`, 'attribute names need at least one letter or digit');
    else if (name.length > ATTRIBUTE_LIMITS.nameLength)
      problem(`attr.${name.slice(0, 40)}…`, `attribute names have at most ${ATTRIBUTE_LIMITS.nameLength} characters`);
    else if (typeof rawValue === 'number' || typeof rawValue === 'boolean') attributes[name] = rawValue;
    else if (typeof rawValue !== 'string') problem(`attr.${name}`, 'must be text, a number or a boolean');
    else if (rawValue.length > ATTRIBUTE_LIMITS.valueLength)
      problem(`attr.${name}`, `at most ${ATTRIBUTE_LIMITS.valueLength} characters (got ${rawValue.length})`);
    else if (NUL_CHARACTER.test(rawValue)) problem(`attr.${name}`, 'contains a NUL character');
    else attributes[name] = typeAttributeValue(rawValue);
  }
  const count = Object.keys(attributes).length;
  if (count > ATTRIBUTE_LIMITS.perContact)
    problem('attributes', `at most ${ATTRIBUTE_LIMITS.perContact} custom attributes per contact (got ${count})`);
  return problems;
}

/** Custom attribute values that look numeric or like dates are typed as such; `oui`/`non` are booleans. */
export function typeAttributeValue(raw: string): string | number | boolean {
  const value = raw.trim();
  if (/^-?(?:0|[1-9]\d{0,14})(?:[.,]\d+)?$/.test(value)) {
    const number = tryParseAmount(value.replace(',', '.'));
    if (number !== undefined) return number;
  }
  const date = tryParseDate(value);
  if (date) return date;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'oui' || lower === 'vrai') return true;
  if (lower === 'false' || lower === 'non' || lower === 'faux') return false;
  return value.normalize('NFC');
}
