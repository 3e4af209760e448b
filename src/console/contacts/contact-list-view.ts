import { CONTACT_CHANNELS, type ContactChannel } from '../../consent/consent.types';
import { SEARCH_TEXT_MAX } from '../../contacts/contact-search';
import { LIFECYCLE_STAGES, VALUE_TIERS, CONSENT_VALUES } from '../../segments/segment-rules';
import { LIFECYCLE_LABELS, VALUE_TIER_LABELS } from '../campaigns/campaign-labels';

/** Contacts per page of the list. */
export const CONTACTS_PER_PAGE = 50;

export const TYPE_LABELS: Record<string, string> = { person: 'Particulier (B2C)', company: 'Entreprise (B2B)' };
/** The type in a row of the list (the filter says B2C / B2B). */
const ROW_TYPE_LABELS: Record<string, string> = { person: 'Particulier', company: 'Entreprise' };
export const CUSTOMER_LABELS: Record<string, string> = { client: 'Clients (au moins un achat)', prospect: 'Prospects' };
export const CONSENT_LABELS: Record<string, string> = {
  granted: 'Consentement donné',
  withdrawn: 'Consentement retiré',
  none: 'Pas de consentement',
};
export const CHANNEL_NAMES: Record<ContactChannel, string> = {
  email: 'E-mail',
  sms: 'SMS',
  phone: 'Téléphone',
  postal: 'Courrier',
};

export interface ContactListQuery {
  text: string;
  type: string | null;
  customer: string | null;
  lifecycle: string | null;
  tier: string | null;
  consent: Partial<Record<ContactChannel, string>>;
  after: string | null;
}

export interface QueryProblem {
  field: string;
  reason: string;
}

function single(value: unknown): string {
  if (Array.isArray(value)) return single(value[0]);
  return typeof value === 'string' ? value.trim() : '';
}

/** `?q=…&type=person&statut=client&cycle=retention&valeur=top&consentement_email=granted&apres=123`. */
export function parseContactQuery(query: Record<string, unknown>): {
  query: ContactListQuery;
  problems: QueryProblem[];
} {
  const problems: QueryProblem[] = [];
  const choice = (field: string, allowed: readonly string[], what: string): string | null => {
    const value = single(query[field]);
    if (!value) return null;
    if (allowed.includes(value)) return value;
    problems.push({ field, reason: `${what} inconnu « ${value} »` });
    return null;
  };
  const text = single(query.q);
  if (text.length > SEARCH_TEXT_MAX)
    problems.push({ field: 'q', reason: `la recherche fait au plus ${String(SEARCH_TEXT_MAX)} caractères` });
  const after = single(query.apres);
  if (after && !/^[1-9][0-9]{0,17}$/.test(after))
    problems.push({ field: 'apres', reason: 'le curseur de page est un identifiant de contact' });
  const consent: Partial<Record<ContactChannel, string>> = {};
  for (const channel of CONTACT_CHANNELS) {
    const state = choice(`consentement_${channel}`, CONSENT_VALUES, 'état de consentement');
    if (state) consent[channel] = state;
  }
  return {
    query: {
      text: text.slice(0, SEARCH_TEXT_MAX),
      type: choice('type', Object.keys(TYPE_LABELS), 'type'),
      customer: choice('statut', Object.keys(CUSTOMER_LABELS), 'statut'),
      lifecycle: choice('cycle', LIFECYCLE_STAGES, 'cycle de vie'),
      tier: choice('valeur', VALUE_TIERS, 'niveau de valeur'),
      consent,
      after: after && /^[1-9][0-9]{0,17}$/.test(after) ? after : null,
    },
    problems,
  };
}

/** The filters as a segment rule set (same fields, same meaning as in a segment), or null when none is set. */
export function filterRules(query: ContactListQuery): { all: Array<Record<string, unknown>> } | null {
  const all: Array<Record<string, unknown>> = [];
  if (query.type) all.push({ field: 'type', op: 'eq', value: query.type });
  if (query.customer) all.push({ field: 'purchases.count', op: query.customer === 'client' ? 'gt' : 'eq', value: 0 });
  if (query.lifecycle) all.push({ field: 'lifecycle', op: 'eq', value: query.lifecycle });
  if (query.tier) all.push({ field: 'value_tier', op: 'eq', value: query.tier });
  for (const channel of CONTACT_CHANNELS)
    if (query.consent[channel]) all.push({ field: `consent.${channel}`, op: 'eq', value: query.consent[channel] });
  return all.length ? { all } : null;
}

function options(labels: Record<string, string>, keys: readonly string[], selected: string | null | undefined) {
  return keys.map((value) => ({ value, label: labels[value] ?? value, selected: value === selected }));
}

/** The filter form's fields, the current choices selected. */
export function filterForm(query: ContactListQuery) {
  return {
    text: query.text,
    types: options(TYPE_LABELS, Object.keys(TYPE_LABELS), query.type),
    customers: options(CUSTOMER_LABELS, Object.keys(CUSTOMER_LABELS), query.customer),
    lifecycles: options(LIFECYCLE_LABELS, LIFECYCLE_STAGES, query.lifecycle),
    tiers: options(VALUE_TIER_LABELS, VALUE_TIERS, query.tier),
    consents: CONTACT_CHANNELS.map((channel) => ({
      channel,
      label: CHANNEL_NAMES[channel],
      states: options(CONSENT_LABELS, CONSENT_VALUES, query.consent[channel]),
    })),
  };
}

export function isFiltered(query: ContactListQuery): boolean {
  return Boolean(query.text) || filterRules(query) !== null;
}

/** The address of the list with these filters, from the contact after `after` (the first page without it). */
export function listLink(query: ContactListQuery, after: string | null): string {
  const params = new URLSearchParams();
  if (query.text) params.set('q', query.text);
  if (query.type) params.set('type', query.type);
  if (query.customer) params.set('statut', query.customer);
  if (query.lifecycle) params.set('cycle', query.lifecycle);
  if (query.tier) params.set('valeur', query.tier);
  for (const channel of CONTACT_CHANNELS)
    if (query.consent[channel]) params.set(`consentement_${channel}`, query.consent[channel]);
  if (after) params.set('apres', after);
  const text = params.toString();
  return text ? `/contacts?${text}` : '/contacts';
}

/** A contact as the list needs it (the fields of ContactsService's contacts). */
export interface ListedContact {
  externalId: string;
  type: string;
  civility: string | null;
  firstName: string | null;
  lastName: string | null;
  companyName: string | null;
  email: string | null;
  phone: string | null;
  postalCode: string | null;
  city: string | null;
}

/** `Mme Hélène Lefèvre`, a company's name, or the client id when there is neither. */
export function displayName(contact: Omit<ListedContact, 'email' | 'phone' | 'postalCode' | 'city'>): string {
  const person = [contact.civility, contact.firstName, contact.lastName].filter(Boolean).join(' ');
  if (contact.type === 'company' && contact.companyName) return contact.companyName;
  return person || contact.companyName || contact.externalId;
}

export function contactRow(contact: ListedContact) {
  return {
    href: `/contacts/${encodeURIComponent(contact.externalId)}`,
    name: displayName(contact),
    externalId: contact.externalId,
    company: contact.type === 'person' ? null : contact.companyName,
    contactName:
      contact.type === 'company' ? [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null : null,
    type: ROW_TYPE_LABELS[contact.type] ?? contact.type,
    email: contact.email,
    phone: contact.phone,
    place: [contact.postalCode, contact.city].filter(Boolean).join(' ') || null,
  };
}
