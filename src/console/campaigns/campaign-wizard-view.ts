import { OBJECTIVES, STEP_CHANNELS } from '../../campaigns/campaign-definition';
import type { CampaignDataField, TemplateChoice } from '../../campaigns/campaign-template-choices.service';
import { CHANNEL_LABELS, OBJECTIVE_LABELS } from './campaign-labels';
import { filledRows, MAX_STEPS, type WizardForm } from './campaign-wizard-form';

export interface WizardContext {
  form: WizardForm;
  errors: Record<string, string[]>;
  segments: Array<{ id: string; name: string }>;
  templates: TemplateChoice[];
  dataFields: CampaignDataField[];
  /** The draft being edited, if any. */
  draftId: string | null;
  /** The draft has inline audience rules (made with the API): they can be kept. */
  inlineRules: boolean;
  canEdit: boolean;
  defaultCurrency: string;
}

const SIMPLE_FIELDS = [
  'nom',
  'objectif',
  'segment',
  'temoin',
  'cout_fixe',
  'devise',
  'marge',
  'attribution',
  'expediteur_nom',
  'expediteur_email',
  'expediteur_reponse',
  'expediteur_adresse',
  'expediteur_lieu',
  'signataire_nom',
  'signataire_titre',
  ...STEP_CHANNELS.map((channel) => `cout_${channel}`),
];

const DEFAULTS: WizardForm = { temoin: '10', attribution: '30', cout_fixe: '0' };

/** One field: its name, value as typed and the French message of what is wrong with it (or null). */
function field(context: WizardContext, name: string) {
  const value = context.form[name] ?? DEFAULTS[name] ?? (name === 'devise' ? context.defaultCurrency : '');
  const error = context.errors[name]?.join(' ; ') ?? null;
  return { name, id: `champ-${name.replace(/[^a-z0-9_-]/gi, '-')}`, value, error };
}

function stepRow(context: WizardContext, row: number) {
  const at = (name: string) => field(context, `etape${row}_${name}`);
  const channel = context.form[`etape${row}_canal`] ?? (row === 1 ? 'letter' : 'phone');
  const template = context.form[`etape${row}_modele`] ?? '';
  return {
    row,
    first: row === 1,
    canal: at('canal'),
    modele: at('modele'),
    delai: at('delai'),
    date: at('date'),
    nr: at('non_repondants'),
    nonRepondants: context.form[`etape${row}_non_repondants`] === 'oui',
    channels: STEP_CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value], selected: value === channel })),
    groups: STEP_CHANNELS.map((value) => ({
      channel: value,
      label: CHANNEL_LABELS[value],
      options: context.templates
        .filter((choice) => choice.channel === value)
        .map((choice) => ({ value: choice.reference, label: choice.label, selected: choice.reference === template })),
    })),
  };
}

/** The wizard page: every section's fields with their values and messages, the step rows and the campaign data. */
export function wizardView(context: WizardContext) {
  const fields = Object.fromEntries(SIMPLE_FIELDS.map((name) => [name, field(context, name)]));
  const rows = filledRows(context.form);
  const shown = Math.min(MAX_STEPS, Math.max(2, (rows.at(-1) ?? 0) + 1));
  const known = new Set(context.dataFields.map((data) => data.name));
  // Data typed for a field no chosen template declares any more is kept (and sent) rather than lost.
  const extra = Object.keys(context.form)
    .filter((key) => key.startsWith('donnee.') && !known.has(key.slice(7)) && context.form[key].trim())
    .map((key) => ({ name: key.slice(7), sample: '', required: false, templates: [] }));
  const general = context.errors.general ?? [];
  return {
    action: context.draftId ? `/campagnes/${context.draftId}/modifier` : '/campagnes/nouvelle',
    editing: context.draftId !== null,
    draftId: context.draftId ?? '',
    canEdit: context.canEdit,
    hasErrors: Object.keys(context.errors).length > 0,
    general,
    f: fields,
    objectives: OBJECTIVES.map((value) => ({
      value,
      label: OBJECTIVE_LABELS[value],
      selected: value === context.form.objectif,
    })),
    segments: context.segments.map((segment) => ({
      ...segment,
      selected: segment.id === context.form.segment,
    })),
    inlineRules: context.inlineRules,
    inlineSelected: context.form.segment === 'regles',
    steps: Array.from({ length: shown }, (_, index) => stepRow(context, index + 1)),
    data: [...context.dataFields, ...extra].map((data) => ({
      ...field(context, `donnee.${data.name}`),
      label: data.name,
      sample: data.sample,
      required: data.required,
      templates: data.templates.join(', '),
    })),
    returnTo: encodeURIComponent(context.draftId ? `/campagnes/${context.draftId}/modifier` : '/campagnes/nouvelle'),
  };
}
