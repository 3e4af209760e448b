import { COMPENSATION_KINDS, CLOSING_CONDITIONS, COMPLAINT_TYPES } from '../../complaints/complaint-workflow';
import type { UserSummary } from '../../core/auth/users.service';
import { formatDateTime } from '../shell/french-format';
import type { TimelineEntry } from '../contacts/contact-timeline-view';
import type { Problem } from './complaint-forms';
import {
  CAUSE_LABELS,
  CHANNEL_LABELS,
  COMPENSATION_LABELS,
  CONDITION_LABELS,
  DUE_RULE_LABELS,
  label,
  options,
  STATUS_LABELS,
  TYPE_LABELS,
} from './complaint-labels';

type Row = Record<string, unknown>;
const str = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  return value instanceof Date ? value.toISOString() : JSON.stringify(value);
};
const OPEN = (status: string) => !['answered', 'closed'].includes(status);

/** What is being done on the page: a form sent back with its problems, an answer previewed, a step done. */
export interface PageState {
  action: 'qualify' | 'assign' | 'answer' | 'close' | null;
  problems: Problem[];
  form: Record<string, string>;
  preview: { text: string; subject: string | null; channel: string } | null;
  done: string | null;
  /** The due date before the last qualification, to show it moving. */
  previousDueAt: string | null;
}

export const NO_STATE: PageState = {
  action: null,
  problems: [],
  form: {},
  preview: null,
  done: null,
  previousDueAt: null,
};

const DONE_TEXT: Record<string, string> = {
  creee: 'Réclamation enregistrée ; le client a reçu un accusé de réception quand il a une adresse ou un téléphone.',
  qualifiee: 'Réclamation qualifiée : son échéance suit la matrice urgence × importance.',
  attribuee: 'Réclamation attribuée.',
  repondue: 'Réponse envoyée au client.',
  close: 'Réclamation close ; le suivi est programmé.',
};

export function doneText(word: unknown): string | null {
  return typeof word === 'string' && Object.hasOwn(DONE_TEXT, word) ? DONE_TEXT[word] : null;
}

function actorName(actor: unknown, users: Map<string, string>): string {
  const text = str(actor) ?? '';
  if (text.startsWith('user:')) return users.get(text.slice(5)) ?? text;
  if (text === 'system') return 'relance';
  return text;
}

function thread(complaint: Row, users: Map<string, string>, timeZone: string) {
  const messages = (complaint.messages as Row[]).map((message) => ({
    at: message.at,
    kind: `message-${String(message.direction)}`,
    label:
      { inbound: 'Message du client', outbound: 'Envoyé au client', note: 'Note' }[String(message.direction)] ?? '',
    channel: message.channel ? label(CHANNEL_LABELS, str(message.channel)) : null,
    author: actorName(message.author, users),
    body: message.body === 'acknowledgement' ? 'Accusé de réception' : str(message.body),
  }));
  const transitions = (complaint.transitions as Row[]).map((transition) => ({
    at: transition.at,
    kind: 'transition',
    label: `${transition.from_status ? `${label(STATUS_LABELS, str(transition.from_status))} → ` : ''}${label(STATUS_LABELS, str(transition.to_status))}`,
    channel: null,
    author: actorName(transition.actor, users),
    body: null,
  }));
  return [...messages, ...transitions]
    .sort((a, b) => new Date(a.at as string).getTime() - new Date(b.at as string).getTime())
    .map((entry) => ({ ...entry, at: formatDateTime(entry.at, timeZone) }));
}

function client(history: Row, timeline: TimelineEntry[]) {
  const name = [history.first_name, history.last_name].filter(Boolean).join(' ') || str(history.company_name);
  return {
    externalId: str(history.external_id),
    href: `/contacts/${encodeURIComponent(String(history.external_id))}`,
    name: name || str(history.external_id),
    email: str(history.email),
    phone: str(history.phone),
    city: str(history.city),
    valueTier: str(history.value_tier),
    nps: history.nps_score === null || history.nps_score === undefined ? null : Number(history.nps_score),
    openComplaints: Number(history.open_complaints ?? 0),
    openComplaintsText: Number(history.open_complaints ?? 0) > 1 ? 'réclamations ouvertes' : 'réclamation ouverte',
    purchases: (history.recent_purchases as Row[]).slice(0, 5),
    previous: (history.previous_complaints as Row[]).map((row) => ({
      reference: str(row.reference),
      href: `/reclamations/${encodeURIComponent(String(row.reference))}`,
      receivedAt: row.received_at,
      subject: str(row.subject),
      cause: label(CAUSE_LABELS, str(row.cause)),
      status: label(STATUS_LABELS, str(row.status)),
    })),
    messages: timeline.filter((entry) => entry.kind === 'message').slice(0, 5),
  };
}

export interface PageContext {
  users: UserSummary[];
  causes: readonly string[];
  timeZone: string;
  canAct: boolean;
  currency: string;
  followUpDays: number;
  timeline: TimelineEntry[];
}

/** A complaint's page: the file, the client's history, the thread, and the forms its state allows. */
export function complaintPageView(complaint: Row, context: PageContext, state: PageState) {
  const status = String(complaint.status);
  const names = new Map(context.users.map((user) => [String(user.id), user.name ?? user.email]));
  const closedAt = complaint.closed_at ? new Date(complaint.closed_at as string) : null;
  return {
    reference: str(complaint.reference),
    subject: str(complaint.subject),
    description: str(complaint.description),
    status: label(STATUS_LABELS, status),
    channel: label(CHANNEL_LABELS, str(complaint.origin) === 'counter' ? 'counter' : str(complaint.channel)),
    receivedAt: complaint.received_at,
    dueAt: complaint.due_at,
    previousDueAt: state.previousDueAt,
    dueRule: label(DUE_RULE_LABELS, str(complaint.due_rule)),
    overdue: Boolean(complaint.overdue),
    priority: [complaint.urgent ? 'urgente' : null, complaint.important ? 'importante' : null]
      .filter(Boolean)
      .join(', '),
    type: label(TYPE_LABELS, str(complaint.type)),
    cause: label(CAUSE_LABELS, str(complaint.cause)),
    owner: str(complaint.owner),
    answeredAt: complaint.answered_at ?? null,
    closedAt,
    closing: complaint.closing_condition ? label(CONDITION_LABELS, str(complaint.closing_condition)) : null,
    closingExplanation: str(complaint.closing_explanation),
    followUpAt: closedAt ? new Date(closedAt.getTime() + context.followUpDays * 86_400_000) : null,
    followUpCall: Boolean(complaint.follow_up_delivery_id),
    compensations: (complaint.compensations as Row[]).map((row) => ({
      kind: label(COMPENSATION_LABELS, str(row.kind)),
      amount: Number(row.amount),
      currency: str(row.currency),
      recordedAt: row.recorded_at,
    })),
    client: client(complaint.client as Row, context.timeline),
    thread: thread(complaint, names, context.timeZone),
    canAct: context.canAct,
    state: { action: state.action, problems: state.problems, done: state.done, preview: state.preview },
    can: {
      qualify: OPEN(status),
      assign: ['qualified', 'in_resolution'].includes(status),
      answer: status === 'in_resolution',
      close: status === 'answered',
    },
    forms: actionForms(complaint, context, state.form),
  };
}

/** The workflow's forms, filled with what was sent back (a refused form) or the complaint's current values. */
function actionForms(complaint: Row, context: PageContext, form: Record<string, string>) {
  return {
    types: options(COMPLAINT_TYPES, TYPE_LABELS, form.type ?? str(complaint.type)),
    causes: options(context.causes, CAUSE_LABELS, form.cause ?? str(complaint.cause)),
    urgent: form.action === 'qualify' ? form.urgente === 'on' : Boolean(complaint.urgent),
    important: form.action === 'qualify' ? form.importante === 'on' : Boolean(complaint.important),
    users: context.users
      .filter((user) => !user.disabledAt)
      .map((user) => ({
        value: String(user.id),
        label: user.name ?? user.email,
        selected: complaint.owner_email === user.email,
      })),
    gestures: options(COMPENSATION_KINDS, COMPENSATION_LABELS, form.geste),
    conditions: options(CLOSING_CONDITIONS, CONDITION_LABELS, form.condition),
    summary: form.resume ?? str(complaint.subject) ?? '',
    measures: form.mesures ?? '',
    amount: form.montant ?? '',
    channel: form.envoi ?? ((complaint.client as Row).email ? 'email' : 'letter'),
    explanation: form.explication ?? '',
    currency: context.currency,
  };
}
