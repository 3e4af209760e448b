import type { FieldProblem } from '../../core/errors/domain-error';
import type { CallFile } from '../../responses/calls/call-file.service';
import type { CallListOverview } from '../../responses/calls/call-queue.service';
import type { WorkedOutcome } from '../../responses/calls/call-outcome-input';

/** Appels: what the call screen shows (pure: links, labels, French messages). */
export const CALLS_PATH = '/appels';

export const OUTCOME_LABELS: Record<WorkedOutcome, string> = {
  reached: 'Joint',
  appointment: 'Rendez-vous',
  callback: 'Rappeler le',
  documentation: 'Documentation à envoyer',
  refused: 'Refus',
  wrong_number: 'Faux numéro',
};

const KIND_LABELS: Record<CallListOverview['kind'], string> = {
  campaign: 'Campagne',
  automation: 'Automatisation',
  service: 'Messages de service',
};

const CHANNEL_WORDS: Record<string, string> = { email: 'par e-mail', letter: 'par courrier', sms: 'par SMS' };

export function listRows(lists: CallListOverview[]) {
  return lists.map((list) => ({
    name: list.campaignName,
    kind: KIND_LABELS[list.kind],
    waiting: list.waiting,
    later: list.later,
    done: list.done,
    total: list.total,
    nextLaterAt: list.nextLaterAt,
    href: `${CALLS_PATH}/${encodeURIComponent(list.campaignId)}`,
  }));
}

function outcomeLabel(value: string): string {
  return Object.hasOwn(OUTCOME_LABELS, value) ? OUTCOME_LABELS[value as WorkedOutcome] : value;
}

/** The client's file and the script merged for them: CROC sections, then the branches. */
export function fileView(file: CallFile) {
  const croc = file.script.filter((section) => !section.key.startsWith('branch:'));
  const branches = file.script.filter((section) => section.key.startsWith('branch:'));
  return {
    deliveryId: file.deliveryId,
    contact: file.contact,
    campaign: {
      name: file.campaign.name,
      href: file.campaign.kind === 'campaign' ? `/campagnes/${file.campaign.id}` : null,
    },
    step: file.step,
    listedAt: file.listedAt,
    backBecause:
      file.queue.reason === 'callback'
        ? 'Rappel demandé par le client pour aujourd’hui.'
        : file.queue.reason === 'documentation'
          ? 'Relance huit jours après l’envoi de la documentation.'
          : null,
    croc,
    branches,
    received: file.received,
    previousCalls: file.previousCalls.map((call) => ({ ...call, label: outcomeLabel(call.outcome) })),
    purchases: file.purchases,
    history: file.history.map((item) => ({
      ...item,
      responses: item.responses.map((r) => r.replace(/^call:/, 'appel : ').replace(/^coupon.*/, 'coupon')),
    })),
  };
}

/** The outcome buttons, in the order an operator thinks of them. */
export function outcomeButtons() {
  return (Object.keys(OUTCOME_LABELS) as WorkedOutcome[]).map((value) => ({ value, label: OUTCOME_LABELS[value] }));
}

const FIELD_MESSAGES: Record<string, string> = {
  outcome: 'Choisissez une issue parmi les boutons.',
  date: 'La date est obligatoire pour un rendez-vous ou un rappel, au format jj/mm/aaaa, aujourd’hui ou plus tard.',
  time: 'L’heure s’écrit hh:mm (par exemple 10:30).',
  note: 'La note dépasse 2 000 caractères : raccourcissez-la.',
};

/** A refused outcome said in French, naming each field (« Date », « Heure »…). */
export function problemMessages(fields: FieldProblem[] | undefined): string[] {
  return [...new Set((fields ?? []).map((problem) => FIELD_MESSAGES[problem.field] ?? problem.reason))];
}

const REFUSALS: Record<string, string> = {
  'calls.held': 'Un autre opérateur traite déjà cet appel : il n’a pas été enregistré.',
  'calls.already_done': 'Cet appel a déjà son issue : il n’a pas été enregistré une deuxième fois.',
};

export function refusalMessage(code: string): string {
  return REFUSALS[code] ?? 'Cet appel n’a pas pu être enregistré.';
}

/** What the last recorded call did, said back above the next client (from the redirect's query). */
export function doneNotice(query: Record<string, unknown>): string | null {
  const outcome = typeof query.fait === 'string' && Object.hasOwn(OUTCOME_LABELS, query.fait) ? query.fait : null;
  if (!outcome) return null;
  const parts = [`Appel enregistré : ${OUTCOME_LABELS[outcome as WorkedOutcome].toLowerCase()}`];
  const day = typeof query.le === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(query.le) ? query.le : null;
  if (day) parts.push(`le client revient sur la liste le ${frenchDay(day)}`);
  const sent = typeof query.envoi === 'string' ? query.envoi : null;
  if (sent && Object.hasOwn(CHANNEL_WORDS, sent))
    parts.push(`${outcome === 'appointment' ? 'confirmation' : 'documentation'} envoyée ${CHANNEL_WORDS[sent]}`);
  if (sent === 'aucun')
    parts.push(
      'aucun message envoyé : le client n’a pas d’adresse autorisée (consentement retiré ou coordonnées absentes)',
    );
  return `${parts.join(' ; ')}.`;
}

function frenchDay(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('fr-FR', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
