import type { CountryCode } from 'libphonenumber-js';
import { NUL_CHARACTER, slugifyIdentifier } from '../core/text/text';
import { tryParseAmount } from './normalisation/amount';
import { normaliseCountry } from './normalisation/country';
import { parseBirthDate, parseDate, tryParseDate } from './normalisation/dates';
import { normaliseEmail } from './normalisation/email';
import { FieldError } from './normalisation/field-error';
import { normalisePhone } from './normalisation/phone';
import {
  normaliseCivility, normaliseContactType, normaliseLine, normaliseLocale, normalisePostalCode, normaliseTimeZone,
} from './normalisation/text-fields';
import type { ContactType, CustomAttributes } from './contact.entity';

/** The standard contact columns of the public contract, in CSV order. */
export const CONTACT_FIELDS = [
  'external_id', 'type', 'civility', 'first_name', 'last_name', 'company_name', 'job_title', 'email', 'phone',
  'address_line1', 'address_line2', 'postal_code', 'city', 'region', 'country', 'birth_date', 'locale', 'timezone',
  'loyalty_card_expires_on', 'contract_renews_on',
] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export const CONTACT_DATE_FIELDS: readonly ContactField[] = ['birth_date', 'loyalty_card_expires_on', 'contract_renews_on'];

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

export type ContactInput = Partial<Record<ContactField, string | null | undefined>> & { attributes?: Record<string, unknown> };

/**
 * Validates and normalises one contact. Every field is checked, so a row reports all its
 * problems at once; the result is either a row ready to store or the list of problems.
 */
export function normaliseContact(input: ContactInput, context: NormalisationContext): { row: ContactRow } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const get = (field: ContactField): string | undefined => {
    const value = input[field];
    return value === null || value === undefined || value.trim() === '' ? undefined : value;
  };
  const check = <T>(field: string, raw: string | undefined, normalise: (value: string) => T): T | null => {
    if (raw === undefined) return null;
    try {
      return normalise(raw);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      problems.push({ field, reason: error.message });
      return null;
    }
  };

  const externalId = check('external_id', get('external_id'), (value) => normaliseLine(value, 100));
  if (get('external_id') === undefined) problems.push({ field: 'external_id', reason: 'is required' });
  const country = check('country', get('country'), normaliseCountry);
  const region = (country ?? context.defaultCountry) as CountryCode;
  const row = {
    external_id: externalId,
    type: check('type', get('type'), normaliseContactType) ?? 'person',
    civility: check('civility', get('civility'), normaliseCivility),
    first_name: check('first_name', get('first_name'), (value) => normaliseLine(value, 100)),
    last_name: check('last_name', get('last_name'), (value) => normaliseLine(value, 100)),
    company_name: check('company_name', get('company_name'), (value) => normaliseLine(value, 200)),
    job_title: check('job_title', get('job_title'), (value) => normaliseLine(value, 100)),
    email: check('email', get('email'), normaliseEmail),
    phone: check('phone', get('phone'), (value) => normalisePhone(value, region)),
    address_line1: check('address_line1', get('address_line1'), (value) => normaliseLine(value, 200)),
    address_line2: check('address_line2', get('address_line2'), (value) => normaliseLine(value, 200)),
    postal_code: check('postal_code', get('postal_code'), (value) => normalisePostalCode(value, region)),
    city: check('city', get('city'), (value) => normaliseLine(value, 100)),
    region: check('region', get('region'), (value) => normaliseLine(value, 100)),
    country,
    birth_date: check('birth_date', get('birth_date'), (value) => parseBirthDate(value, context.today)),
    locale: check('locale', get('locale'), normaliseLocale),
    timezone: check('timezone', get('timezone'), normaliseTimeZone),
    loyalty_card_expires_on: check('loyalty_card_expires_on', get('loyalty_card_expires_on'), parseDate),
    contract_renews_on: check('contract_renews_on', get('contract_renews_on'), parseDate),
    attributes: {} as CustomAttributes,
  };
  for (const [rawName, rawValue] of Object.entries(input.attributes ?? {})) {
    const name = slugifyIdentifier(rawName);
    if (!name) {
      problems.push({ field: `attr.${rawName}`, reason: 'attribute names need at least one letter or digit' });
      continue;
    }
    if (rawValue === null || rawValue === undefined || rawValue === '') continue;
    if (typeof rawValue === 'number' || typeof rawValue === 'boolean') {
      row.attributes[name] = rawValue;
      continue;
    }
    if (typeof rawValue !== 'string') {
      problems.push({ field: `attr.${name}`, reason: 'must be text, a number or a boolean' });
      continue;
    }
    if (NUL_CHARACTER.test(rawValue)) {
      problems.push({ field: `attr.${name}`, reason: 'contains a NUL character' });
      continue;
    }
    row.attributes[name] = typeAttributeValue(rawValue);
  }
  if (problems.length) return { problems };
  return { row: row as ContactRow };
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
