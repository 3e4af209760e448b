import type { CampaignDefinition } from '../../campaigns/campaign-definition';
import { STEP_CHANNELS } from '../../campaigns/campaign-definition';
import type { FieldProblem } from '../../core/errors/domain-error';

/** Up to this many steps in the wizard (a campaign rarely has more than a letter and two reminders). */
export const MAX_STEPS = 6;

const SENDER_FIELDS = {
  expediteur_nom: 'name',
  expediteur_email: 'email',
  expediteur_reponse: 'reply_to',
  expediteur_adresse: 'postal_address',
  expediteur_lieu: 'place',
  signataire_nom: 'signatory_name',
  signataire_titre: 'signatory_title',
} as const;

export type WizardForm = Record<string, string>;

/** The form as posted, every value a string (anything else — a repeated field — read as empty). */
export function formValues(body: unknown): WizardForm {
  const values: WizardForm = {};
  if (!body || typeof body !== 'object') return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>))
    if (typeof value === 'string' && key !== '_csrf') values[key] = value.slice(0, 4000);
  return values;
}

/** The step rows the marketer filled (a template chosen), by row number. */
export function filledRows(form: WizardForm): number[] {
  const rows: number[] = [];
  for (let row = 1; row <= MAX_STEPS; row++) if (form[`etape${row}_modele`]?.trim()) rows.push(row);
  return rows;
}

/** A number as typed (« 4,50 », « 1 200 »); what is not one is passed on as typed, for the validator to name. */
function numberOf(text: string | undefined): unknown {
  const value = (text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
  if (!value) return undefined;
  return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : text;
}

function textOf(text: string | undefined): string | undefined {
  const value = (text ?? '').trim();
  return value ? value : undefined;
}

/** A `datetime-local` value (the server's time zone) as ISO-8601; anything else as typed. */
function dateOf(text: string | undefined): string | undefined {
  const value = textOf(text);
  if (!value) return undefined;
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(date.getTime()) ? date.toISOString() : value;
}

/**
 * The campaign JSON the form describes — exactly what `POST /api/v1/campaigns` accepts, validated
 * by the same parser. `base` (a draft being edited) keeps what the wizard does not show: other
 * sender fields (country, logo…), inline audience rules, the consent flags.
 */
export function definitionFromForm(form: WizardForm, base?: CampaignDefinition): Record<string, unknown> {
  const steps = filledRows(form).map((row) => {
    const at = (field: string) => form[`etape${row}_${field}`];
    const sendAt = dateOf(at('date'));
    const delay = numberOf(at('delai'));
    return {
      channel: at('canal'),
      template: at('modele')?.trim(),
      ...(sendAt ? { send_at: sendAt } : {}),
      ...(delay !== undefined ? { delay_days: delay } : {}),
      ...(at('non_repondants') === 'oui' ? { only_non_responders: true } : {}),
    };
  });
  const sender: Record<string, unknown> = { ...(base?.sender ?? {}) };
  for (const [field, key] of Object.entries(SENDER_FIELDS)) {
    delete sender[key];
    const value = textOf(form[field]);
    if (value !== undefined) sender[key] = field === 'expediteur_adresse' ? value.replace(/\r\n?/g, '\n') : value;
  }
  const perMessage: Record<string, unknown> = {};
  for (const channel of STEP_CHANNELS) {
    const cost = numberOf(form[`cout_${channel}`]);
    if (cost !== undefined) perMessage[channel] = cost;
  }
  const margin = numberOf(form.marge);
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form))
    if (key.startsWith('donnee.') && value.trim()) data[key.slice('donnee.'.length)] = numberOf(value) ?? value;
  const inline = form.segment === 'regles' && base?.segment;
  return {
    name: textOf(form.nom),
    objective: form.objectif,
    ...(inline ? { segment: base.segment } : form.segment ? { segment_id: form.segment } : {}),
    holdout_percent: numberOf(form.temoin),
    steps,
    sender,
    costs: { fixed: numberOf(form.cout_fixe), per_message: perMessage, currency: textOf(form.devise) },
    margin_rate: typeof margin === 'number' ? Math.round(margin * 100) / 10000 : margin,
    attribution_days: numberOf(form.attribution),
    data,
    ...(base?.professional ? { professional: true } : {}),
    ...(base?.soft_opt_in ? { soft_opt_in: true } : {}),
  };
}

/** The form of a definition (a draft to edit, or a duplicate): the reverse of `definitionFromForm`. */
export function formFromDefinition(definition: CampaignDefinition): WizardForm {
  const form: WizardForm = {
    nom: definition.name,
    objectif: definition.objective,
    segment: definition.segment_id ?? (definition.segment ? 'regles' : ''),
    temoin: String(definition.holdout_percent),
    cout_fixe: String(definition.costs.fixed),
    devise: definition.costs.currency,
    marge: definition.margin_rate === null ? '' : String(Math.round(definition.margin_rate * 10000) / 100),
    attribution: String(definition.attribution_days),
  };
  for (const [channel, cost] of Object.entries(definition.costs.per_message)) form[`cout_${channel}`] = String(cost);
  for (const [field, key] of Object.entries(SENDER_FIELDS)) {
    const value = definition.sender[key];
    if (typeof value === 'string') form[field] = value;
  }
  for (const [index, step] of definition.steps.entries()) {
    const row = `etape${index + 1}_`;
    form[`${row}canal`] = step.channel;
    form[`${row}modele`] = step.template;
    if (step.delay_days !== undefined) form[`${row}delai`] = String(step.delay_days);
    if (step.send_at) form[`${row}date`] = localDateTime(new Date(step.send_at));
    if (step.only_non_responders) form[`${row}non_repondants`] = 'oui';
  }
  for (const [name, value] of Object.entries(definition.data ?? {}))
    form[`donnee.${name}`] = typeof value === 'string' ? value : JSON.stringify(value);
  return form;
}

/** A date as a `datetime-local` input shows it, in the server's time zone. */
function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The form field a problem of the definition belongs to (`rows`: the filled rows, in step order). */
export function fieldOfProblem(path: string, rows: number[]): string {
  const step = /^steps\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (step) {
    const row = rows[Number(step[1])] ?? 1;
    const field = { channel: 'canal', delay_days: 'delai', send_at: 'date', only_non_responders: 'non_repondants' };
    return `etape${row}_${field[step[2] as keyof typeof field] ?? 'modele'}`;
  }
  const perMessage = /^costs\.per_message\.(\w+)$/.exec(path);
  if (perMessage)
    return (STEP_CHANNELS as readonly string[]).includes(perMessage[1]) ? `cout_${perMessage[1]}` : 'cout_fixe';
  const sender = Object.entries(SENDER_FIELDS).find(([, key]) => path === `sender.${key}`);
  if (sender) return sender[0];
  const fields: Record<string, string> = {
    name: 'nom',
    objective: 'objectif',
    segment: 'segment',
    segment_id: 'segment',
    holdout_percent: 'temoin',
    steps: 'etape1_modele',
    channel: 'etape1_canal',
    template: 'etape1_modele',
    sender: 'expediteur_nom',
    costs: 'cout_fixe',
    'costs.fixed': 'cout_fixe',
    'costs.currency': 'devise',
    margin_rate: 'marge',
    attribution_days: 'attribution',
  };
  return fields[path] ?? 'general';
}

const REASONS: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^is required \(rules, or segment_id\)$/, () => 'choisissez un segment'],
  [/^is required for letters/, () => 'obligatoire pour une lettre (l’adresse de retour du coupon-réponse)'],
  [/^is required/, () => 'à remplir'],
  [/^at least one step/, () => 'choisissez le modèle d’au moins une étape'],
  [
    /^must be a number between (\S+) and (\S+)$/,
    (m) => `un nombre entre ${frenchNumber(m[1])} et ${frenchNumber(m[2])}`,
  ],
  [/^must be a whole number of days$/, () => 'un nombre entier de jours'],
  [/^must be an e-mail address$/, () => 'une adresse e-mail, comme bonjour@exemple.ma'],
  [/^must be an ISO-8601 date/, () => 'une date et une heure'],
  [/^give send_at or delay_days, not both$/, () => 'une date d’envoi ou un délai, pas les deux'],
  [/^the first step starts at launch/, () => 'la première étape part au lancement ou à sa date d’envoi : pas de délai'],
  [/^the first step has no earlier responses/, () => 'la première étape n’a pas de réponses antérieures à attendre'],
  [/^must be one of/, () => 'choisissez une valeur de la liste'],
  [/^must be a currency code/, () => 'un code de devise comme MAD ou EUR'],
  [/^must not contain line breaks/, () => 'sur une seule ligne, sans caractère de contrôle'],
  [/^must be at most (\d+) characters$/, (m) => `au plus ${m[1]} caractères`],
  [/ is an? (\w+) template, the step is (\w+)$/, (m) => `ce modèle est pour le canal ${m[1]}, l’étape est ${m[2]}`],
  [/^no (stored )?template/, () => 'modèle introuvable'],
];

function frenchNumber(text: string): string {
  const value = Number(text);
  return value >= 1e6 ? new Intl.NumberFormat('fr-FR').format(value) : text.replace('.', ',');
}

/** A validator's reason in French (the technical one kept when no wording is known). */
export function frenchReason(field: string, reason: string): string {
  if (field === 'marge' && /^must be a number/.test(reason)) return 'un pourcentage entre 0 et 100';
  for (const [pattern, text] of REASONS) {
    const match = pattern.exec(reason);
    if (match) return text(match);
  }
  return `valeur refusée (${reason})`;
}

/** Every problem by form field, in French: the messages shown next to the fields. */
export function problemsByField(problems: FieldProblem[], rows: number[]): Record<string, string[]> {
  const byField: Record<string, string[]> = {};
  for (const problem of problems) {
    const field = fieldOfProblem(problem.field, rows);
    (byField[field] ??= []).push(frenchReason(field, problem.reason));
  }
  return byField;
}
