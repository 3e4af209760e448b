import type { ComplaintIntake } from '../../complaints/complaint-intake.service';
import type { Answer, Closing, CompensationInput, Qualification } from '../../complaints/complaint-workflow-inputs';
import {
  CLOSING_CONDITIONS,
  COMPENSATION_KINDS,
  COMPLAINT_TYPES,
  type ClosingCondition,
  type CompensationKind,
} from '../../complaints/complaint-workflow';
import { formatMoney } from '../shell/french-format';
import { COMPENSATION_LABELS } from './complaint-labels';

/** A field the person must correct: its label as the form shows it, and what is wrong, in French. */
export interface Problem {
  field: string;
  reason: string;
}

type Form = Record<string, unknown>;
type Parsed<T> = { value: T; problems: Problem[] };

/** The ways a complaint is taken by hand; « au comptoir » is a spoken complaint whose origin says where. */
export const INTAKE_CHANNELS = ['phone', 'counter', 'letter', 'email'] as const;

export const text = (form: Form, name: string): string => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};
const checked = (form: Form, name: string) => ['on', 'true', '1'].includes(text(form, name));

export function parseNewComplaint(
  form: Form,
  actor: string,
): Parsed<ComplaintIntake & { externalId: string; counter: boolean }> {
  const problems: Problem[] = [];
  const externalId = text(form, 'client');
  const channel = text(form, 'canal');
  const subject = text(form, 'objet');
  const description = text(form, 'description');
  if (!externalId) problems.push({ field: 'Client', reason: 'choisissez le client (n° client)' });
  else if (externalId.length > 100) problems.push({ field: 'Client', reason: 'le n° client dépasse 100 caractères' });
  if (!(INTAKE_CHANNELS as readonly string[]).includes(channel))
    problems.push({ field: 'Reçue par', reason: 'choisissez téléphone, comptoir, courrier ou e-mail' });
  if (!subject) problems.push({ field: 'Objet', reason: 'résumez la réclamation en quelques mots' });
  else if (subject.length > 300) problems.push({ field: 'Objet', reason: "l'objet dépasse 300 caractères" });
  if (!description) problems.push({ field: 'Description', reason: 'notez ce que le client a dit' });
  else if (description.length > 20000)
    problems.push({ field: 'Description', reason: 'la description dépasse 20 000 caractères' });
  const counter = channel === 'counter';
  return {
    problems,
    value: {
      externalId,
      counter,
      contact: { external_id: externalId },
      channel: counter ? 'phone' : (channel as ComplaintIntake['channel']),
      origin: counter ? 'counter' : undefined,
      subject,
      description,
      urgent: checked(form, 'urgente'),
      important: checked(form, 'importante'),
      actor,
    },
  };
}

export function parseQualification(form: Form, causes: readonly string[]): Parsed<Qualification> {
  const problems: Problem[] = [];
  const type = text(form, 'type');
  const cause = text(form, 'cause');
  if (type && !(COMPLAINT_TYPES as readonly string[]).includes(type))
    problems.push({ field: 'Type', reason: 'choisissez bonne foi, mauvaise foi ou faute du vendeur' });
  if (!cause) problems.push({ field: 'Cause', reason: 'choisissez la cause de la réclamation' });
  else if (!causes.includes(cause)) problems.push({ field: 'Cause', reason: 'choisissez une cause de la liste' });
  const delay = text(form, 'delai');
  const days = delay ? Number(delay) : null;
  if (days !== null && (!Number.isInteger(days) || days < 0 || days > 365))
    problems.push({ field: 'Délai demandé', reason: 'un nombre entier de jours, de 0 à 365' });
  return {
    problems,
    value: {
      ...(type ? { type: type as Qualification['type'] } : {}),
      ...(cause ? { cause } : {}),
      urgent: checked(form, 'urgente'),
      important: checked(form, 'importante'),
      requested_delay_days: days,
    },
  };
}

function compensation(form: Form, currency: string, problems: Problem[]): CompensationInput | undefined {
  const kind = text(form, 'geste');
  const amountText = text(form, 'montant').replace(/\s/g, '').replace(',', '.');
  if (!kind) {
    if (amountText) problems.push({ field: 'Geste commercial', reason: 'choisissez le geste que ce montant paie' });
    return undefined;
  }
  if (!(COMPENSATION_KINDS as readonly string[]).includes(kind)) {
    problems.push({ field: 'Geste commercial', reason: 'choisissez un geste de la liste' });
    return undefined;
  }
  const amount = Number(amountText);
  if (!amountText || !Number.isFinite(amount) || amount < 0 || amount > 1_000_000) {
    problems.push({ field: 'Montant', reason: 'un montant positif, par exemple 200 ou 149,90' });
    return undefined;
  }
  return { kind: kind as CompensationKind, amount: Math.round(amount * 100) / 100, currency };
}

/** The gesture as the answer states it: « Bon d'achat de 200,00 MAD ». */
export function gestureText(given: CompensationInput | undefined): string {
  if (!given) return '';
  return `${COMPENSATION_LABELS[given.kind]} de ${formatMoney(given.amount, given.currency ?? 'MAD')}`;
}

export function parseAnswer(form: Form, currency: string): Parsed<Answer> {
  const problems: Problem[] = [];
  const summary = text(form, 'resume');
  const measures = text(form, 'mesures');
  const channel = text(form, 'envoi');
  if (!summary) problems.push({ field: 'Sa réclamation', reason: 'reformulez ce dont le client se plaint' });
  if (!measures) problems.push({ field: 'Ce que nous avons fait', reason: 'dites ce qui a été corrigé' });
  if (channel && channel !== 'email' && channel !== 'letter')
    problems.push({ field: 'Envoyer par', reason: 'choisissez e-mail ou courrier' });
  const given = compensation(form, currency, problems);
  return {
    problems,
    value: {
      summary,
      corrective_measures: measures,
      ...(given ? { compensation: given, commercial_gesture: gestureText(given) } : {}),
      ...(channel === 'email' || channel === 'letter' ? { channel } : {}),
    },
  };
}

export function parseClosing(form: Form, currency: string): Parsed<Closing> {
  const problems: Problem[] = [];
  const condition = text(form, 'condition');
  const explanation = text(form, 'explication');
  if (!(CLOSING_CONDITIONS as readonly string[]).includes(condition))
    problems.push({ field: 'Condition de clôture', reason: 'choisissez une condition de la liste' });
  if (condition === 'unfounded' && !explanation)
    problems.push({ field: 'Explication', reason: 'une réclamation non fondée se clôt avec une explication' });
  const given = compensation(form, currency, problems);
  return {
    problems,
    value: {
      condition: condition as ClosingCondition,
      ...(explanation ? { explanation } : {}),
      ...(given ? { compensation: given } : {}),
    },
  };
}
