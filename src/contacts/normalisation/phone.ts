import { Metadata, type CountryCode } from 'libphonenumber-js/core';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import metadata from 'libphonenumber-js/metadata.max.json';
import { fail } from './field-error';

const NUMBER_TYPES = [
  'FIXED_LINE',
  'MOBILE',
  'TOLL_FREE',
  'PREMIUM_RATE',
  'SHARED_COST',
  'VOIP',
  'PERSONAL_NUMBER',
  'PAGER',
  'UAN',
  'VOICEMAIL',
] as const;

interface FastPlan {
  callingCode: string;
  lengths: number[];
  valid: RegExp;
}

/**
 * The two numbering plans relance sees most (France, Morocco), compiled once from
 * libphonenumber's own metadata. Numbers written plainly in these plans are accepted
 * without the library's general parser (~10× faster, which matters for million-row
 * imports); anything else, and every number the fast path does not accept, goes
 * through the library, so the verdicts agree (a property test checks it).
 */
const FAST_PLANS = new Map<string, FastPlan>(
  (['FR', 'MA'] as CountryCode[]).map((country) => {
    const plan = new Metadata(metadata);
    plan.selectNumberingPlan(country);
    // The runtime API is richer than the published typings.
    const numbering = plan.numberingPlan as unknown as {
      callingCode(): string;
      possibleLengths(): number[];
      type(type: string): { pattern(): string } | undefined;
    };
    const patterns = NUMBER_TYPES.flatMap((type) => {
      const pattern = numbering.type(type)?.pattern();
      return pattern ? [pattern] : [];
    });
    return [
      country,
      {
        callingCode: numbering.callingCode(),
        lengths: numbering.possibleLengths(),
        valid: new RegExp(`^(?:${patterns.join('|')})$`),
      },
    ];
  }),
);
const FAST_BY_CALLING_CODE = new Map([...FAST_PLANS.values()].map((plan) => [plan.callingCode, plan]));
const PLAIN_NUMBER = /^(?:\+|00)?\d[\d .\-/]*$/;

function fastPath(value: string, region: CountryCode): string | undefined {
  if (!PLAIN_NUMBER.test(value)) return undefined;
  const international = value.startsWith('+') || value.startsWith('00');
  const digits = value.replace(/[^\d]/g, '').replace(international && value.startsWith('00') ? /^00/ : /^/, '');
  let plan: FastPlan | undefined;
  let national: string;
  if (international) {
    const code = digits.startsWith('33') ? '33' : digits.startsWith('212') ? '212' : undefined;
    plan = code ? FAST_BY_CALLING_CODE.get(code) : undefined;
    national = plan ? digits.slice(plan.callingCode.length) : '';
    if (national.startsWith('0')) return undefined;
  } else {
    plan = FAST_PLANS.get(region);
    if (!digits.startsWith('0')) return undefined;
    national = digits.slice(1);
  }
  if (!plan || !plan.lengths.includes(national.length) || !plan.valid.test(national)) return undefined;
  return `+${plan.callingCode}${national}`;
}

/** To E.164 (`+33612345678`), reading national numbers in the contact's country, else the default region. */
export function normalisePhone(raw: string, region: CountryCode): string {
  const value = raw.trim().replace(/^00/, '+');
  const fast = fastPath(value, region);
  if (fast) return fast;
  if (!/^[+\d\s().\-/]+$/.test(value)) fail('not a phone number (only digits, spaces, + . - / ( ) are allowed)');
  const parsed = parsePhoneNumberFromString(value, region);
  if (!parsed || !parsed.isValid())
    fail(value.startsWith('+') ? 'not a valid international phone number' : `not a valid phone number for ${region}`);
  return parsed.number;
}

/** The library's verdict alone, for the property test that keeps the fast path honest. */
export function normalisePhoneWithLibrary(raw: string, region: CountryCode): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim().replace(/^00/, '+'), region);
  return parsed && parsed.isValid() ? parsed.number : undefined;
}
