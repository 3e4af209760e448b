import { DELIVERY_STATE_LABELS, labelOf } from '../../reports/french-labels';

/**
 * A contact's timeline, newest first, from the document of `relance contact export` (the same
 * rows, read by PrivacyService.dossier): messages, responses, purchases, consents, complaints and
 * events. Pure.
 */
export interface TimelineEntry {
  at: string;
  kind: 'message' | 'response' | 'purchase' | 'consent' | 'complaint' | 'event';
  kindLabel: string;
  title: string;
  detail: string | null;
  money: { amount: number; currency: string } | null;
  link: { href: string; label: string } | null;
}

type Row = Record<string, unknown>;

export interface Dossier {
  purchases?: Row[];
  consents?: Row[];
  messages?: { messages?: Row[]; responses?: Row[]; events?: Row[] };
  complaints?: Row[];
}

const KIND_LABELS: Record<TimelineEntry['kind'], string> = {
  message: 'Message',
  response: 'Réponse',
  purchase: 'Achat',
  consent: 'Consentement',
  complaint: 'Réclamation',
  event: 'Événement',
};

const RESPONSE_LABELS: Record<string, string> = {
  open: 'Ouverture',
  click: 'Clic',
  reply: 'Réponse',
  coupon: 'Coupon renvoyé',
  call: 'Appel',
  survey: 'Enquête',
  unsubscribe: 'Désinscription',
  complaint: 'Plainte',
};

/** Channels of messages (`letter`) and of the consent ledger (`postal`, `tracking`). */
export const CHANNEL_LABELS: Record<string, string> = {
  email: 'E-mail',
  sms: 'SMS',
  letter: 'Courrier',
  postal: 'Courrier',
  phone: 'Téléphone',
  tracking: 'Suivi (ouvertures, clics)',
};

/** How a consent or an objection was collected (consent.types CONSENT_METHODS). */
export const METHOD_LABELS: Record<string, string> = {
  checkbox: 'case cochée',
  double_opt_in: 'double confirmation',
  paper_form: 'formulaire papier',
  verbal: 'accord oral',
  terms_acceptance: 'acceptation des CGV',
  unsubscribe_link: 'lien de désinscription',
  reply_stop: 'réponse STOP',
  coupon: 'coupon-réponse',
  preference_centre: 'centre de préférences',
  complaint: 'réclamation',
  api: 'API',
  import: 'import de fichier',
};

export const CONSENT_STATUS_LABELS: Record<string, string> = { granted: 'donné', withdrawn: 'retiré' };

export const COMPLAINT_STATUS_LABELS: Record<string, string> = {
  received: 'reçue',
  acknowledged: 'accusé de réception envoyé',
  qualified: 'qualifiée',
  in_resolution: 'en cours de résolution',
  answered: 'répondue',
  closed: 'close',
};

function text(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function instant(value: unknown): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

function entry(kind: TimelineEntry['kind'], at: unknown, title: string, more: Partial<TimelineEntry> = {}) {
  return {
    at: instant(at),
    kind,
    kindLabel: KIND_LABELS[kind],
    title,
    detail: null,
    money: null,
    link: null,
    ...more,
  } satisfies TimelineEntry;
}

function messageEntry(message: Row, renderedEmails: ReadonlySet<string>): TimelineEntry {
  const id = String(message.delivery_id);
  const channel = labelOf(CHANNEL_LABELS, String(message.channel));
  const state = labelOf(DELIVERY_STATE_LABELS, String(message.state));
  const rendered = message.channel === 'email' && renderedEmails.has(id);
  return entry('message', message.sent_at ?? message.created_at, `${channel} — ${String(message.campaign)}`, {
    detail: `État : ${state}`,
    link: rendered ? { href: `/boite-d-envoi/e-mails/${id}`, label: 'Voir le message envoyé' } : null,
  });
}

function responseEntry(response: Row): TimelineEntry {
  const kind = String(response.kind);
  const value = text(response.value);
  return entry('response', response.received_at, labelOf(RESPONSE_LABELS, kind), {
    detail: value ? `Valeur : ${value}` : null,
  });
}

function purchaseEntry(purchase: Row): TimelineEntry {
  return entry('purchase', purchase.ordered_at, `Commande ${String(purchase.order_id)}`, {
    money: { amount: Number(purchase.amount), currency: String(purchase.currency) },
    detail: text(purchase.response_code) ? `Code de réponse : ${String(purchase.response_code)}` : null,
  });
}

function consentEntry(consent: Row): TimelineEntry {
  const channel = labelOf(CHANNEL_LABELS, String(consent.channel));
  const status = labelOf(CONSENT_STATUS_LABELS, String(consent.status));
  const source = text(consent.source);
  return entry('consent', consent.collected_at, `${channel} : consentement ${status}`, {
    detail: [`méthode : ${labelOf(METHOD_LABELS, String(consent.method))}`, source ? `source ${source}` : null]
      .filter(Boolean)
      .join(', '),
  });
}

function complaintEntry(complaint: Row): TimelineEntry {
  const status = labelOf(COMPLAINT_STATUS_LABELS, String(complaint.status));
  return entry('complaint', complaint.received_at, `${String(complaint.reference)} — ${String(complaint.subject)}`, {
    detail: `Statut : ${status}`,
  });
}

function eventEntry(event: Row): TimelineEntry {
  return entry('event', event.occurred_at, String(event.name).replace(/_/g, ' '), { detail: text(event.source) });
}

/** Every dated fact of the dossier, newest first (equal instants: the order above, messages first). */
export function timeline(dossier: Dossier, renderedEmails: ReadonlySet<string>): TimelineEntry[] {
  const entries = [
    ...(dossier.messages?.messages ?? []).map((message) => messageEntry(message, renderedEmails)),
    ...(dossier.messages?.responses ?? []).map(responseEntry),
    ...(dossier.purchases ?? []).map(purchaseEntry),
    ...(dossier.consents ?? []).map(consentEntry),
    ...(dossier.complaints ?? []).map(complaintEntry),
    ...(dossier.messages?.events ?? []).map(eventEntry),
  ];
  return entries
    .map((item, index) => ({ item, index, time: new Date(item.at).getTime() }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .map(({ item }) => item);
}
