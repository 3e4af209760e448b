import { CONTACT_CHANNELS } from '../consent/consent.types';
import { FIELDS, OPERATORS_BY_TYPE, type Operator, type ValueType } from './segment-rules';

/**
 * The catalogue of what a rule can read, for the console's rule builder and the API
 * (`GET /api/v1/segments/catalogue`): every field of the rule language with its type, the operators
 * that apply to it (the validator's table), its known values, and the custom attributes found in
 * the data with the type their values have. Pure: the service adds the attributes it discovered.
 */

export interface CatalogueField {
  field: string;
  label: string;
  group: string;
  type: ValueType;
  operators: readonly Operator[];
  values?: readonly string[];
  /** The known values in French words, for the builder's menus (the JSON keeps the values). */
  valueLabels?: Record<string, string>;
  windowed?: boolean;
  monetary?: boolean;
  range?: { min: number; max: number };
}

export interface DiscoveredAttribute {
  name: string;
  /** JSON types of its values: number, boolean, string; `date` when every string is YYYY-MM-DD. */
  type: 'number' | 'boolean' | 'date' | 'text';
  contacts: number;
  /** The distinct values of a text attribute when there are few (a list to choose from). */
  values?: string[];
}

const CONSENT_LABELS = { granted: 'accordé', withdrawn: 'retiré', none: 'jamais donné' };
const VALUE_LABELS: Record<string, Record<string, string>> = {
  type: { person: 'personne', company: 'entreprise' },
  lifecycle: { acquisition: 'acquisition', development: 'développement', retention: 'fidélisation', decline: 'déclin' },
  value_tier: { top: 'meilleurs clients', core: 'cœur', tail: 'petits clients' },
  'nps.category': { promoter: 'promoteur', passive: 'passif', detractor: 'détracteur' },
  ...Object.fromEntries(CONTACT_CHANNELS.map((channel) => [`consent.${channel}`, CONSENT_LABELS])),
};

const CHANNEL_LABELS: Record<string, string> = { email: 'e-mail', sms: 'SMS', postal: 'courrier', phone: 'téléphone' };

const LABELS: Record<string, [string, string]> = {
  type: ['Identité', 'Type (personne, entreprise)'],
  external_id: ['Identité', 'Identifiant externe'],
  civility: ['Identité', 'Civilité'],
  first_name: ['Identité', 'Prénom'],
  last_name: ['Identité', 'Nom'],
  company_name: ['Identité', 'Raison sociale'],
  job_title: ['Identité', 'Fonction'],
  birth_date: ['Identité', 'Date de naissance'],
  age: ['Identité', 'Âge'],
  email: ['Coordonnées', 'E-mail'],
  phone: ['Coordonnées', 'Téléphone'],
  address_line1: ['Coordonnées', 'Adresse (ligne 1)'],
  address_line2: ['Coordonnées', 'Adresse (ligne 2)'],
  postal_code: ['Coordonnées', 'Code postal'],
  city: ['Coordonnées', 'Ville'],
  region: ['Coordonnées', 'Région'],
  country: ['Coordonnées', 'Pays'],
  locale: ['Coordonnées', 'Langue'],
  timezone: ['Coordonnées', 'Fuseau horaire'],
  loyalty_card_expires_on: ['Contrat', 'Fin de la carte de fidélité'],
  contract_renews_on: ['Contrat', 'Renouvellement du contrat'],
  'purchases.count': ['Achats', "Nombre d'achats"],
  'purchases.total_amount': ['Achats', 'Montant des achats'],
  'purchases.last_at': ['Achats', 'Dernier achat'],
  'rfm.recency': ['Scores', 'RFM : récence (1 à 5)'],
  'rfm.frequency': ['Scores', 'RFM : fréquence (1 à 5)'],
  'rfm.monetary': ['Scores', 'RFM : montant (1 à 5)'],
  'rfm.score': ['Scores', 'RFM : score (ex. 555)'],
  lifecycle: ['Scores', 'Étape du cycle de vie'],
  value_tier: ['Scores', 'Niveau de valeur'],
  silent: ['Scores', 'Client silencieux'],
  'complaints.open': ['Satisfaction', 'Réclamations ouvertes'],
  'nps.category': ['Satisfaction', 'Catégorie NPS'],
  'nps.score': ['Satisfaction', 'Note NPS (0 à 10)'],
  unhappy: ['Satisfaction', 'Client mécontent'],
  ...Object.fromEntries(
    CONTACT_CHANNELS.map((channel) => [
      `consent.${channel}`,
      ['Consentement', `Consentement ${CHANNEL_LABELS[channel] ?? channel}`] as [string, string],
    ]),
  ),
};

/** The standard fields, in the order of LABELS (the builder's menu), then any field LABELS forgot. */
export function standardFields(): CatalogueField[] {
  const names = [...Object.keys(LABELS).filter((name) => Object.hasOwn(FIELDS, name))];
  for (const name of Object.keys(FIELDS)) if (!names.includes(name)) names.push(name);
  return names.map((field) => {
    const spec = FIELDS[field];
    const [group, label] = LABELS[field] ?? ['Autres', field];
    return {
      field,
      label,
      group,
      type: spec.type,
      operators: OPERATORS_BY_TYPE[spec.type],
      ...(spec.values ? { values: spec.values } : {}),
      ...(VALUE_LABELS[field] ? { valueLabels: VALUE_LABELS[field] } : {}),
      ...(spec.windowed ? { windowed: true } : {}),
      ...(spec.monetary ? { monetary: true } : {}),
      ...(spec.range ? { range: spec.range } : {}),
    };
  });
}

/** A custom attribute as a catalogue field: `attr.<name>`, typed by its values (the validator types it the same way). */
export function attributeField(attribute: DiscoveredAttribute): CatalogueField {
  return {
    field: `attr.${attribute.name}`,
    label: attribute.name,
    group: 'Attributs personnalisés',
    type: attribute.type,
    operators: OPERATORS_BY_TYPE[attribute.type],
    ...(attribute.values ? { values: attribute.values } : {}),
  };
}

export function catalogue(attributes: DiscoveredAttribute[]): { fields: CatalogueField[] } {
  return { fields: [...standardFields(), ...attributes.map(attributeField)] };
}
