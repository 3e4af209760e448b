import { CONTACT_FIELDS } from '../../contacts/contact-fields';

/**
 * The data a template sees for one recipient. Contact fields keep their snake_case names (as in
 * `contactToJson`), custom attributes are under `attr`, and the campaign engine adds the sender,
 * the campaign's free data, a service message's request and the per-message codes and links.
 * Empty values are removed, so that strict rendering reports them as missing instead of printing
 * a blank.
 */
export type RecipientData = Record<string, unknown>;

export interface SenderData {
  name?: string;
  email?: string;
  postal_address?: string;
  place?: string;
  signatory_name?: string;
  signatory_title?: string;
  /** ISO country of the sender: decides whether a recipient's address needs a country line. */
  country?: string;
  phone?: string;
  website?: string;
  /** Number to text STOP to, in the SMS opt-out mention. */
  sms_stop_number?: string;
  /** Image names (PNG or JPEG) looked up in `$RELANCE_HOME/assets/` then `templates/assets/`. */
  logo?: string;
  signature?: string;
}

export interface PurchaseSummary {
  count_24m: number;
  total_24m: number;
  currency?: string | null;
  last_at?: string | null;
}

export interface RecipientContext {
  sender: SenderData;
  /** The campaign as the operator defined it: only what the operator wrote (see raw-output.ts). */
  campaign?: { id?: string; name?: string; objective?: string; data?: Record<string, unknown> };
  /**
   * A service message's own data (`request.*`): the complaint or sign-up it answers, which holds
   * what the client wrote. Never under `campaign`, so never printed raw.
   */
  request?: Record<string, unknown>;
  responseCode?: string;
  unsubscribeUrl?: string;
  /** Defaults to `${publicUrl}/r?c=<response code>`. */
  responseUrl?: string;
  publicUrl: string;
  /** The date printed on letters and used for ages and countdowns (YYYY-MM-DD). */
  today: string;
  defaultCurrency: string;
  purchases?: PurchaseSummary;
}

/** Top-level names a template may use; anything else is a typo the linter reports. */
export const RECIPIENT_ROOTS: ReadonlySet<string> = new Set<string>([
  ...CONTACT_FIELDS,
  'attr', 'sender', 'campaign', 'request', 'response_code', 'unsubscribe_url', 'response_url',
  'today', 'age', 'display_name', 'currency', 'purchases', 'value_tier', 'days_to_card_expiry', 'days_to_contract_renewal',
]);

/** Property names that lead to prototypes: never a variable, whatever the data holds. */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set([
  'constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
  'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toString', 'toLocaleString', 'valueOf',
]);

/** A contact as `contactToJson` renders it (dates as YYYY-MM-DD strings). */
export type ContactJson = Record<string, unknown> & { attributes?: Record<string, unknown> | null };

/** Drops null, undefined and empty strings, recursively, so strict mode sees them as missing. */
export function withoutEmpty(value: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === null || item === undefined || item === '') continue;
    if (typeof item === 'object' && !Array.isArray(item) && !(item instanceof Date)) result[key] = withoutEmpty(item as Record<string, unknown>);
    else result[key] = item;
  }
  return result;
}

function daysBetween(from: string, to: unknown): number | undefined {
  if (typeof to !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return undefined;
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function ageOn(birthDate: unknown, today: string): number | undefined {
  if (typeof birthDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return undefined;
  const [year, month, day] = birthDate.split('-').map(Number);
  const [todayYear, todayMonth, todayDay] = today.split('-').map(Number);
  return todayYear - year - (todayMonth < month || (todayMonth === month && todayDay < day) ? 1 : 0);
}

export function displayName(contact: ContactJson): string | undefined {
  const person = [contact.civility, contact.first_name, contact.last_name].filter((part) => typeof part === 'string' && part !== '').join(' ');
  if (contact.type === 'company') return (contact.company_name as string | undefined) || person || undefined;
  return person || (contact.company_name as string | undefined) || undefined;
}

function currencyFor(contact: ContactJson, context: RecipientContext): string {
  if (context.purchases?.currency) return context.purchases.currency;
  if (contact.country === 'MA') return 'MAD';
  if (contact.country === 'FR') return 'EUR';
  return context.defaultCurrency;
}

/** The public response page of a message (`{{response_url}}`): coupon code, survey, click target. */
export function responseUrlOf(publicUrl: string, responseCode: string): string {
  return `${publicUrl}/r?c=${encodeURIComponent(responseCode)}`;
}

/** The merge data for one contact. */
export function buildRecipientData(contact: ContactJson, context: RecipientContext): RecipientData {
  const fields: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) fields[field] = contact[field];
  const responseUrl = context.responseUrl ?? (context.responseCode ? responseUrlOf(context.publicUrl, context.responseCode) : undefined);
  return withoutEmpty({
    ...fields,
    value_tier: contact.value_tier,
    attr: contact.attributes ?? {},
    sender: context.sender,
    // campaign.data always there: `{{default campaign.data.x …}}` reads through it.
    campaign: { ...context.campaign, data: context.campaign?.data ?? {} },
    request: context.request ?? {},
    response_code: context.responseCode,
    unsubscribe_url: context.unsubscribeUrl,
    response_url: responseUrl,
    today: context.today,
    age: ageOn(contact.birth_date, context.today),
    display_name: displayName(contact),
    currency: currencyFor(contact, context),
    purchases: context.purchases,
    days_to_card_expiry: daysBetween(context.today, contact.loyalty_card_expires_on),
    days_to_contract_renewal: daysBetween(context.today, contact.contract_renews_on),
  });
}
