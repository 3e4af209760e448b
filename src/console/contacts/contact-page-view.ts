import type { ContactDecision } from '../../consent/consent.types';
import { LEDGER_CHANNELS } from '../../consent/consent.types';
import { formatPostalAddress } from '../../templates/letters/postal-address';
import { LIFECYCLE_LABELS, VALUE_TIER_LABELS } from '../campaigns/campaign-labels';
import { displayName, TYPE_LABELS } from './contact-list-view';
import { CHANNEL_LABELS, CONSENT_STATUS_LABELS, METHOD_LABELS, timeline, type Dossier } from './contact-timeline-view';

/** Why the policy refuses a marketing message now. */
export const REFUSAL_LABELS: Record<string, string> = {
  no_consent: 'pas de consentement valable pour cette politique',
  withdrawn: 'le contact a retiré son consentement',
  suppressed: "l'adresse est sur la liste d'opposition (désinscription, rebond, plainte)",
  do_not_call: "le numéro est inscrit sur la liste d'opposition au démarchage téléphonique",
  invalid_address: "pas d'adresse pour ce canal",
  erased: 'contact effacé',
  outside_calling_hours: "hors des heures d'appel autorisées en ce moment",
  call_limit: "nombre maximal d'appels sur 30 jours atteint",
};

/** On what ground the policy allows it. */
export const BASIS_LABELS: Record<string, string> = {
  consent: 'consentement recueilli',
  soft_opt_in: 'client, produits analogues (soft opt-in)',
  professional: 'adresse professionnelle (B2B)',
  opt_out: "sauf opposition, et aucune opposition n'est enregistrée",
  service: 'message de service',
};

export const LEGAL_BASIS_LABELS: Record<string, string> = {
  consent: 'consentement',
  soft_opt_in: 'soft opt-in',
  legitimate_interest: 'intérêt légitime',
  contract: 'contrat',
  objection: 'opposition',
};

type Row = Record<string, unknown>;

/** The postal formatter's reasons, in French. */
export function addressProblem(problem: string): string {
  const lines = /^needs (\d+) lines \(at most (\d+)\)$/.exec(problem);
  if (lines) return `elle prend ${lines[1]} lignes (${lines[2]} au plus)`;
  const words: Record<string, string> = {
    'no name': 'pas de nom',
    'no street address (address_line1)': 'pas de numéro ni de rue (address_line1)',
    'no city': 'pas de ville',
    'no postal code': 'pas de code postal',
  };
  return words[problem] ?? problem;
}

/** `1984-03-09` → `09/03/1984` (a calendar date: no time zone to apply). */
export function calendarDate(value: unknown): string | null {
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(value) : null;
  return match ? `${match[3]}/${match[2]}/${match[1]}` : null;
}

/** What `relance consent show <id> --json` prints. */
export interface ConsentShown {
  policy: string;
  states: Record<string, string>;
  decisions: Record<string, ContactDecision | undefined>;
  history: Row[];
}

export interface ContactFigures {
  /** `relance contact show --json`. */
  contact: Row;
  consent: ConsentShown;
  /** `relance contact export --json` (without the log entry). */
  dossier: Dossier & { segments?: { scores?: Row | null } };
  renderedEmails: ReadonlySet<string>;
  senderCountry: string;
}

function string(value: unknown): string | null {
  return typeof value === 'string' && value ? value : null;
}

/** Each channel of the ledger: its state, the proof of its latest event, and (for a way to reach) the decision now. */
export function consentRows(consent: ConsentShown) {
  return LEDGER_CHANNELS.map((channel) => {
    const events = consent.history.filter((event) => event.channel === channel);
    const latest = events[events.length - 1];
    const decision = consent.decisions[channel];
    return {
      channel,
      label: CHANNEL_LABELS[channel],
      state: consent.states[channel] === 'none' ? 'aucun' : (CONSENT_STATUS_LABELS[consent.states[channel]] ?? 'aucun'),
      proof: latest
        ? {
            method: METHOD_LABELS[String(latest.method)] ?? String(latest.method),
            legalBasis: LEGAL_BASIS_LABELS[String(latest.legal_basis)] ?? String(latest.legal_basis),
            source: string(latest.source),
            collectedAt: latest.collected_at,
            wording: string(latest.wording),
            recordedBy: string(latest.recorded_by),
          }
        : null,
      decision: decision
        ? {
            allowed: decision.allowed,
            reason: decision.allowed
              ? (BASIS_LABELS[decision.basis] ?? decision.basis)
              : (REFUSAL_LABELS[decision.reason] ?? decision.reason),
          }
        : null,
    };
  });
}

export function scoresView(scores: Row | null | undefined) {
  if (!scores) return null;
  const lifecycle = string(scores.lifecycle);
  const tier = string(scores.value_tier);
  return {
    rfm: string(scores.rfm_score),
    recency: scores.recency_score ?? null,
    frequency: scores.frequency_score ?? null,
    monetary: scores.monetary_score ?? null,
    lifecycle: lifecycle ? (LIFECYCLE_LABELS[lifecycle] ?? lifecycle) : null,
    tier: tier ? (VALUE_TIER_LABELS[tier] ?? tier) : null,
    silent: scores.silent === true,
    orders: Number(scores.orders ?? 0),
    lastOrderAt: scores.last_order_at ?? null,
    windowRevenue: Number(scores.window_revenue ?? 0),
    currency: string(scores.currency),
  };
}

export function contactPageView(figures: ContactFigures, role: string) {
  const contact = figures.contact;
  const address = formatPostalAddress(contact, figures.senderCountry);
  const externalId = String(contact.external_id);
  const name = displayName({
    externalId,
    type: String(contact.type),
    civility: string(contact.civility),
    firstName: string(contact.first_name),
    lastName: string(contact.last_name),
    companyName: string(contact.company_name),
  });
  const attributes = Object.entries((contact.attributes ?? {}) as Record<string, unknown>).map(([key, value]) => ({
    key,
    value: value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value as string),
  }));
  return {
    name,
    externalId,
    encodedId: encodeURIComponent(externalId),
    type: TYPE_LABELS[String(contact.type)] ?? String(contact.type),
    contact,
    attributes,
    birthDate: calendarDate(contact.birth_date),
    address: { lines: address.lines, problems: address.problems.map(addressProblem) },
    scores: scoresView(figures.dossier.segments?.scores),
    policy: figures.consent.policy,
    consents: consentRows(figures.consent),
    timeline: timeline(figures.dossier, figures.renderedEmails),
    admin: role === 'admin',
  };
}
