import {
  DATE_FIELDS,
  parseAutomationDefinition,
  TRIGGER_TYPES,
  type Trigger,
} from '../../automations/automation-definition';
import type { ReadyMade } from '../../automations/ready-made';
import { describeTrigger, type InactivityThresholds } from '../../automations/trigger-description';
import { FRENCH_MONTHS, formatNumber } from '../../core/text/french-figures';
import { FORM_CHANNELS, FORM_STEPS, type FormValues } from './automation-form';
import type { UpcomingView } from './upcoming-days';

const TRIGGER_LABELS: Record<(typeof TRIGGER_TYPES)[number], string> = {
  birthday: 'Anniversaire du client',
  date_offset: 'Avant ou après une date de la fiche client (carte de fidélité, contrat…)',
  inactivity: "Client qui cesse d'acheter (reconquête)",
  after_purchase: 'Après un achat',
  complaint_closed: "Après la clôture d'une réclamation",
  fixed_date: 'Une date fixe chaque année (vœux…)',
  welcome: "À l'inscription d'un nouveau contact",
  event: 'Après un événement (parrainage réussi…)',
};

const DATE_FIELD_LABELS: Record<string, string> = {
  birth_date: 'Date de naissance',
  loyalty_card_expires_on: 'Expiration de la carte de fidélité',
  contract_renews_on: 'Renouvellement du contrat',
  'purchases.last_at': 'Dernier achat',
  attr: 'Un attribut date du contact (son nom ci-dessous)',
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: 'E-mail',
  sms: 'SMS',
  letter: 'Courrier',
  phone: 'Téléphone',
};

const IN_A_SENTENCE: Record<string, string> = { email: 'e-mail', sms: 'SMS', letter: 'courrier', phone: 'téléphone' };

/** What each ready-made automation does, in a sentence for its card. */
const PURPOSES: Record<string, string> = {
  birthday: 'Souhaite son anniversaire à chaque client, avec un bon cadeau.',
  'loyalty-card-expiry': "Prévient le client 30 puis 7 jours avant l'expiration de sa carte de fidélité.",
  'contract-renewal':
    "Propose le renouvellement 60 jours avant l'échéance du contrat, puis un appel à qui n'a pas répondu.",
  winback: "Relance les clients qui ont cessé d'acheter, en deux tentatives.",
  welcome: 'Accueille chaque nouveau contact dès son arrivée.',
  'satisfaction-survey': 'Demande son avis au client une semaine après chaque achat.',
  'complaint-follow-up': 'Vérifie la satisfaction du client 15 jours après la clôture de sa réclamation.',
  'seasons-greetings': "Envoie les vœux de fin d'année le 28 décembre.",
  'referral-thanks': 'Remercie le parrain quand son filleul devient client.',
};

/** The cards of the ready-made automations: name, what it does, when it sends, on which channels. */
export function readyMadeCards(readyMade: ReadyMade[], thresholds: InactivityThresholds) {
  return readyMade.map(({ key, definition }) => {
    // Parsed as the CLI reads it: one offset given as a number is a list of one, a missing time its default.
    const parsed = parseAutomationDefinition(definition, { currency: 'MAD' });
    const trigger = 'definition' in parsed ? parsed.definition.trigger : (definition.trigger as Trigger);
    const steps = Array.isArray(definition.steps)
      ? (definition.steps as Array<{ channel: string }>)
      : [{ channel: String(definition.channel) }];
    return {
      key,
      name: String(definition.name),
      purpose: PURPOSES[key] ?? '',
      trigger: describeTrigger(trigger, thresholds),
      channels: steps.map((step) => IN_A_SENTENCE[step.channel] ?? step.channel).join(' puis '),
    };
  });
}

const option = (value: string, label: string, current: string) => ({ value, label, selected: value === current });

export interface TemplateChoice {
  reference: string;
  channel: string;
  label: string;
}

interface TemplateGroup {
  channel: string;
  label: string;
  options: Array<ReturnType<typeof option>>;
}

/** The templates by channel for a step's list, the step's own selected (kept even when no longer listed). */
function templateGroups(templates: TemplateChoice[], current: string): TemplateGroup[] {
  const known = templates.some((template) => template.reference === current);
  const groups: TemplateGroup[] = FORM_CHANNELS.map((channel) => ({
    channel,
    label: CHANNEL_LABELS[channel],
    options: templates
      .filter((template) => template.channel === channel)
      .map((template) => option(template.reference, template.label, current)),
  })).filter((group) => group.options.length);
  if (!known && current) groups.push({ channel: '', label: 'Autre', options: [option(current, current, current)] });
  return groups;
}

/** The form's lists and values, each option marked when chosen. */
export function setupFormView(
  values: FormValues,
  errors: Record<string, string>,
  lists: { templates: TemplateChoice[]; segments: Array<{ id: string; name: string }>; rulesText: string | null },
) {
  const input = (name: string) => ({ name, value: values[name], error: errors[name] });
  const steps = Array.from({ length: FORM_STEPS }, (_, index) => {
    const n = index + 1;
    return {
      n,
      first: n === 1,
      channels: FORM_CHANNELS.map((channel) => option(channel, CHANNEL_LABELS[channel], values[`etape${n}_canal`])),
      templateGroups: templateGroups(lists.templates, values[`etape${n}_modele`]),
      nonResponders: values[`etape${n}_non_repondants`] !== '',
      channel: input(`etape${n}_canal`),
      template: input(`etape${n}_modele`),
      delay: input(`etape${n}_delai`),
    };
  });
  return {
    triggers: TRIGGER_TYPES.map((type) => option(type, TRIGGER_LABELS[type], values.declencheur)),
    dateFields: [...DATE_FIELDS, 'purchases.last_at', 'attr'].map((field) =>
      option(field, DATE_FIELD_LABELS[field], values.date_suivie),
    ),
    months: FRENCH_MONTHS.map((month, index) => option(String(index + 1), month, values.mois)),
    audiences: [
      option('', 'Toute la base (contacts joignables)', values.audience),
      ...(lists.rulesText === null
        ? []
        : [option('regles', `Les règles de départ : ${lists.rulesText}`, values.audience)]),
      ...lists.segments.map((segment) => option(segment.id, `Segment « ${segment.name} »`, values.audience)),
    ],
    steps,
    costs: FORM_CHANNELS.map((channel) => ({
      ...input(`cout_${channel}`),
      label: `Coût par message (${CHANNEL_LABELS[channel]})`,
    })),
  };
}

const NOUNS: Partial<Record<Trigger['type'], [string, string]>> = {
  birthday: ['anniversaire', 'anniversaires'],
  date_offset: ['rappel', 'rappels'],
  inactivity: ['relance', 'relances'],
};

/** "23 anniversaires dans les 7 prochains jours", "au moins 1 000 envois…". */
export function previewSentence(trigger: Trigger, upcoming: UpcomingView, days: number): string {
  const [one, many] = NOUNS[trigger.type] ?? ['envoi', 'envois'];
  const count = `${upcoming.capped ? 'Au moins ' : ''}${formatNumber(upcoming.total)}`;
  return `${count} ${upcoming.total > 1 ? many : one} dans les ${days} prochains jours`;
}
