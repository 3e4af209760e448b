import {
  CAMPAIGN_STATUS_LABELS,
  CHANNEL_LABELS as CHANNEL_WORDS,
  labelOf,
  OBJECTIVE_LABELS as OBJECTIVE_WORDS,
} from '../../reports/french-labels';

export { labelOf };

/** The reports' French words (also those of the printed bilan), capitalised as a page's cells and badges read them. */
function capitalised<K extends string>(labels: Record<K, string>): Record<K, string> {
  return Object.fromEntries(
    Object.entries<string>(labels).map(([key, label]) => [key, label.charAt(0).toUpperCase() + label.slice(1)]),
  ) as Record<K, string>;
}

export const STATUS_LABELS = capitalised(CAMPAIGN_STATUS_LABELS);
export const OBJECTIVE_LABELS = capitalised(OBJECTIVE_WORDS);
export const CHANNEL_LABELS = capitalised(CHANNEL_WORDS);

/** A step's own progress (campaign_steps.status). */
export const STEP_STATUS_LABELS: Record<string, string> = {
  pending: 'à venir',
  planned: 'en envoi',
  dispatching: 'en envoi',
  dispatched: 'envoyée',
  cancelled: 'annulée',
};

export const LIFECYCLE_LABELS: Record<string, string> = {
  acquisition: 'Acquisition',
  development: 'Développement',
  retention: 'Fidélité',
  decline: 'Déclin',
  unknown: 'Non calculé',
};

export const VALUE_TIER_LABELS: Record<string, string> = {
  top: 'Meilleurs clients',
  core: 'Clients réguliers',
  tail: 'Petits clients',
  unknown: 'Non calculé',
};

export const DIMENSION_LABELS = {
  lifecycle: 'Étape du cycle de vie',
  value_tier: 'Niveau de valeur',
  region: 'Région',
} as const;
