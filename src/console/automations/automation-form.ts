import { TRIGGER_TYPES, type TriggerType } from '../../automations/automation-definition';
import { DomainError } from '../../core/errors/domain-error';

/** The channels a step may use, in the form's order. */
export const FORM_CHANNELS = ['email', 'sms', 'letter', 'phone'] as const;
/** Steps the form offers (the first one always, the others when filled in). */
export const FORM_STEPS = 3;

/** The form's values, as texts: what the marketer typed, shown again as typed when something is wrong. */
export type FormValues = Record<string, string>;

const TRIGGER_INPUTS: Record<TriggerType, Array<[input: string, setting: string]>> = {
  birthday: [],
  date_offset: [['tous_les_mois', 'every_months']],
  inactivity: [
    ['tentatives', 'attempts'],
    ['intervalle', 'retry_after_days'],
  ],
  after_purchase: [['delai', 'delay_days']],
  welcome: [['delai', 'delay_days']],
  complaint_closed: [['delai', 'delay_days']],
  fixed_date: [
    ['mois', 'month'],
    ['jour', 'day'],
  ],
  event: [['delai', 'delay_days']],
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A figure as typed ("0,35", "7"): a number; anything else stays a text, which the definition's check refuses. */
function figure(text: string | undefined): number | string | undefined {
  const value = (text ?? '').trim().replace(/\s/g, '');
  if (!value) return undefined;
  return /^-?\d+([.,]\d+)?$/.test(value) ? Number(value.replace(',', '.')) : value;
}

/** "30, 7" → [-30, -7] before the date (sign −1), [30, 7] after it. */
function offsets(text: string | undefined, sign: 1 | -1): Array<number | string> {
  return (text ?? '')
    .split(/[,;]|\bet\b/)
    .map((part) => figure(part))
    .filter((value) => value !== undefined)
    .map((value) => (typeof value === 'number' ? (value === 0 ? 0 : sign * value) : value));
}

function text(body: Record<string, unknown>, input: string): string {
  const value = body[input];
  if (value === undefined) return '';
  if (typeof value !== 'string' || value.length > 20_000)
    throw DomainError.invalid('console.invalid_form', `${input}: un seul texte attendu`, {
      fields: [{ field: input, reason: 'un seul texte attendu' }],
    });
  return value;
}

/** Every input of the form, read as texts (an input absent is empty). */
export function formValues(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const input of FORM_INPUTS) values[input] = text(body, input);
  return values;
}

export const FORM_INPUTS = [
  'base',
  'ref',
  'nom',
  'declencheur',
  'heure',
  'date_suivie',
  'attribut',
  'jours_avant',
  'jours_apres',
  'tous_les_mois',
  'tentatives',
  'intervalle',
  'delai',
  'mois',
  'jour',
  'evenement',
  'audience',
  'groupe_temoin',
  'expediteur_nom',
  'expediteur_email',
  'cout_fixe',
  ...FORM_CHANNELS.map((channel) => `cout_${channel}`),
  ...Array.from({ length: FORM_STEPS }, (_, i) => [
    `etape${i + 1}_canal`,
    `etape${i + 1}_modele`,
    `etape${i + 1}_delai`,
    `etape${i + 1}_non_repondants`,
  ]).flat(),
];

/** The definition the form started from (a ready-made one, or the automation edited): what it does not show is kept. */
export function baseOf(values: FormValues): Record<string, unknown> {
  try {
    const base: unknown = JSON.parse(values.base || '{}');
    return isObject(base) ? base : {};
  } catch {
    return {};
  }
}

function triggerFromForm(values: FormValues): Record<string, unknown> {
  const type = values.declencheur;
  const trigger: Record<string, unknown> = { type };
  if (values.heure.trim()) trigger.local_time = values.heure.trim();
  if (!(TRIGGER_TYPES as readonly string[]).includes(type)) return trigger;
  if (type === 'date_offset') {
    trigger.field = values.date_suivie === 'attr' ? `attr.${values.attribut.trim()}` : values.date_suivie;
    const days = [...offsets(values.jours_avant, -1), ...offsets(values.jours_apres, 1)];
    if (days.length) trigger.offset_days = days;
  }
  if (type === 'event') trigger.name = values.evenement.trim();
  for (const [input, setting] of TRIGGER_INPUTS[type as TriggerType]) {
    const value = figure(values[input]);
    if (value !== undefined) trigger[setting] = value;
  }
  return trigger;
}

function stepsFromForm(values: FormValues): Array<Record<string, unknown>> {
  const steps: Array<Record<string, unknown>> = [];
  for (let n = 1; n <= FORM_STEPS; n++) {
    const template = values[`etape${n}_modele`].trim();
    if (n > 1 && !template) continue;
    const step: Record<string, unknown> = { channel: values[`etape${n}_canal`], template };
    const delay = figure(values[`etape${n}_delai`]);
    if (n > 1 && delay !== undefined) step.delay_days = delay;
    if (n > 1 && values[`etape${n}_non_repondants`]) step.only_non_responders = true;
    steps.push(step);
  }
  return steps;
}

function costsFromForm(values: FormValues, base: Record<string, unknown>): Record<string, unknown> {
  const costs: Record<string, unknown> = isObject(base.costs) ? { ...base.costs } : {};
  const perMessage: Record<string, unknown> = {};
  for (const channel of FORM_CHANNELS) {
    const value = figure(values[`cout_${channel}`]);
    if (value !== undefined) perMessage[channel] = value;
  }
  costs.per_message = perMessage;
  const fixed = figure(values.cout_fixe);
  if (fixed === undefined) delete costs.fixed;
  else costs.fixed = fixed;
  return costs;
}

/**
 * The automation's JSON, exactly as `relance automation create` reads it: the form's fields over
 * the definition it started from (sender details, data for the templates, objective… kept).
 */
export function definitionFromForm(values: FormValues): Record<string, unknown> {
  const base = baseOf(values);
  const { channel: _channel, template: _template, segment: rules, segment_id: _segmentId, ...kept } = base;
  const definition: Record<string, unknown> = { ...kept, name: values.nom.trim(), trigger: triggerFromForm(values) };
  if (values.audience === 'regles' && rules !== undefined) definition.segment = rules;
  else if (values.audience && values.audience !== 'regles') definition.segment_id = values.audience;
  else definition.segment = { all: [] };
  definition.steps = stepsFromForm(values);
  const holdout = figure(values.groupe_temoin);
  if (holdout === undefined) delete definition.holdout_percent;
  else definition.holdout_percent = holdout;
  const sender = isObject(base.sender) ? { ...base.sender } : {};
  sender.name = values.expediteur_nom.trim();
  if (values.expediteur_email.trim()) sender.email = values.expediteur_email.trim();
  else delete sender.email;
  definition.sender = sender;
  definition.costs = costsFromForm(values, base);
  return definition;
}

const text2 = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';

/** The form's values for a definition (a ready-made one, or the automation edited). */
export function formFromDefinition(definition: Record<string, unknown>, ref: string): FormValues {
  const values: FormValues = Object.fromEntries(FORM_INPUTS.map((input) => [input, '']));
  const trigger = isObject(definition.trigger) ? definition.trigger : {};
  const type = text2(trigger.type);
  Object.assign(values, { base: JSON.stringify(definition), ref, nom: text2(definition.name), declencheur: type });
  values.heure = text2(trigger.local_time) || (type === 'birthday' ? '09:30' : '10:00');
  const field = text2(trigger.field);
  values.date_suivie = field.startsWith('attr.') ? 'attr' : field;
  values.attribut = field.startsWith('attr.') ? field.slice(5) : '';
  const days = (Array.isArray(trigger.offset_days) ? trigger.offset_days : [trigger.offset_days]).filter(
    (day): day is number => typeof day === 'number',
  );
  values.jours_avant = days
    .filter((day) => day <= 0)
    .map((day) => String(-day))
    .join(', ');
  values.jours_apres = days
    .filter((day) => day > 0)
    .map(String)
    .join(', ');
  if ((TRIGGER_TYPES as readonly string[]).includes(type))
    for (const [input, setting] of TRIGGER_INPUTS[type as TriggerType]) values[input] = text2(trigger[setting]);
  values.evenement = text2(trigger.name);
  values.audience = definition.segment_id ? text2(definition.segment_id) : definition.segment ? 'regles' : '';
  if (JSON.stringify(definition.segment) === '{"all":[]}') values.audience = '';
  values.groupe_temoin = text2(definition.holdout_percent ?? 0);
  const sender = isObject(definition.sender) ? definition.sender : {};
  values.expediteur_nom = text2(sender.name);
  values.expediteur_email = text2(sender.email);
  const costs = isObject(definition.costs) ? definition.costs : {};
  const perMessage = isObject(costs.per_message) ? costs.per_message : {};
  values.cout_fixe = text2(costs.fixed);
  for (const channel of FORM_CHANNELS) values[`cout_${channel}`] = text2(perMessage[channel]).replace('.', ',');
  const steps = Array.isArray(definition.steps)
    ? (definition.steps as Array<Record<string, unknown>>)
    : [{ channel: definition.channel, template: definition.template }];
  steps.slice(0, FORM_STEPS).forEach((step, index) => {
    values[`etape${index + 1}_canal`] = text2(step.channel);
    values[`etape${index + 1}_modele`] = text2(step.template);
    values[`etape${index + 1}_delai`] = text2(step.delay_days);
    values[`etape${index + 1}_non_repondants`] = step.only_non_responders === true ? 'oui' : '';
  });
  for (let n = 1; n <= FORM_STEPS; n++) values[`etape${n}_canal`] ||= 'email';
  return values;
}
