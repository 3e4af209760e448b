import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { fail } from './field-error';

/** To E.164 (`+33612345678`), reading national numbers in the contact's country, else the default region. */
export function normalisePhone(raw: string, region: CountryCode): string {
  const value = raw.trim().replace(/^00/, '+');
  if (!/^[+\d\s().\-/]+$/.test(value)) fail('not a phone number (only digits, spaces, + . - / ( ) are allowed)');
  const parsed = parsePhoneNumberFromString(value, region);
  if (!parsed || !parsed.isValid()) fail(value.startsWith('+') ? 'not a valid international phone number' : `not a valid phone number for ${region}`);
  return parsed.number;
}
