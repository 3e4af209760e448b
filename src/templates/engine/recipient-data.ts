import { CONTACT_FIELDS } from '../../contacts/contact-fields';

/**
 * The data a template sees for one recipient. Contact fields keep their snake_case names (as in
 * `contactToJson`), custom attributes are under `attr`, and the campaign engine adds the sender,
 * the campaign's free data (with what an automation's trigger adds), a service message's request
 * and the per-message codes and links. Empty values are removed, so that strict rendering reports
 * them as missing instead of printing a blank.
 *
 * It also carries, out of the templates' reach, its raw root: the part of it the operator wrote
 * (see `rawRootOf` and raw-output.ts).
 */
export type RecipientData = Record<string, unknown>;

/** What raw output may print: only the sender and the campaign as the operator defined them. */
export interface RawRoot {
  sender?: Record<string, unknown>;
  campaign?: Record<string, unknown>;
}

/**
 * The names automations' triggers add to `campaign.data` (automations/trigger-data.ts): never the
 * operator's, so never printed raw. The linter warns about a raw output of one of them.
 */
export const TRIGGER_DATA_NAMES: ReadonlySet<string> = new Set([
  'occurrence', 'due_at', 'date', 'offset_days', 'occurrence_date', 'attempt', 'last_order_at', 'reason', 'previous_delivery_id',
  'order_id', 'ordered_at', 'amount', 'currency', 'event', 'occurred_at',
]);

/** Not a string key: no template can name it, and JSON never carries it. */
const RAW_ROOT = Symbol('relance.rawRoot');

/**
 * The raw root of merge data, if it was built here. Copies made with a spread keep it (an
 * enumerable own symbol), so it stays what the builder made; whoever adds operator-written
 * values afterwards (a template's sample, a preview's campaign data) adds them with
 * `withOperatorValues`.
 */
export function rawRootOf(data: unknown): RawRoot | undefined {
  return data !== null && typeof data === 'object' ? ((data as Record<symbol, RawRoot | undefined>)[RAW_ROOT]) : undefined;
}

/** Deep-merges `values` into `data` (new objects; `values` win; the raw root is kept as it is). */
export function mergeValues(data: RecipientData, values: Record<string, unknown>): RecipientData {
  const merged: RecipientData = { ...data };
  for (const key of Object.keys(values)) {
    const value = values[key];
    const current = merged[key];
    merged[key] =
      typeof value === 'object' && value !== null && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? mergeValues(current as RecipientData, value as Record<string, unknown>)
        : typeof value === 'object' && value !== null && !Array.isArray(value)
          ? mergeValues({}, value as Record<string, unknown>)
          : value;
  }
  return merged;
}

/**
 * Adds values the operator wrote — a template's `sample:`, the campaign data a preview is given —
 * to merge data built here: to what templates see and to the raw root alike. Never for what a
 * trigger, an event or a contact brings (those go through `buildRecipientData`).
 */
export function withOperatorValues(data: RecipientData, values: RawRoot): RecipientData {
  const merged = mergeValues(data, values as Record<string, unknown>);
  const root = rawRootOf(data);
  return root ? withRawRoot(merged, mergeValues(root as RecipientData, values as Record<string, unknown>) as RawRoot) : merged;
}

/** Attaches the raw root to merge data (in place) and returns it. */
export function withRawRoot<T extends object>(data: T, root: RawRoot): T {
  (data as Record<symbol, RawRoot>)[RAW_ROOT] = root;
  return data;
}

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
   * What an automation's trigger adds to this message's `campaign.data` (its date, order, attempt,
   * an event's own data — which the operator's systems send and a client may have written). It
   * wins over the campaign's own data of the same name, and stays out of the raw root: printed
   * escaped only.
   */
  trigger?: Record<string, unknown>;
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

/**
 * The raw root: the sender, and the campaign with only its own data — without the names the
 * trigger sets, so that a raw output prints exactly what its escaped twin would, or fails.
 */
function buildRawRoot(context: RecipientContext): RawRoot {
  const own = { ...(context.campaign?.data ?? {}) };
  for (const name of Object.keys(context.trigger ?? {})) delete own[name];
  return withoutEmpty({ sender: context.sender, campaign: { ...context.campaign, data: own } });
}

/** The merge data for one contact. */
export function buildRecipientData(contact: ContactJson, context: RecipientContext): RecipientData {
  const fields: Record<string, unknown> = {};
  for (const field of CONTACT_FIELDS) fields[field] = contact[field];
  const responseUrl = context.responseUrl ?? (context.responseCode ? responseUrlOf(context.publicUrl, context.responseCode) : undefined);
  const data = withoutEmpty({
    ...fields,
    value_tier: contact.value_tier,
    attr: contact.attributes ?? {},
    sender: context.sender,
    // campaign.data always there: `{{default campaign.data.x …}}` reads through it.
    campaign: { ...context.campaign, data: { ...context.campaign?.data, ...context.trigger } },
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
  return withRawRoot(data, buildRawRoot(context));
}
